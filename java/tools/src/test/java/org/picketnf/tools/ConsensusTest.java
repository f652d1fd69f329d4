package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.io.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fusion on hand-placed points (groups and means computed by hand), the agreement model on data drawn from known
 * rates (it must recover them), and the command end to end on a case whose answer is known by construction.
 */
class ConsensusTest {
    @TempDir
    Path dir;

    static double[] p(double x, double y, double z) {
        return new double[] {x, y, z};
    }

    @Test
    void fusionJoinsWithinRadiusAndUpdatesTheMean() {
        // A: (0,0,0), (10,0,0); B: (1,0,0), (30,0,0); C: (2,0,0). Radius 2.
        // A opens G0 (0,0,0) and G1 (10,0,0); B's (1,0,0) joins G0 (distance 1) -> mean (0.5,0,0); (30,0,0) opens G2;
        // C's (2,0,0) is 1.5 from G0's mean -> joins, mean (1,0,0).
        List<Fusion.Group> g = Fusion.fuse(List.of(List.of(p(0, 0, 0), p(10, 0, 0)), List.of(p(1, 0, 0), p(30, 0, 0)),
                List.of(p(2, 0, 0))), 2.0);
        assertEquals(3, g.size());
        assertEquals(1.0, g.get(0).x(), 1e-12);
        assertArrayEquals(new int[] {0, 0, 0}, g.get(0).member());
        assertEquals(3, g.get(0).support());
        assertArrayEquals(new int[] {1, -1, -1}, g.get(1).member());
        assertArrayEquals(new int[] {-1, 1, -1}, g.get(2).member());
        assertEquals(30.0, g.get(2).x(), 1e-12);
    }

    @Test
    void fusionIsOneToOneClosestFirst() {
        // two particles of B both within 2 of A's (0,0,0): the closer (-0.5) joins, the other (1.5) opens a group;
        // a point exactly at the radius joins (<=), one just beyond does not
        List<Fusion.Group> g = Fusion.fuse(List.of(List.of(p(0, 0, 0), p(20, 0, 0), p(40, 0, 0)),
                List.of(p(1.5, 0, 0), p(-0.5, 0, 0), p(22, 0, 0), p(42.001, 0, 0))), 2.0);
        assertEquals(5, g.size());
        assertArrayEquals(new int[] {0, 1}, g.get(0).member());
        assertArrayEquals(new int[] {1, 2}, g.get(1).member());
        assertArrayEquals(new int[] {2, -1}, g.get(2).member());
        assertArrayEquals(new int[] {-1, 0}, g.get(3).member());
        assertArrayEquals(new int[] {-1, 3}, g.get(4).member());
        assertEquals(-0.25, g.get(0).x(), 1e-12);
    }

    @Test
    void fusionTieGoesToTheLowerIndexAndDoesNotDependOnGridCells() {
        // B's (5,0,0) is 5 from both A points: it joins the first (index 0); the grid's cell size is the radius,
        // points on both sides of cell borders are found
        List<Fusion.Group> g = Fusion.fuse(List.of(List.of(p(0, 0, 0), p(10, 0, 0)), List.of(p(5, 0, 0))), 5.0);
        assertArrayEquals(new int[] {0, 0}, g.get(0).member());
        assertArrayEquals(new int[] {1, -1}, g.get(1).member());
        List<Fusion.Group> h = Fusion.fuse(List.of(List.of(p(-0.1, -0.1, -0.1)), List.of(p(0.1, 0.1, 0.1))), 0.5);
        assertEquals(1, h.size());
    }

    /** Memberships drawn from a two-class model with known rates; EM must find them again. */
    @Test
    void agreementRecoversTheRatesItWasDrawnFrom() {
        double[] recall = {0.95, 0.85, 0.7, 0.9, 0.6, 0.8};
        double[] falseRate = {0.05, 0.2, 0.1, 0.3, 0.02, 0.15};
        double prior = 0.4;
        int n = 20000;
        Random rnd = new Random(42);
        List<Fusion.Group> groups = new ArrayList<>();
        boolean[] truth = new boolean[n];
        while (groups.size() < n) {
            boolean t = rnd.nextDouble() < prior;
            int[] m = new int[6];
            int s = 0;
            for (int j = 0; j < 6; j++) {
                m[j] = rnd.nextDouble() < (t ? recall[j] : falseRate[j]) ? 0 : -1;
                s += m[j] >= 0 ? 1 : 0;
            }
            // groups no set found are kept: the fusion never makes them, but the model is defined for them, and
            // leaving them out would make the sets dependent given "not a particle" (conditioning on support >= 1)
            truth[groups.size()] = t;
            groups.add(new Fusion.Group(0, 0, 0, m));
        }
        Agreement.Fit f = Agreement.fit(groups, 6, 0.0);
        assertEquals(prior, f.prior(), 0.02);
        for (int j = 0; j < 6; j++) {
            assertEquals(recall[j], f.recall()[j], 0.02, "recall of set " + j);
            assertEquals(falseRate[j], f.falseRate()[j], 0.02, "false rate of set " + j);
        }
        int right = 0;
        for (int g = 0; g < n; g++) {
            right += (f.posterior()[g] >= 0.5) == truth[g] ? 1 : 0;
        }
        assertTrue(right > 0.9 * n, "posterior classifies " + right + " of " + n);
    }

    @Test
    void agreementPosteriorGrowsWithSupportWhenSetsAreAlike() {
        List<Fusion.Group> groups = new ArrayList<>();
        for (int s = 1; s <= 6; s++) {
            for (int c = 0; c < 10; c++) {
                int[] m = new int[6];
                for (int j = 0; j < 6; j++) {
                    m[j] = (j + c) % 6 < s ? 0 : -1;
                }
                groups.add(new Fusion.Group(0, 0, 0, m));
            }
        }
        Agreement.Fit f = Agreement.fit(groups, 6, Agreement.PSEUDO_COUNT);
        for (int g = 10; g < groups.size(); g++) {
            if (g % 10 == 0) {
                assertTrue(f.posterior()[g] > f.posterior()[g - 10], "support " + (g / 10 + 1));
            }
        }
    }

    static Fusion.Group grp(double x, int... sets) {
        int[] m = {-1, -1, -1, -1, -1};
        for (int j : sets) {
            m[j] = 0;
        }
        return new Fusion.Group(x, 0, 0, m);
    }

    /**
     * Exclusion at 8 voxels, by hand. G0 (0), G1 (10) found by two sets each, G2 (5) between them by three: G2 is
     * within 8 of both (5 < 8), G0 and G1 are 10 apart, so G2 has two conflicts and goes first although more sets
     * found it; then G0 and G1 conflict with nothing. G3 (30) is not a candidate: it neither stays nor makes G4 (33)
     * go. G5 (50) and G6 (58) are exactly 8 apart: no conflict (closer than, not at).
     */
    @Test
    void exclusionDropsTheCentroidBetweenTwoParticlesFirst() {
        List<Fusion.Group> g = List.of(grp(0, 0, 1), grp(10, 0, 1), grp(5, 2, 3, 4), grp(30, 0, 1, 2),
                grp(33, 3, 4), grp(50, 0), grp(58, 1));
        boolean[] cand = {true, true, true, false, true, true, true};
        double[] conf = {0.9, 0.9, 1.0, 0.2, 0.7, 0.6, 0.6};
        assertArrayEquals(new boolean[] {true, true, false, false, true, true, true},
                Fusion.exclude(g, cand, conf, 8.0));
    }

    /**
     * Pairs that conflict only with each other, by hand (distance 8): lower support goes even at a higher confidence
     * (P 3 sets 0.9 stays, Q 2 sets 0.99 goes); at equal support the lower confidence (R 0.6 goes, S 0.8 stays); at
     * equal both the later group (V goes). A chain A-B-C-D 6 apart, all alike: B and C have two conflicts each, the
     * later (C) goes; then A and B conflict, the later (B) goes; A and D stay.
     */
    @Test
    void exclusionTiesGoToSupportThenConfidenceThenOrder() {
        List<Fusion.Group> g = List.of(grp(100, 0, 1, 2), grp(103, 3, 4), grp(200, 0, 1), grp(204, 2, 3),
                grp(300, 0, 1), grp(302, 2, 3), grp(400, 0, 1), grp(406, 0, 1), grp(412, 0, 1), grp(418, 0, 1));
        boolean[] cand = new boolean[g.size()];
        java.util.Arrays.fill(cand, true);
        double[] conf = {0.9, 0.99, 0.6, 0.8, 0.7, 0.7, 1, 1, 1, 1};
        assertArrayEquals(new boolean[] {true, false, false, true, true, false, true, false, false, true},
                Fusion.exclude(g, cand, conf, 8.0));
    }

    /**
     * End to end: 30 particles 40 apart found by all six sets, three far points of its own per set (noise), and two
     * particles 10 apart (x 2000 and 2010) that sets 2-5 find apart while sets 0-3 put one centroid between them
     * (2005). Match radius 3, so the exclusion distance is 6: the centroid is 5 from both and goes, the two particles
     * (10 apart) stay. Without the exclusion all three groups would be kept (each has confidence >= 0.5: the model
     * sees reliable sets). The provenance records the distance and the one group dropped.
     */
    @Test
    void aCentroidBetweenTwoKeptParticlesIsNotAParticle() throws IOException {
        for (int s = 0; s < 6; s++) {
            List<double[]> ps = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ps.add(p(40 * i, 0, 0));
            }
            if (s <= 3) {
                ps.add(p(2005, 0, 0));
            }
            if (s >= 2) {
                ps.add(p(2000, 0, 0));
                ps.add(p(2010, 0, 0));
            }
            for (int i = 0; i < 3; i++) {
                ps.add(p(3000 + 100 * s, 100 * i, 0));
            }
            write(dir.resolve("in"), "set" + s + ".csv", ps);
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> args = new ArrayList<>(List.of("consensus", "--id", "x", "--out-dir", out.toString(),
                "--match-radius", "3"));
        for (int s = 0; s < 6; s++) {
            args.add(dir.resolve("in").resolve("set" + s + ".csv").toString());
        }
        ToolRun r = ToolRun.of(args.toArray(new String[0]));
        assertEquals(0, r.rc(), r.err());
        List<String> cand = Files.readAllLines(out.resolve("x_consensus_candidates.csv"));
        int seen = 0;
        for (String l : cand.subList(1, cand.size())) {
            String[] c = l.split(",");
            double x = Double.parseDouble(c[0]);
            if (x > 1990 && x < 2020) {
                seen++;
                assertTrue(Double.parseDouble(c[3]) >= 0.5, l);
                assertEquals(x == 2005 ? "0" : "1", c[c.length - 1], l);
            }
        }
        assertEquals(3, seen);
        List<String> csv = Files.readAllLines(out.resolve("x_consensus.csv"));
        assertEquals(1 + 32, csv.size(), String.join("\n", csv));
        assertTrue(csv.stream().noneMatch(l -> l.startsWith("2005.000,")));
        JsonNode prov = Json.mapper().readTree(out.resolve("x_consensus.json").toFile());
        assertEquals(6.0, prov.at("/rule/exclusion_distance_vox").asDouble(), 1e-12);
        assertEquals(32, prov.get("particles").asInt());
        assertEquals(1, prov.get("excluded").asInt());
    }

    static Path write(Path d, String name, List<double[]> ps) throws IOException {
        StringBuilder sb = new StringBuilder("x,y,z,voxels\n");
        for (double[] q : ps) {
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,100%n", q[0], q[1], q[2]));
        }
        Files.createDirectories(d);
        return Files.writeString(d.resolve(name), sb);
    }

    static final String[] SEGS = {"ffts_kmeans", "ffts_gmm", "gabor_kmeans", "gabor_gmm", "intensities_kmeans",
        "intensities_gmm"};

    /**
     * 40 particles on a grid 20 voxels apart; each of the six watershed sets finds every one but those with
     * {@code (i + s) % 6 == 0} (so each particle is found by 5 of 6), jittered by up to 1 voxel, plus 8 points of its
     * own far from everything (found by one set each). Provenance: diameter 8, so the match radius is 4. The
     * consensus must be the 40 particles; a connected-components set full of other points must not count by
     * default.
     */
    Path knownCase() throws IOException {
        Path in = dir.resolve("in");
        Random rnd = new Random(3);
        for (int s = 0; s < 6; s++) {
            List<double[]> ps = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                if ((i + s) % 6 != 0) {
                    ps.add(p(10 + 20 * (i % 5) + rnd.nextDouble() - 0.5, 10 + 20 * ((i / 5) % 4) + rnd.nextDouble()
                            - 0.5, 10 + 20 * (i / 20) + rnd.nextDouble() - 0.5));
                }
            }
            for (int i = 0; i < 8; i++) {
                ps.add(p(200 + 20 * s, 20 * i, 0));
            }
            write(in, "t1_" + SEGS[s] + "_watershed_segmentation.csv", ps);
            Files.writeString(in.resolve("t1_" + SEGS[s] + "_watershed_segmentation.json"),
                    "{\"particle_size\": {\"diameter_vox\": 8.0, \"estimated\": true}}");
        }
        List<double[]> cc = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            cc.add(p(500, 10 * i, 0));
        }
        write(in, "t1_ffts_kmeans_connected_component_labeling.csv", cc);
        return in;
    }

    @Test
    void commandKeepsWhatMostSetsFoundAndWritesEveryFormat() throws IOException {
        Path in = knownCase();
        Path out = Files.createDirectories(dir.resolve("out"));
        ToolRun r = ToolRun.of("consensus", "--out-dir", out.toString(), in.toString());
        assertEquals(0, r.rc(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("t1_consensus.csv"));
        assertEquals(ConsensusOutputs.CSV_HEADER, csv.get(0));
        assertEquals(41, csv.size(), String.join("\n", csv));
        for (String l : csv.subList(1, csv.size())) {
            String[] c = l.split(",");
            double x = Double.parseDouble(c[0]);
            assertTrue(x < 100, l);   // on the grid, not the far single-set points
            assertEquals("0.833", c[4]);   // support: 5 of 6 sets
            assertEquals("5", c[5]);
            assertEquals(5, c[6].split(";").length);
            assertTrue(Double.parseDouble(c[3]) >= 0.5);
        }
        assertEquals(41 + 48, Files.readAllLines(out.resolve("t1_consensus_candidates.csv")).size());
        JsonNode prov = Json.mapper().readTree(out.resolve("t1_consensus.json").toFile());
        assertEquals(4.0, prov.at("/rule/match_radius_vox").asDouble(), 1e-12);
        assertEquals(6, prov.get("sets").size());
        assertEquals(40, prov.get("particles").asInt());
        assertEquals(48, prov.at("/groups_by_support/1").asInt());
        assertEquals(40, prov.at("/kept_by_support/5").asInt());
        String star = Files.readString(out.resolve("t1_consensus.star"));
        assertTrue(star.contains("_rlnAutopickFigureOfMerit #5"), star);
        assertEquals(40, star.lines().filter(l -> l.startsWith("t1 ")).count());
        assertEquals(40, Files.readAllLines(out.resolve("t1_consensus.ndjson")).size());
        assertTrue(Files.readString(out.resolve("t1_consensus.yaml")).contains("method: consensus"));
        // the same input gives the same bytes
        Path out2 = Files.createDirectories(dir.resolve("out2"));
        assertEquals(0, ToolRun.of("consensus", "--out-dir", out2.toString(), in.toString()).rc());
        for (String f : new String[] {"t1_consensus.csv", "t1_consensus.star", "t1_consensus.json",
            "t1_consensus_candidates.csv", "t1_consensus.yaml", "t1_consensus.ndjson"}) {
            assertArrayEquals(Files.readAllBytes(out.resolve(f)), Files.readAllBytes(out2.resolve(f)), f);
        }
    }

    private static List<String> listing(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The six files are a set: the second output path is a directory (exit 2, one line naming it, nothing written);
     * the third's temporary file cannot be written (the two temporary files written before it are removed, no
     * output appears).
     */
    @Test
    void anOutputThatCannotBeWrittenLeavesNoneOfTheSet() throws IOException {
        Path in = knownCase();
        Path out = Files.createDirectories(dir.resolve("out"));
        Path second = Files.createDirectories(out.resolve("t1_consensus_candidates.csv"));
        ToolRun r = ToolRun.of("consensus", "--out-dir", out.toString(), in.toString());
        assertEquals(2, r.rc(), r.err());
        assertTrue(r.oneErrorLine() && r.err().contains(second.toString()), r.err());
        assertEquals(List.of("t1_consensus_candidates.csv"), listing(out));
        assertEquals(List.of(), listing(second));

        Path out2 = Files.createDirectories(dir.resolve("out2"));
        Files.createDirectories(out2.resolve(".t1_consensus.star.part"));
        r = ToolRun.of("consensus", "--out-dir", out2.toString(), in.toString());
        assertEquals(2, r.rc(), r.err());
        assertTrue(r.oneErrorLine() && r.err().contains(out2.resolve("t1_consensus.star").toString()), r.err());
        assertEquals(List.of(".t1_consensus.star.part"), listing(out2));

        // with the obstacles gone, the whole set, and nothing else
        Files.delete(second);
        assertEquals(0, ToolRun.of("consensus", "--out-dir", out.toString(), in.toString()).rc());
        assertEquals(List.of("t1_consensus.csv", "t1_consensus.json", "t1_consensus.ndjson", "t1_consensus.star",
                "t1_consensus.yaml", "t1_consensus_candidates.csv"), listing(out));
    }

    @Test
    void allSetsIncludeConnectedComponentsAndAnExplicitRadiusWins() throws IOException {
        Path in = knownCase();
        Path out = Files.createDirectories(dir.resolve("out"));
        ToolRun r = ToolRun.of("consensus", "--out-dir", out.toString(), "--sets", "all", "--match-radius", "3",
                in.toString());
        assertEquals(0, r.rc(), r.err());
        JsonNode prov = Json.mapper().readTree(out.resolve("t1_consensus.json").toFile());
        assertEquals(7, prov.get("sets").size());
        assertEquals(3.0, prov.at("/rule/match_radius_vox").asDouble(), 1e-12);
        assertEquals("--match-radius", prov.at("/rule/match_radius_from").asText());
    }

    /** Without provenance the radius is half the 10th percentile of the within-set spacing: a grid 20 apart -> 10. */
    @Test
    void withoutProvenanceTheRadiusComesFromTheSpacing() throws IOException {
        List<double[]> g = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            g.add(p(20 * i, 0, 0));
        }
        Path a = write(dir, "a.csv", g);
        Path b = write(dir, "b.csv", g);
        Path out = Files.createDirectories(dir.resolve("out"));
        ToolRun r = ToolRun.of("consensus", "--id", "x", "--out-dir", out.toString(), a.toString(), b.toString());
        assertEquals(0, r.rc(), r.err());
        JsonNode prov = Json.mapper().readTree(out.resolve("x_consensus.json").toFile());
        assertEquals(10.0, prov.at("/rule/match_radius_vox").asDouble(), 1e-12);
        assertTrue(prov.at("/rule/match_radius_from").asText().contains("nearest"));
        assertEquals(10, prov.get("particles").asInt());
    }

    @Test
    void otherFilesNeedAnIdAndBadInputIsOneLineExit2() throws IOException {
        Path a = write(dir, "a.csv", List.of(p(1, 2, 3)));
        Path b = write(dir, "b.csv", List.of(p(1, 2, 3)));
        Path out = Files.createDirectories(dir.resolve("out"));
        ToolRun r = ToolRun.of("consensus", "--out-dir", out.toString(), a.toString(), b.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("--id"), r.err());
        assertFalse(Files.exists(out.resolve("t1_consensus.csv")));
        r = ToolRun.of("consensus", "--out-dir", out.toString(), dir.resolve("missing.csv").toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("missing.csv"), r.err());
        r = ToolRun.of("consensus", "--sets", "some", "--id", "x", a.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("--sets"), r.err());
        r = ToolRun.of("consensus", "--id", "x", "--match-radius", "-1", a.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("--match-radius"), r.err());
        // two identical files with an id: one group found by both, kept
        r = ToolRun.of("consensus", "--id", "x", "--out-dir", out.toString(), "--match-radius", "2", a.toString(),
                b.toString());
        assertEquals(0, r.rc(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("x_consensus.csv"));
        assertEquals("1.000,2.000,3.000", csv.get(1).substring(0, 17));
        assertTrue(csv.get(1).endsWith(",1.000,2,a;b"), csv.get(1));
    }
}
