package org.picketnf.localize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.Geometry;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.Volume;
import org.picketnf.core.io.Json;
import org.picketnf.core.io.ParticleFormats;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;

import com.fasterxml.jackson.databind.JsonNode;

/** picket-localize on hand-built segmentations with known answers. */
class LocalizeTest {
    @TempDir
    Path dir;

    private static void ok(Seg.Result r) {
        assertEquals(0, r.code(), () -> "exit code; stderr: " + r.err());
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    private JsonNode json(String name) throws IOException {
        return Json.mapper().readTree(dir.resolve(name).toFile());
    }

    /** A sphere of radius 3 around (10,12,8) (123 voxels) and a 4x3x2 block with centroid (31.5, 21, 20.5). */
    private Path sphereAndBlock() {
        LabelVolume l = Seg.empty(40, 32, 30);
        Seg.sphere(l, 10, 12, 8, 3, 1);
        Seg.block(l, 30, 33, 20, 22, 20, 21, 1);
        return Seg.write(dir, "seg.mrc", l);
    }

    @Test
    void connectedComponentsWritesEveryFormat() throws IOException {
        Path seg = sphereAndBlock();
        Seg.Result r = Seg.run("--segmentation", seg.toString(), "--method", "connected_component_labeling",
                "--out-prefix", dir.resolve("cc").toString(), "--tomo-name", "TS_01");
        ok(r);
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("2 particles"), r.err());
        assertEquals("x,y,z,voxels\n10.000,12.000,8.000,123\n31.500,21.000,20.500,24\n", read("cc.csv"));
        assertEquals("Predicted_Particle_Centroid_Coordinates:\n"
                + "- x: 10\n  y: 12\n  z: 8\n"
                + "- x: 31\n  y: 21\n  z: 20\n"
                + "metadata:\n"
                + "  particle_cluster_id: 1\n"
                + "  pex_min_distance: None\n"
                + "  pex_mode: connected_component_labeling\n"
                + "  tomogram_shape:\n  - 30\n  - 32\n  - 40\n"
                + "  voxel_size:\n  - 10.0\n  - 10.0\n  - 10.0\n"
                + "  z_lb_for_particle_extraction: None\n"
                + "  z_ub_for_particle_extraction: None\n", read("cc.yaml"));
        assertEquals("\n# version 50001\n\ndata_particles\n\nloop_\n"
                + "_rlnTomoName #1\n_rlnCoordinateX #2\n_rlnCoordinateY #3\n_rlnCoordinateZ #4\n"
                + "TS_01 10.000 12.000 8.000\nTS_01 31.500 21.000 20.500\n\n", read("cc.star"));
        List<String> nd = read("cc.ndjson").lines().toList();
        assertEquals(2, nd.size());
        JsonNode p2 = Json.mapper().readTree(nd.get(1));
        assertEquals("orientedPoint", p2.get("type").asText());
        assertEquals(31.5, p2.get("location").get("x").asDouble());
        assertEquals(21.0, p2.get("location").get("y").asDouble());
        assertEquals(20.5, p2.get("location").get("z").asDouble());
        assertEquals("[[1,0,0],[0,1,0],[0,0,1]]", p2.get("xyz_rotation_matrix").toString());

        MrcFile inst = MrcFile.open(dir.resolve("cc_instances.mrc"));
        assertEquals(MrcMode.INT16, inst.mode());
        assertEquals(10.0, inst.geometry().voxelX(), 1e-6);
        Volume v = inst.readVolume();
        assertEquals(1f, v.get(10, 12, 8));
        assertEquals(1f, v.get(10, 12, 11));
        assertEquals(2f, v.get(31, 21, 20));
        assertEquals(0f, v.get(0, 0, 0));
        long ones = 0;
        for (float f : v.data()) {
            ones += f == 1f ? 1 : 0;
        }
        assertEquals(123, ones);

        JsonNode prov = json("cc.json");
        assertEquals(2, prov.get("counts").get("particles").asInt());
        assertEquals(147, prov.get("counts").get("mask_voxels").asInt());
        assertEquals("connected_component_labeling", prov.get("method").asText());
        assertEquals(List.of("cc.csv", "cc.json", "cc.ndjson", "cc.star", "cc.yaml", "cc_instances.mrc", "seg.mrc"),
                Seg.listing(dir));
    }

    @Test
    void noInstancesLeavesOutOnlyTheInstanceVolume() throws IOException {
        Path seg = sphereAndBlock();
        ok(Seg.run("--segmentation", seg.toString(), "--method", "connected_component_labeling",
                "--out-prefix", dir.resolve("cc").toString(), "--tomo-name", "TS_01"));
        String csv = read("cc.csv");
        String star = read("cc.star");
        ok(Seg.run("--segmentation", seg.toString(), "--method", "connected_component_labeling",
                "--out-prefix", dir.resolve("ni").toString(), "--tomo-name", "TS_01", "--no-instances"));
        assertEquals(csv, read("ni.csv"));
        assertEquals(star, read("ni.star"));
        JsonNode prov = json("ni.json");
        assertEquals(2, prov.get("counts").get("particles").asInt());
        assertTrue(prov.get("instances_mrc_mode") == null, prov.toString());
        assertEquals("[\"ni.yaml\",\"ni.csv\",\"ni.star\",\"ni.ndjson\"]", prov.get("outputs").toString());
        assertTrue(!Files.exists(dir.resolve("ni_instances.mrc")));
    }

    @Test
    void provenanceFillsPicketMetadata() throws IOException {
        Path seg = sphereAndBlock();
        Path prov = dir.resolve("seg.json");
        Files.writeString(prov, "{\"feature_mode\": \"ffts\", \"clustering_method\": \"gmm\","
                + " \"neighborhood_size\": 5, \"other\": [1, 2]}");
        ok(Seg.run("--segmentation", seg.toString(), "--provenance", prov.toString(), "--method",
                "watershed_segmentation", "--min-distance", "2", "--out-prefix", dir.resolve("ws").toString(),
                "--lower-z", "3", "--upper-z", "25"));
        String y = read("ws.yaml");
        assertTrue(y.endsWith("metadata:\n"
                + "  clustering_method: gmm\n"
                + "  fex_mode: ffts\n"
                + "  neighborhood_size: 5\n"
                + "  particle_cluster_id: 1\n"
                + "  pex_min_distance: 2\n"
                + "  pex_mode: watershed_segmentation\n"
                + "  tomogram_shape:\n  - 30\n  - 32\n  - 40\n"
                + "  voxel_size:\n  - 10.0\n  - 10.0\n  - 10.0\n"
                + "  z_lb_for_particle_extraction: 3\n"
                + "  z_ub_for_particle_extraction: 25\n"), y);
    }

    @Test
    void watershedFindsTwoSphereCentres() throws IOException {
        LabelVolume l = Seg.empty(40, 32, 30);
        Seg.sphere(l, 10, 12, 10, 4, 1);
        Seg.sphere(l, 28, 20, 18, 4, 1);
        Path seg = Seg.write(dir, "two.mrc", l);
        ok(Seg.run("--segmentation", seg.toString(), "--method", "watershed_segmentation", "--min-distance", "3",
                "--out-prefix", dir.resolve("ws").toString()));
        assertEquals("x,y,z,voxels\n10.000,12.000,10.000,257\n28.000,20.000,18.000,257\n", read("ws.csv"));
        assertEquals(2, json("ws.json").get("counts").get("peaks").asInt());
    }

    @Test
    void touchingSpheresAreOneComponentButTwoWatershedBasins() throws IOException {
        LabelVolume l = Seg.empty(40, 30, 30);
        Seg.sphere(l, 14, 15, 15, 5, 1);
        Seg.sphere(l, 23, 15, 15, 5, 1);
        Path seg = Seg.write(dir, "pair.mrc", l);
        ok(Seg.run("--segmentation", seg.toString(), "--method", "both", "--min-distance", "5",
                "--out-dir", dir.toString()));
        assertEquals(2, read("pair_connected_component_labeling.csv").lines().count());
        List<String> ws = read("pair_watershed_segmentation.csv").lines().toList();
        assertEquals(3, ws.size(), ws.toString());
        double x1 = Double.parseDouble(ws.get(1).split(",")[0]);
        double x2 = Double.parseDouble(ws.get(2).split(",")[0]);
        assertTrue(Math.abs(x1 - 14) < 1.5 && Math.abs(x2 - 23) < 1.5, ws.toString());
    }

    @Test
    void zLimitsAreInclusiveAtBothEnds() throws IOException {
        LabelVolume l = Seg.empty(30, 30, 12);
        for (int z = 4; z <= 7; z++) {
            int x = 3 + 6 * (z - 4);
            Seg.block(l, x, x + 1, 5, 6, z, z, 1);
        }
        Path seg = Seg.write(dir, "slabs.mrc", l);
        ok(Seg.run("--segmentation", seg.toString(), "--method", "connected_component_labeling",
                "--lower-z", "5", "--upper-z", "6", "--out-prefix", dir.resolve("z").toString()));
        assertEquals("x,y,z,voxels\n9.500,5.500,5.000,4\n15.500,5.500,6.000,4\n", read("z.csv"));
        JsonNode prov = json("z.json");
        assertEquals(16, prov.get("counts").get("voxels_equal_to_cluster_id").asInt());
        assertEquals(8, prov.get("counts").get("mask_voxels").asInt());
    }

    @Test
    void sizeFilterRemovesAndRenumbers() throws IOException {
        LabelVolume l = Seg.empty(20, 20, 30);
        Seg.block(l, 2, 2, 2, 2, 2, 2, 1);          // 1 voxel, label 1
        Seg.block(l, 5, 6, 5, 6, 10, 11, 1);        // 8 voxels, label 2
        Seg.block(l, 10, 12, 10, 12, 20, 22, 1);    // 27 voxels, label 3
        Path seg = Seg.write(dir, "sizes.mrc", l);
        ok(Seg.run("--segmentation", seg.toString(), "--method", "connected_component_labeling",
                "--out-prefix", dir.resolve("all").toString()));
        assertEquals(4, read("all.csv").lines().count());
        ok(Seg.run("--segmentation", seg.toString(), "--method", "connected_component_labeling",
                "--min-voxels", "2", "--max-voxels", "10", "--out-prefix", dir.resolve("f").toString()));
        assertEquals("x,y,z,voxels\n5.500,5.500,10.500,8\n", read("f.csv"));
        Volume v = MrcFile.open(dir.resolve("f_instances.mrc")).readVolume();
        assertEquals(0f, v.get(2, 2, 2));
        assertEquals(1f, v.get(5, 5, 10));
        assertEquals(0f, v.get(11, 11, 21));
        double sum = 0;
        for (float f : v.data()) {
            sum += f;
        }
        assertEquals(8, sum);
        JsonNode c = json("f.json").get("counts");
        assertEquals(3, c.get("instances").asInt());
        assertEquals(1, c.get("removed_below_min_voxels").asInt());
        assertEquals(1, c.get("removed_above_max_voxels").asInt());
        assertEquals(1, c.get("particles").asInt());
        assertTrue(read("f.yaml").contains("  pex_max_voxels: 10\n  pex_min_distance: None\n"
                + "  pex_min_voxels: 2\n"), read("f.yaml"));
    }

    /** A tomogram whose value is the voxel's linear index, and three single-voxel particles. */
    private Path[] boxSetup() {
        int nx = 24;
        int ny = 20;
        int nz = 18;
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        Path tomo = dir.resolve("tomo.mrc");
        MrcWriter.write(tomo, new Volume(nx, ny, nz, d, new Geometry(10, 10, 10, 100, 200, 300)), MrcMode.FLOAT32);
        LabelVolume l = LabelVolume.zeros(nx, ny, nz, new Geometry(10, 10, 10, 100, 200, 300));
        l.set(12, 10, 9, 1); // A: inside for boxes 4 and 5
        l.set(1, 5, 9, 1);   // B: too close to x = 0 for both
        l.set(22, 15, 9, 1); // C: box 4 is [20, 24): fits; box 5 is [20, 25): leaves the volume
        return new Path[] {tomo, Seg.write(dir, "pts.mrc", l)};
    }

    private static void assertCrop(Volume box, int x0, int y0, int z0) {
        for (int z = 0; z < box.nz(); z++) {
            for (int y = 0; y < box.ny(); y++) {
                for (int x = 0; x < box.nx(); x++) {
                    float want = ((z0 + z) * 20 + (y0 + y)) * 24 + (x0 + x);
                    assertEquals(want, box.get(x, y, z), "voxel " + x + "," + y + "," + z);
                }
            }
        }
    }

    @Test
    void oddBoxesAreCentredAndBorderParticlesSkipped() throws IOException {
        Path[] in = boxSetup();
        Seg.Result r = Seg.run("--segmentation", in[1].toString(), "--tomogram", in[0].toString(), "--method",
                "connected_component_labeling", "--box", "5", "--out-prefix", dir.resolve("b5").toString());
        ok(r);
        assertTrue(r.err().contains("1 subtomograms, 2 skipped at the border"), r.err());
        // labels in raster order: B (z9,y5) = 1, A (z9,y10) = 2, C (z9,y15) = 3
        assertEquals(List.of("particle_00002.mrc"), Seg.listing(dir.resolve("b5_subtomos")));
        MrcFile f = MrcFile.open(dir.resolve("b5_subtomos/particle_00002.mrc"));
        Volume b = f.readVolume();
        assertEquals(5, b.nx());
        assertEquals(5, b.nz());
        assertCrop(b, 10, 8, 7);
        assertEquals(100 + 10 * 10, f.geometry().originX(), 1e-3);
        assertEquals(300 + 7 * 10, f.geometry().originZ(), 1e-3);
        JsonNode s = json("b5.json").get("subtomograms");
        assertEquals(1, s.get("written").asInt());
        assertEquals(2, s.get("skipped_border").asInt());
        assertEquals("[1,3]", s.get("skipped_labels").toString());
    }

    @Test
    void evenBoxesHaveTheCentreAtHalfTheBox() throws IOException {
        Path[] in = boxSetup();
        ok(Seg.run("--segmentation", in[1].toString(), "--tomogram", in[0].toString(), "--method",
                "connected_component_labeling", "--box", "4", "--out-prefix", dir.resolve("b4").toString()));
        assertEquals(List.of("particle_00002.mrc", "particle_00003.mrc"), Seg.listing(dir.resolve("b4_subtomos")));
        assertCrop(MrcFile.open(dir.resolve("b4_subtomos/particle_00002.mrc")).readVolume(), 10, 8, 7);
        assertCrop(MrcFile.open(dir.resolve("b4_subtomos/particle_00003.mrc")).readVolume(), 20, 13, 7);
        assertEquals(1, json("b4.json").get("subtomograms").get("skipped_border").asInt());
        // a second run replaces the folder
        ok(Seg.run("--segmentation", in[1].toString(), "--tomogram", in[0].toString(), "--method",
                "connected_component_labeling", "--box", "5", "--out-prefix", dir.resolve("b4").toString()));
        assertEquals(List.of("particle_00002.mrc"), Seg.listing(dir.resolve("b4_subtomos")));
        assertTrue(Seg.listing(dir).stream().noneMatch(n -> n.contains(".part")));
    }

    @Test
    void stackHoldsBoxSectionsPerParticle() throws IOException {
        Path[] in = boxSetup();
        ok(Seg.run("--segmentation", in[1].toString(), "--tomogram", in[0].toString(), "--method",
                "connected_component_labeling", "--box", "4", "--stack", "--out-prefix",
                dir.resolve("st").toString()));
        MrcFile f = MrcFile.open(dir.resolve("st_subtomos.mrcs"));
        assertEquals(0, f.header().ispg());
        assertEquals(8, f.nz());
        Volume v = f.readVolume();
        assertCrop(v.slab(0, 4), 10, 8, 7);
        assertCrop(v.slab(4, 8), 20, 13, 7);
        assertTrue(Files.notExists(dir.resolve("st_subtomos")));
    }

    @Test
    void allBackgroundGivesEmptyValidOutputs() throws IOException {
        Path seg = Seg.write(dir, "bg.mrc", Seg.empty(16, 16, 16));
        Seg.Result r = Seg.run("--segmentation", seg.toString(), "--method", "both", "--out-dir", dir.toString());
        ok(r);
        for (String m : new String[] {"connected_component_labeling", "watershed_segmentation"}) {
            String y = read("bg_" + m + ".yaml");
            assertTrue(y.startsWith("Predicted_Particle_Centroid_Coordinates: []\nmetadata:\n"), y);
            assertEquals("x,y,z,voxels\n", read("bg_" + m + ".csv"));
            assertEquals("", read("bg_" + m + ".ndjson"));
            assertTrue(read("bg_" + m + ".star").endsWith("_rlnCoordinateZ #4\n\n"));
            MrcFile f = MrcFile.open(dir.resolve("bg_" + m + "_instances.mrc"));
            assertEquals(0f, f.header().dmax());
            assertEquals(0, json("bg_" + m + ".json").get("counts").get("particles").asInt());
        }
    }

    @Test
    void sameInputsGiveIdenticalBytes() throws IOException {
        Path[] in = boxSetup();
        Path seg = sphereAndBlock();
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        for (String d : new String[] {"a", "b"}) {
            ok(Seg.run("--segmentation", seg.toString(), "--method", "both", "--min-distance", "2",
                    "--out-dir", dir.resolve(d).toString(), "--threads", d.equals("a") ? "1" : "2"));
            ok(Seg.run("--segmentation", in[1].toString(), "--tomogram", in[0].toString(), "--method",
                    "connected_component_labeling", "--box", "4", "--out-prefix", dir.resolve(d + "/p").toString()));
        }
        List<String> names = Seg.listing(dir.resolve("a"));
        assertEquals(names, Seg.listing(dir.resolve("b")));
        int compared = 0;
        for (String n : names) {
            Path a = dir.resolve("a").resolve(n);
            if (Files.isDirectory(a) || n.endsWith(".json")) {
                continue;
            }
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(dir.resolve("b").resolve(n)), n);
            compared++;
        }
        assertEquals(17, compared);
    }

    @Test
    void severalSegmentationsInOneCall() throws IOException {
        Path s1 = sphereAndBlock();
        LabelVolume l = Seg.empty(20, 20, 20);
        Seg.block(l, 4, 6, 4, 6, 4, 6, 1);
        Path s2 = Seg.write(dir, "other.mrc", l);
        Path out = Files.createDirectories(dir.resolve("out"));
        Seg.Result r = Seg.run("--segmentation", s1.toString(), "--segmentation", s2.toString(), "--method", "both",
                "--min-distance", "2", "--out-dir", out.toString());
        ok(r);
        assertEquals(5, r.err().lines().count(), r.err());
        assertEquals("x,y,z,voxels\n5.000,5.000,5.000,27\n", read("out/other_connected_component_labeling.csv"));
        assertEquals(24, Seg.listing(out).size());
        // without --tomo-name or --tomogram, each output names its own segmentation (not the first one's)
        String star = read("out/other_connected_component_labeling.star");
        assertTrue(star.lines().anyMatch(ln -> ln.startsWith("other ")), star);
        assertTrue(star.lines().noneMatch(ln -> ln.startsWith(s1.getFileName().toString().replace(".mrc", "") + " ")),
                star);
        assertTrue(read("out/other_connected_component_labeling.json").contains("\"tomo_name\" : \"other\""));
    }

    @Test
    void pyFloatMatchesPyYaml() {
        assertEquals("1.0", ParticleFormats.pyFloat(1.0));
        assertEquals("7.84", ParticleFormats.pyFloat(7.84));
        assertEquals("0.0001", ParticleFormats.pyFloat(1e-4));
        assertEquals("1.0e-05", ParticleFormats.pyFloat(1e-5));
        assertEquals("1.5e-05", ParticleFormats.pyFloat(1.5e-5));
        assertEquals("1.0e+16", ParticleFormats.pyFloat(1e16));
        assertEquals("1234567890123456.0", ParticleFormats.pyFloat(1234567890123456.0));
        assertEquals("-2.5", ParticleFormats.pyFloat(-2.5));
        assertEquals("13.5", ParticleFormats.pyFloat(13.5));
    }
}
