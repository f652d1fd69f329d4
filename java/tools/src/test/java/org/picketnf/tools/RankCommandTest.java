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

/** Rankings whose answer is obvious by construction, hand-computed scores, determinism and bad input. */
class RankCommandTest {
    @TempDir
    Path dir;

    /** 27 particles on a 3x3x3 grid, 25 voxels apart, each of {@code size} voxels. */
    static List<double[]> grid(double size) {
        List<double[]> g = new ArrayList<>();
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    g.add(new double[] {20 + 25 * x, 20 + 25 * y, 20 + 25 * z, size});
                }
            }
        }
        return g;
    }

    Path write(Path d, String name, List<double[]> ps) throws IOException {
        StringBuilder sb = new StringBuilder("x,y,z,voxels\n");
        for (double[] p : ps) {
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%d%n", p[0], p[1], p[2], (long) p[3]));
        }
        Files.createDirectories(d);
        Path f = d.resolve(name);
        Files.writeString(f, sb);
        return f;
    }

    /** Three copies of the grid, the grid with every other particle missing, and random points far from it. */
    Path obviousCase(Path d) throws IOException {
        write(d, "t_ffts_kmeans_watershed_segmentation.csv", grid(500));
        write(d, "t_gabor_gmm_watershed_segmentation.csv", grid(500));
        write(d, "t_intensities_gmm_watershed_segmentation.csv", grid(500));
        List<double[]> half = new ArrayList<>();
        List<double[]> g = grid(500);
        for (int i = 0; i < g.size(); i += 2) {
            half.add(g.get(i));
        }
        write(d, "t_ffts_gmm_watershed_segmentation.csv", half);
        Random rnd = new Random(7);
        List<double[]> noise = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            // half-way between grid points in every axis: 12.5 * sqrt(3) > 21 voxels from any of them
            noise.add(new double[] {7.5 + 25 * rnd.nextInt(3), 7.5 + 25 * rnd.nextInt(3), 7.5 + 25 * rnd.nextInt(3),
                    20 + rnd.nextInt(3000)});
        }
        write(d, "t_gabor_kmeans_connected_component_labeling.csv", noise);
        return d;
    }

    @Test
    void identicalSetsFirstHalfSetNextRandomSetLast() throws IOException {
        Path in = obviousCase(dir.resolve("in"));
        ToolRun r = ToolRun.of("rank", "--out-dir", dir.toString(), "--match-radius", "5", in.toString());
        assertEquals(0, r.rc(), r.err());
        JsonNode j = Json.mapper().readTree(dir.resolve("t_ranking.json").toFile());
        List<String> order = new ArrayList<>();
        for (JsonNode w : j.get("workflows")) {
            order.add(w.get("workflow").asText());
        }
        // ties among the identical sets go by name
        assertEquals(List.of("ffts_kmeans_watershed_segmentation", "gabor_gmm_watershed_segmentation",
                "intensities_gmm_watershed_segmentation", "ffts_gmm_watershed_segmentation",
                "gabor_kmeans_connected_component_labeling"), order);
        // hand-computed: a full copy agrees fully with the 2 other copies, 2*14/(27+14) with the half set, 0 with
        // the noise, and its sizes are all equal (CV 0, consistency 1)
        double halfF1 = 2.0 * 14 / (27 + 14);
        JsonNode top = j.get("workflows").get(0);
        assertEquals((2 + halfF1) / 4, top.get("consensus_f1").asDouble(), 1e-12);
        assertEquals(0.0, top.get("size_cv").asDouble(), 1e-12);
        assertEquals((2 + halfF1) / 4, top.get("score").asDouble(), 1e-12);
        JsonNode halfRow = j.get("workflows").get(3);
        assertEquals(3 * halfF1 / 4, halfRow.get("consensus_f1").asDouble(), 1e-12);
        JsonNode last = j.get("workflows").get(4);
        assertEquals(0.0, last.get("consensus_f1").asDouble(), 1e-12);
        assertEquals(0.0, last.get("score").asDouble(), 1e-12);
        assertEquals(5, last.get("rank").asInt());
        String csv = Files.readString(dir.resolve("t_ranking.csv"));
        assertTrue(csv.startsWith("rank,workflow,mode,clusterer,method,particles,score,consensus_f1,"), csv);
        assertTrue(csv.contains("\n5,gabor_kmeans_connected_component_labeling,gabor,kmeans,"
                + "connected_component_labeling,27,0.0000,0.0000,"), csv);
    }

    @Test
    void automaticRadiusIsTheEquivalentSphereRadiusOrHalfTheProvenanceDiameter() throws IOException {
        Path in = obviousCase(dir.resolve("in"));
        ToolRun r = ToolRun.of("rank", "--out-dir", dir.toString(), in.toString());
        assertEquals(0, r.rc(), r.err());
        JsonNode j = Json.mapper().readTree(dir.resolve("t_ranking.json").toFile());
        // median of the per-set median sizes is 500 voxels: radius (3*500/(4 pi))^(1/3)
        assertEquals(Math.cbrt(3 * 500 / (4 * Math.PI)), j.get("match_radius_voxels").asDouble(), 1e-12);
        Files.writeString(in.resolve("t_ffts_kmeans_watershed_segmentation.json"),
                "{\"particle_size\": {\"diameter_vox\": 13.0, \"min_distance\": 6}}");
        ToolRun r2 = ToolRun.of("rank", "--out-dir", dir.toString(), in.toString());
        assertEquals(0, r2.rc(), r2.err());
        j = Json.mapper().readTree(dir.resolve("t_ranking.json").toFile());
        assertEquals(6.5, j.get("match_radius_voxels").asDouble(), 1e-12);
    }

    @Test
    void sameBytesWhateverTheOrderOfTheFiles() throws IOException {
        Path in = obviousCase(dir.resolve("in"));
        List<String> files = new ArrayList<>();
        try (var s = Files.list(in)) {
            s.map(Path::toString).sorted().forEach(files::add);
        }
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        List<String> args = new ArrayList<>(List.of("rank", "--out-dir", a.toString()));
        args.addAll(files);
        assertEquals(0, ToolRun.of(args.toArray(String[]::new)).rc());
        List<String> rev = new ArrayList<>(files);
        java.util.Collections.reverse(rev);
        args = new ArrayList<>(List.of("rank", "--out-dir", b.toString()));
        args.addAll(rev);
        assertEquals(0, ToolRun.of(args.toArray(String[]::new)).rc());
        for (String n : List.of("t_ranking.csv", "t_ranking.json")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n)), n);
        }
    }

    @Test
    void badInputIsOneLineExitTwoAndNothingWritten() throws IOException {
        Path in = obviousCase(dir.resolve("in"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path good = in.resolve("t_ffts_kmeans_watershed_segmentation.csv");
        // missing file
        ToolRun r = ToolRun.of("rank", "--out-dir", out.toString(), good.toString(),
                in.resolve("t_gabor_gmm_connected_component_labeling.csv").toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("no such file"), r.err());
        // two tomograms
        Path other = write(dir.resolve("o"), "u_ffts_kmeans_watershed_segmentation.csv", grid(500));
        r = ToolRun.of("rank", "--out-dir", out.toString(), good.toString(), other.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("belongs to tomogram 'u'"), r.err());
        // --id that does not match
        r = ToolRun.of("rank", "--id", "v", "--out-dir", out.toString(), good.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("not --id v"), r.err());
        // a name that is not <id>_<mode>_<clusterer>_<method>.csv
        Path odd = write(dir.resolve("p"), "particles.csv", grid(500));
        r = ToolRun.of("rank", "--out-dir", out.toString(), odd.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("particles.csv"), r.err());
        // a broken CSV
        Path broken = dir.resolve("q/t_ffts_gmm_connected_component_labeling.csv");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "x,y,z,voxels\n1,2,three,4\n");
        r = ToolRun.of("rank", "--out-dir", out.toString(), good.toString(), broken.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains(broken.toString()) && r.err().contains("line 2"), r.err());
        // the same workflow twice
        Path dup = write(dir.resolve("r"), "t_ffts_kmeans_watershed_segmentation.csv", grid(500));
        r = ToolRun.of("rank", "--out-dir", out.toString(), good.toString(), dup.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("given twice"), r.err());
        try (var s = Files.list(out)) {
            assertFalse(s.findAny().isPresent(), "nothing written on bad input");
        }
    }

    @Test
    void workflowNamesSplitFromTheEnd() {
        Workflow w = Workflow.parse(Path.of("my_tomo_01_intensities_gmm_connected_component_labeling.csv"));
        assertEquals("my_tomo_01", w.id());
        assertEquals("intensities", w.mode());
        assertEquals("gmm", w.clusterer());
        assertEquals("connected_component_labeling", w.method());
        assertEquals("CC", w.methodShort());
    }
}
