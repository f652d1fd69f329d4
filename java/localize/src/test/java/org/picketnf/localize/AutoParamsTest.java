package org.picketnf.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.io.Json;

/** Automatic parameters end to end: what is estimated, what is derived, what the user overrides, what is recorded. */
class AutoParamsTest {
    @TempDir
    Path dir;

    /** Eight balls of radius 5 (value 1) in a 64^3 segmentation with 10 A voxels (Seg.empty). */
    private Path eightBalls() {
        LabelVolume l = Seg.empty(64, 64, 64);
        for (int z : new int[] {18, 46}) {
            for (int y : new int[] {18, 46}) {
                for (int x : new int[] {18, 46}) {
                    Seg.sphere(l, x, y, z, 5, 1);
                }
            }
        }
        return Seg.write(dir, "balls.mrc", l);
    }

    private JsonNode json(String name) throws IOException {
        return Json.mapper().readTree(dir.resolve(name).toFile());
    }

    @Test
    void maskOnlyEstimateAndDerivedValues() throws IOException {
        Path seg = eightBalls();
        Seg.Result r = Seg.runAsIs("--segmentation", seg.toString(), "--method", "both", "--out-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("balls.mrc: particle cluster 1 (auto), diameter 10.2 voxels, min_distance 5,"
                + " instances kept from 139 to 4443 voxels"), r.err());
        JsonNode ws = json("balls_watershed_segmentation.json");
        JsonNode size = ws.get("particle_size");
        // EDT maximum of a ball of radius 5: sqrt(26); diameter 2 sqrt(26) = 10.198
        assertEquals(2 * Math.sqrt(26), size.get("diameter_vox").asDouble(), 1e-5);
        assertEquals(8, size.get("mask_maxima").asInt());
        assertTrue(size.get("method").asText().startsWith("mask blobs"), size.toString());
        assertEquals(5, size.get("min_distance").asInt());         // round(0.5 x 10.198)
        assertEquals(139, size.get("min_voxels").asLong());        // round(0.25 x pi/6 x 10.198^3) = round(138.83)
        assertEquals(4443, size.get("max_voxels").asLong());       // round(8 x 555.32)
        assertEquals("estimate", size.get("min_distance_from").asText());
        assertEquals(5, ws.get("parameters").get("min_distance").asInt());
        assertEquals(139, ws.get("parameters").get("min_voxels").asLong());
        assertEquals(8, ws.get("counts").get("particles").asInt());
        JsonNode pc = ws.get("particle_cluster");
        assertEquals(1, pc.get("id").asInt());
        assertEquals("auto", pc.get("chosen_by").asText());
        assertEquals(8, pc.get("evidence").get("1").get("components").asInt());
        assertTrue(pc.get("tomogram").asText().startsWith("not given"), pc.toString());
        // the connected-component provenance has no min_distance
        JsonNode cc = json("balls_connected_component_labeling.json").get("particle_size");
        assertTrue(!cc.has("min_distance") && cc.has("min_voxels"), cc.toString());
        String yaml = Files.readString(dir.resolve("balls_watershed_segmentation.yaml"));
        assertTrue(yaml.contains("  particle_cluster_id: 1\n  pex_max_voxels: 4443\n  pex_min_distance: 5\n"
                + "  pex_min_voxels: 139\n"), yaml);
    }

    @Test
    void particleDiameterInAngstromUsesTheHeaderVoxelSize() throws IOException {
        Path seg = eightBalls();
        Seg.Result r = Seg.runAsIs("--segmentation", seg.toString(), "--method", "watershed_segmentation",
                "--out-prefix", dir.resolve("d").toString(), "--particle-diameter-A", "100");
        assertEquals(0, r.code(), r.err());
        JsonNode size = json("d.json").get("particle_size");
        // 100 A / 10 A per voxel = 10 voxels: min_distance round(8.0), V(10) = 523.6 -> 131 and 4189
        assertEquals(10.0, size.get("diameter_vox").asDouble(), 1e-12);
        assertEquals(10.0, size.get("voxel_size_A").asDouble(), 1e-12);
        assertEquals(8, size.get("min_distance").asInt());
        assertEquals(131, size.get("min_voxels").asLong());
        assertEquals(4189, size.get("max_voxels").asLong());
        assertTrue(size.get("method").asText().startsWith("user: --particle-diameter-A 100.0"), size.toString());
    }

    @Test
    void explicitValuesWin() throws IOException {
        Path seg = eightBalls();
        Seg.Result r = Seg.runAsIs("--segmentation", seg.toString(), "--method", "watershed_segmentation",
                "--out-prefix", dir.resolve("e").toString(), "--min-distance", "3", "--min-voxels", "7",
                "--particle-cluster-id", "0");
        assertEquals(0, r.code(), r.err());
        JsonNode p = json("e.json");
        assertEquals("user", p.get("particle_cluster").get("chosen_by").asText());
        assertEquals(0, p.get("parameters").get("particle_cluster_id").asInt());
        JsonNode size = p.get("particle_size");
        assertEquals(3, size.get("min_distance").asInt());
        assertEquals("user", size.get("min_distance_from").asText());
        assertEquals(7, size.get("min_voxels").asLong());
        assertEquals("user", size.get("min_voxels_from").asText());
        // max_voxels still estimated, from the mask of cluster 0 (the background around the balls)
        assertEquals("estimate", size.get("max_voxels_from").asText());
        // PickET's settings: nothing estimated
        Seg.Result q = Seg.run("--segmentation", seg.toString(), "--method", "watershed_segmentation",
                "--out-prefix", dir.resolve("p").toString());
        assertEquals(0, q.code(), q.err());
        JsonNode ps = json("p.json").get("particle_size");
        assertEquals(false, ps.get("estimated").asBoolean());
        assertEquals(15, ps.get("min_distance").asInt());
        assertTrue(ps.get("min_voxels").isNull());
    }

    @Test
    void automaticRunsAreByteIdenticalForAnyThreadCount() throws IOException {
        Path seg = eightBalls();
        for (String t : new String[] {"1", "2"}) {
            Path out = Files.createDirectories(dir.resolve("t" + t));
            Seg.Result r = Seg.runAsIs("--segmentation", seg.toString(), "--method", "both", "--out-dir",
                    out.toString(), "--threads", t);
            assertEquals(0, r.code(), r.err());
        }
        int compared = 0;
        for (String n : Seg.listing(dir.resolve("t1"))) {
            if (n.endsWith(".json")) {
                JsonNode a = Json.mapper().readTree(dir.resolve("t1").resolve(n).toFile());
                JsonNode b = Json.mapper().readTree(dir.resolve("t2").resolve(n).toFile());
                assertEquals(a.get("particle_cluster"), b.get("particle_cluster"), n);
                assertEquals(a.get("particle_size"), b.get("particle_size"), n);
            } else {
                org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(dir.resolve("t1").resolve(n)),
                        Files.readAllBytes(dir.resolve("t2").resolve(n)), n);
            }
            compared++;
        }
        assertEquals(12, compared);
    }
}
