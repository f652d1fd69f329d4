package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.Geometry;
import org.picketnf.core.Volume;
import org.picketnf.core.io.Json;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;

import com.fasterxml.jackson.databind.JsonNode;

/** Hand-computed scores, the input formats, the Angstrom threshold, and bad input. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private String lastErr = "";

    private JsonNode run(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "evaluate";
        System.arraycopy(args, 0, all, 1, args.length);
        int rc = ToolsMain.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        lastErr = err.toString(StandardCharsets.UTF_8);
        if (rc != 0) {
            return Json.mapper().getNodeFactory().numberNode(rc);
        }
        return Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    private Path csv(String name, double[]... pts) throws IOException {
        StringBuilder sb = new StringBuilder("x,y,z\n");
        for (double[] p : pts) {
            sb.append(p[0]).append(',').append(p[1]).append(',').append(p[2]).append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb);
        return f;
    }

    private static double[] p(double x, double y, double z) {
        return new double[] {x, y, z};
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> s, String k) {
        return (Map<String, Object>) s.get(k);
    }

    /**
     * Truth (0,0,0), (20,0,0), (40,0,0); predictions with a confidence: A at (1,0,0) 0.9, F far away 0.8, B at
     * (20,1,0) 0.6, C at (40,0,2) 0.3. By hand, one-to-one within 5: >= 0.9: 1 of 1 right, recall 1/3; >= 0.8: 1 of 2,
     * 1/3; >= 0.6: 2 of 3, 2/3; >= 0.3: 3 of 4, 1. With --min-score 0.5 the scores are those of A, F, B.
     */
    @Test
    void scoreColumnGivesAPrecisionRecallCurveAndMinScoreFilters() throws Exception {
        Path t = Files.writeString(dir.resolve("t.csv"), "x,y,z\n0,0,0\n20,0,0\n40,0,0\n");
        Path p = Files.writeString(dir.resolve("p.csv"), "x,y,z,confidence\n1,0,0,0.9\n100,100,100,0.8\n"
                + "20,1,0,0.6\n40,0,2,0.3\n");
        ToolRun r = ToolRun.of("evaluate", "--truth", t.toString(), "--pred", p.toString(), "--threshold-voxels", "5",
                "--score-column", "confidence", "--min-score", "0.5");
        assertEquals(0, r.rc(), r.err());
        JsonNode j = Json.mapper().readTree(r.out());
        assertEquals(3, j.get("n_pred").asInt());
        assertEquals(2, j.at("/one_to_one/tp").asInt());
        JsonNode c = j.get("curve");
        assertEquals(4, c.size());
        double[][] want = {{0.9, 1, 1.0, 1 / 3.0}, {0.8, 2, 0.5, 1 / 3.0}, {0.6, 3, 2 / 3.0, 2 / 3.0},
            {0.3, 4, 0.75, 1.0}};
        for (int i = 0; i < 4; i++) {
            assertEquals(want[i][0], c.get(i).get("min_score").asDouble(), 1e-12);
            assertEquals((int) want[i][1], c.get(i).get("n_pred").asInt());
            assertEquals(want[i][2], c.get(i).get("precision").asDouble(), 1e-12);
            assertEquals(want[i][3], c.get(i).get("recall").asDouble(), 1e-12);
        }
        // the same three kept by a 0/1 column
        Path k = Files.writeString(dir.resolve("k.csv"), "x,y,z,confidence,kept\n1,0,0,0.9,1\n100,100,100,0.8,1\n"
                + "20,1,0,0.6,1\n40,0,2,0.3,0\n");
        r = ToolRun.of("evaluate", "--truth", t.toString(), "--pred", k.toString(), "--threshold-voxels", "5",
                "--score-column", "confidence", "--keep-column", "kept");
        assertEquals(0, r.rc(), r.err());
        assertEquals(3, Json.mapper().readTree(r.out()).get("n_pred").asInt());
        assertEquals(4, Json.mapper().readTree(r.out()).get("curve").size());
        r = ToolRun.of("evaluate", "--truth", t.toString(), "--pred", p.toString(), "--threshold-voxels", "5",
                "--score-column", "nope");
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("nope") && r.err().contains("p.csv"), r.err());
    }

    /**
     * Truth (0,0,0) and (10,0,0); predictions A (1,0,0) score 0.9, B (10,2,0) 0.4, C (50,0,0) 0.7; threshold 3.
     * Pairs by hand: A-0 at 1, B-1 at 2, C none. Kept at >= 0.5: A, C; at >= 0.4 all three, in prediction order.
     */
    @Test
    void candidatesAtLeastAScoreKeepThosePredictionsPairsInOrder() {
        Matching.Candidates all = Matching.candidates(List.of(p(1, 0, 0), p(10, 2, 0), p(50, 0, 0)),
                List.of(p(0, 0, 0), p(10, 0, 0)), 3);
        double[] score = {0.9, 0.4, 0.7};
        Matching.Candidates c = all.atLeast(score, 0.5);
        assertEquals(2, c.truthOf().length);
        assertArrayEquals(new int[] {0}, c.truthOf()[0]);
        assertArrayEquals(new double[] {1.0}, c.distOf()[0]);
        assertArrayEquals(new int[0], c.truthOf()[1]);
        c = all.atLeast(score, 0.4);
        assertArrayEquals(new int[] {1}, c.truthOf()[1]);
        assertArrayEquals(new double[] {2.0}, c.distOf()[1]);
        assertEquals(1, Matching.oneToOne(all.atLeast(score, 0.5), 2).tp());
        assertEquals(2, Matching.oneToOne(all.atLeast(score, 0.4), 2).tp());
        assertEquals(0, all.atLeast(score, 0.95).truthOf().length);
    }

    /**
     * 60 predictions with scores k/100 (k = 1..60): even k on its own truth point (30 truth points 20 voxels apart),
     * odd k far from all. 60 distinct scores -> 51 levels, t[round(i * 59 / 50)] for i = 0..50, highest first; at
     * level k/100 the predictions k..60 are kept, 61 - k of them, and the even ones among them are matched.
     */
    @Test
    void curveOverMoreThan51ScoresSamplesLevelsByRank() {
        List<double[]> pred = new ArrayList<>();
        List<double[]> truth = new ArrayList<>();
        double[] score = new double[60];
        for (int k = 1; k <= 60; k++) {
            score[k - 1] = k / 100.0;
            pred.add(k % 2 == 0 ? p(20 * k, 0, 0) : p(20 * k, 500, 0));
            if (k % 2 == 0) {
                truth.add(p(20 * k + 1, 0, 0));
            }
        }
        List<Map<String, Object>> c = EvaluateCommand.curve(pred, score, truth, 2);
        assertEquals(51, c.size());
        for (int i = 0; i < 51; i++) {
            int k = (int) Math.round(i * 59.0 / 50) + 1; // ascending rank i -> score k/100
            Map<String, Object> row = c.get(50 - i);
            assertEquals(k / 100.0, (double) row.get("min_score"), 0.0);
            int n = 61 - k;
            int tp = 30 - (k - 1) / 2; // even numbers in k..60
            assertEquals(n, row.get("n_pred"));
            assertEquals(tp, row.get("tp"));
            assertEquals((double) tp / n, (double) row.get("precision"), 1e-15);
            assertEquals(tp / 30.0, (double) row.get("recall"), 1e-15);
        }
    }

    @Test
    void distanceEqualToTheThresholdMatches() {
        List<double[]> pred = List.of(p(0, 0, 0));
        List<double[]> truth = List.of(p(3, 4, 0));
        assertEquals(1.0, part(EvaluateCommand.score(pred, truth, 5), "lenient").get("f1"));
        assertEquals(1, part(EvaluateCommand.score(pred, truth, 5), "one_to_one").get("tp"));
        assertEquals(0.0, part(EvaluateCommand.score(pred, truth, 4), "lenient").get("f1"));
    }

    @Test
    void duplicatePredictionsCountTwiceLenientlyOnceOneToOne() {
        List<double[]> pred = List.of(p(10, 10, 10), p(10, 10, 10));
        List<double[]> truth = List.of(p(11, 10, 10));
        Map<String, Object> s = EvaluateCommand.score(pred, truth, 2);
        assertEquals(1.0, part(s, "lenient").get("precision"));
        assertEquals(1.0, part(s, "lenient").get("recall"));
        assertEquals(1.0, part(s, "lenient").get("f1"));
        assertEquals(1, part(s, "one_to_one").get("tp"));
        assertEquals(0.5, part(s, "one_to_one").get("precision"));
        assertEquals(1.0, part(s, "one_to_one").get("recall"));
        assertEquals(2.0 / 3, (double) part(s, "one_to_one").get("f1"), 1e-15);
        assertEquals(0.667, part(s, "one_to_one").get("f1_3dp"));
    }

    @Test
    void onePredictionBetweenTwoTruthsFindsBothLenientlyOneOneToOne() {
        Map<String, Object> s = EvaluateCommand.score(List.of(p(10, 10, 10)),
                List.of(p(8, 10, 10), p(12, 10, 10)), 2);
        assertEquals(1.0, part(s, "lenient").get("recall"));
        assertEquals(1, part(s, "lenient").get("tp_pred"));
        assertEquals(2, part(s, "lenient").get("tp_true"));
        assertEquals(0.5, part(s, "one_to_one").get("recall"));
        assertEquals(1.0, part(s, "one_to_one").get("precision"));
    }

    @Test
    void oneToOneIsAMaximumMatchingNotGreedy() {
        // greedy nearest pairing p1-t1 would leave p2 alone; the maximum matching is p1-t2, p2-t1
        List<double[]> truth = List.of(p(0, 0, 0), p(4, 0, 0));
        List<double[]> pred = List.of(p(1, 0, 0), p(-2, 0, 0));
        Matching.Candidates c = Matching.candidates(pred, truth, 3);
        Matching.OneToOne o = Matching.oneToOne(c, truth.size());
        assertEquals(2, o.tp());
        assertArrayEquals(new int[] {0, 1}, o.pairs()[0]);
        assertArrayEquals(new int[] {1, 0}, o.pairs()[1]);
        assertEquals(5.0, o.totalDistance(), 1e-12);
    }

    @Test
    void oneToOneMinimisesTotalDistance() {
        List<double[]> truth = List.of(p(0.2, 0, 0), p(1.1, 0, 0));
        List<double[]> pred = List.of(p(0, 0, 0), p(1, 0, 0));
        Matching.OneToOne o = Matching.oneToOne(Matching.candidates(pred, truth, 5), 2);
        assertEquals(2, o.tp());
        assertArrayEquals(new int[] {0, 0}, o.pairs()[0]);
        assertArrayEquals(new int[] {1, 1}, o.pairs()[1]);
        assertEquals(0.3, o.totalDistance(), 1e-12);
    }

    @Test
    void emptySetsScoreZero() {
        Map<String, Object> s = EvaluateCommand.score(List.of(), List.of(p(1, 2, 3)), 5);
        assertEquals(0.0, part(s, "lenient").get("f1"));
        assertEquals(0.0, part(s, "one_to_one").get("precision"));
        s = EvaluateCommand.score(List.of(p(1, 2, 3)), List.of(), 5);
        assertEquals(0.0, part(s, "lenient").get("recall"));
        assertEquals(0, part(s, "one_to_one").get("tp"));
    }

    /** Brute force over all matchings of small random sets: same size, same least total distance. */
    @Test
    void agreesWithBruteForceOnRandomSmallSets() {
        Random r = new Random(12);
        for (int trial = 0; trial < 300; trial++) {
            int np = r.nextInt(7);
            int nt = r.nextInt(7);
            List<double[]> pred = new ArrayList<>();
            List<double[]> truth = new ArrayList<>();
            for (int i = 0; i < np; i++) {
                pred.add(p(r.nextInt(8), r.nextInt(8), r.nextInt(3)));
            }
            for (int j = 0; j < nt; j++) {
                truth.add(p(r.nextInt(8), r.nextInt(8), r.nextInt(3)));
            }
            double t = 1 + r.nextInt(4);
            Matching.OneToOne o = Matching.oneToOne(Matching.candidates(pred, truth, t), nt);
            double[] best = {0, 0}; // size, -cost
            brute(pred, truth, t, 0, new boolean[nt], 0, 0, best);
            assertEquals((int) best[0], o.tp(), "trial " + trial);
            assertEquals(-best[1], o.totalDistance(), 1e-9, "trial " + trial);
        }
    }

    private static void brute(List<double[]> pred, List<double[]> truth, double t, int i, boolean[] used, int size,
                              double cost, double[] best) {
        if (i == pred.size()) {
            if (size > best[0] || size == best[0] && -cost > best[1]) {
                best[0] = size;
                best[1] = -cost;
            }
            return;
        }
        brute(pred, truth, t, i + 1, used, size, cost, best);
        for (int j = 0; j < truth.size(); j++) {
            double[] a = pred.get(i);
            double[] b = truth.get(j);
            double d = Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
                    + (a[2] - b[2]) * (a[2] - b[2]));
            if (!used[j] && d <= t) {
                used[j] = true;
                brute(pred, truth, t, i + 1, used, size + 1, cost + d, best);
                used[j] = false;
            }
        }
    }

    @Test
    void angstromThresholdRoundsHalfToEven() throws IOException {
        Path a = csv("a.csv", p(0, 0, 0));
        Path b = csv("b.csv", p(3, 0, 0));
        JsonNode j = run("--truth", a.toString(), "--pred", b.toString(), "--threshold-angstrom", "25",
                "--voxel-size", "10");
        assertEquals(2, j.get("threshold_voxels").asInt(), lastErr);
        assertEquals(0.0, j.get("lenient").get("f1").asDouble());
        j = run("--truth", a.toString(), "--pred", b.toString(), "--threshold-angstrom", "35", "--voxel-size", "10");
        assertEquals(4, j.get("threshold_voxels").asInt());
        assertEquals(1.0, j.get("lenient").get("f1").asDouble());
        // the largest of three voxel sizes; 100 / 10.2 = 9.8 -> 10 as in the paper's TomoTwin setting
        j = run("--truth", a.toString(), "--pred", b.toString(), "--threshold-angstrom", "100", "--voxel-size",
                "10.2,9,10");
        assertEquals(10, j.get("threshold_voxels").asInt());
        assertEquals(10.2, j.get("voxel_size_angstrom").asDouble());
        Path tomo = dir.resolve("t.mrc");
        MrcWriter.write(tomo, Volume.zeros(4, 4, 4, new Geometry(10, 10, 12.5, 0, 0, 0)), MrcMode.FLOAT32);
        j = run("--truth", a.toString(), "--pred", b.toString(), "--threshold-angstrom", "31.25", "--tomogram",
                tomo.toString());
        assertEquals(2, j.get("threshold_voxels").asInt(), lastErr); // 31.25 / 12.5 = 2.5 -> 2
        assertEquals(4, EvaluateCommand.voxelThreshold(35, 10));
        assertEquals(2, EvaluateCommand.voxelThreshold(25, 10));
        assertEquals(6, EvaluateCommand.voxelThreshold(55, 10));
    }

    @Test
    void readsEveryFormat() throws IOException {
        List<double[]> want = List.of(p(34, 16, 64), p(63.5, 72, 21), p(45, 17, 81.25));
        Files.writeString(dir.resolve("ours.csv"), "x,y,z,voxels\n34.000,16.000,64.000,10\n63.500,72.000,21.000,3\n"
                + "45.000,17.000,81.250,1\n");
        Files.writeString(dir.resolve("deepfinder.csv"), "class_label,x,y,z\n1,34,16,64\n2,63.5,72,21\n"
                + "1,45,17,81.25\n");
        Files.writeString(dir.resolve("sim.csv"), "x,y,z,radius_vox,class\n34,16,64,5.0,sphere\n"
                + "63.5,72,21,4.0,ellipsoid\n45,17,81.25,3.0,blobs\n");
        Files.writeString(dir.resolve("p.star"), "\n# version 50001\n\ndata_particles\n\nloop_\n"
                + "_rlnTomoName #1\n_rlnCoordinateX #2\n_rlnCoordinateY #3\n_rlnCoordinateZ #4\n"
                + "TS_01 34.000 16.000 64.000\nTS_01 63.500 72.000 21.000\nTS_01 45.000 17.000 81.250\n\n");
        Files.writeString(dir.resolve("relion.star"), "data_optics\n\nloop_\n_rlnOpticsGroup #1\n1\n\n"
                + "data_particles\n\nloop_\n_rlnCoordinateZ #1\n_rlnCoordinateX #2\n_rlnCoordinateY #3\n"
                + "64 34 16\n21 63.5 72\n81.25 45 17\n");
        Files.writeString(dir.resolve("block.yaml"), "Predicted_Particle_Centroid_Coordinates:\n"
                + "- x: 34\n  y: 16\n  z: 64\n- x: 63.5\n  y: 72\n  z: 21\n- z: 81.25\n  x: 45\n  y: 17\n"
                + "metadata:\n  pex_mode: watershed_segmentation\n  tomogram_shape:\n  - 100\n  - 100\n");
        Files.writeString(dir.resolve("flow.yml"), "Predicted_Particle_Centroid_Coordinates: [{x: 34, y: 16, z: 64},\n"
                + "  {x: 63.5, y: 72, z: 21}, {x: 45, y: 17, z: 81.25}]\nmetadata: {}\n");
        Files.writeString(dir.resolve("p.ndjson"), "{\"type\":\"orientedPoint\",\"location\":{\"x\":34,\"y\":16,"
                + "\"z\":64}}\n{\"type\":\"orientedPoint\",\"location\":{\"x\":63.5,\"y\":72,\"z\":21}}\n\n"
                + "{\"location\":{\"z\":81.25,\"y\":17,\"x\":45.0},\"xyz_rotation_matrix\":[[1,0,0],[0,1,0],[0,0,1]]}\n");
        Files.writeString(dir.resolve("sniffed.txt"), Files.readString(dir.resolve("block.yaml")));
        for (String f : new String[] {"ours.csv", "deepfinder.csv", "sim.csv", "p.star", "relion.star", "block.yaml",
            "flow.yml", "p.ndjson", "sniffed.txt"}) {
            List<double[]> got = PointSets.read(dir.resolve(f));
            assertEquals(3, got.size(), f);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(want.get(i), got.get(i), f + " point " + i);
            }
        }
        Files.writeString(dir.resolve("empty.yaml"), "Predicted_Particle_Centroid_Coordinates: []\nmetadata:\n"
                + "  pex_mode: connected_component_labeling\n");
        assertEquals(0, PointSets.read(dir.resolve("empty.yaml")).size());
    }

    private void assertBad(String needle, String... args) throws IOException {
        JsonNode j = run(args);
        assertEquals(2, j.asInt(), lastErr);
        assertEquals(1, lastErr.lines().count(), lastErr);
        assertTrue(lastErr.contains(needle), "'" + needle + "' not in: " + lastErr);
    }

    @Test
    void badInputIsOneLineExit2() throws IOException {
        Path a = csv("a.csv", p(0, 0, 0));
        assertBad("exactly one of", "--truth", a.toString(), "--pred", a.toString());
        assertBad("exactly one of", "--truth", a.toString(), "--pred", a.toString(), "--threshold-voxels", "1",
                "--threshold-angstrom", "10", "--voxel-size", "1");
        assertBad("needs the voxel size", "--truth", a.toString(), "--pred", a.toString(),
                "--threshold-angstrom", "10");
        assertBad("missing.csv: no such file", "--truth", dir.resolve("missing.csv").toString(), "--pred",
                a.toString(), "--threshold-voxels", "5");
        assertBad("--pred is required", "--truth", a.toString(), "--threshold-voxels", "5");
        Path noX = dir.resolve("nox.csv");
        Files.writeString(noX, "a,y,z\n1,2,3\n");
        assertBad("must name columns x, y and z", "--truth", noX.toString(), "--pred", a.toString(),
                "--threshold-voxels", "5");
        Path badNum = dir.resolve("bad.csv");
        Files.writeString(badNum, "x,y,z\n1,2,three\n");
        assertBad("bad.csv: line 2: z 'three'", "--truth", badNum.toString(), "--pred", a.toString(),
                "--threshold-voxels", "5");
        Path noKey = dir.resolve("nokey.yaml");
        Files.writeString(noKey, "coords:\n- x: 1\n");
        assertBad("no top-level key", "--truth", a.toString(), "--pred", noKey.toString(), "--threshold-voxels", "5");
        Path star = dir.resolve("nocoord.star");
        Files.writeString(star, "data_\nloop_\n_rlnTomoName #1\nTS\n");
        assertBad("no STAR loop", "--truth", a.toString(), "--pred", star.toString(), "--threshold-voxels", "5");
        assertBad("--threshold-voxels: must be >= 0", "--truth", a.toString(), "--pred", a.toString(),
                "--threshold-voxels", "-1");
    }

    /**
     * The Kaggle CZII score by hand: truth radius 6 (radius_vox column), hit distance 3. Truth A (0,0,0) has two
     * predictions within 3 (counted once), B (20,0,0) one at 2.9, C (40,0,0) only one at 3.5 (a miss), D (60,0,0)
     * none; a fifth prediction is far from all. TP 2, FP 5 - 2 = 3, FN 4 - 2 = 2; P 0.4, R 0.5,
     * F4 = 17 * 0.4 * 0.5 / (16 * 0.4 + 0.5) = 3.4 / 6.9.
     */
    @Test
    void fbetaAsTheKaggleChallengeScores() throws IOException {
        Path truth = dir.resolve("truth.csv");
        Files.writeString(truth, "x,y,z,radius_vox,class\n0,0,0,6,D\n20,0,0,5,D\n40,0,0,6,D\n60,0,0,7,D\n");
        Path pred = csv("pred.csv", p(1, 0, 0), p(0, 2, 0), p(20, 2.9, 0), p(43.5, 0, 0), p(100, 100, 100));
        JsonNode r = run("--truth", truth.toString(), "--pred", pred.toString(), "--threshold-voxels", "5",
                "--fbeta", "4");
        JsonNode k = r.get("fbeta");
        assertEquals(6.0, k.get("particle_radius_voxels").asDouble());
        assertEquals(3.0, k.get("hit_distance_voxels").asDouble());
        assertEquals(2, k.get("tp").asInt());
        assertEquals(3, k.get("fp").asInt());
        assertEquals(2, k.get("fn").asInt());
        assertEquals(3.4 / 6.9, k.get("fbeta").asDouble(), 1e-12);
        // an explicit radius wins over the column: 8 x 0.5 = 4 reaches C at 3.5
        JsonNode r8 = run("--truth", truth.toString(), "--pred", pred.toString(), "--threshold-voxels", "5",
                "--fbeta", "4", "--particle-radius", "8");
        assertEquals(3, r8.get("fbeta").get("tp").asInt());
        // no radius known: the block is null, the F1 scores are still there
        Path bare = csv("bare.csv", p(0, 0, 0));
        JsonNode rn = run("--truth", bare.toString(), "--pred", pred.toString(), "--threshold-voxels", "5",
                "--fbeta", "4");
        assertTrue(rn.get("fbeta").isNull());
        assertEquals(1, rn.get("one_to_one").get("tp").asInt());
        assertEquals(2, run("--truth", truth.toString(), "--pred", pred.toString(), "--threshold-voxels", "5",
                "--fbeta", "4", "--particle-radius", "-1").asInt());
    }
}
