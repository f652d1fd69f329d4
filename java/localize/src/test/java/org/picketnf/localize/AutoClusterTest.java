package org.picketnf.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.TestData;
import org.picketnf.core.Volume;
import org.picketnf.core.io.Json;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;
import org.picketnf.core.sim.Polarity;
import org.picketnf.core.sim.SimParams;
import org.picketnf.core.sim.SimParticle;
import org.picketnf.core.sim.SyntheticTomogram;

/**
 * --particle-cluster-id auto against what a person would choose: the cluster whose voxels cover the ground-truth
 * particles (the one whose share of truth voxels is larger than its share of the other voxels), on real
 * segmentations made by the S1 tools of the shared DeepFinder toy tomograms (dark particles), the tomoDRGN blobs
 * (bright) and simulated dark and bright tomograms. Each is decided with --tomogram (three votes) and without it
 * (minority and fragmentation only), and once more with the labels swapped (1 - value, no provenance), where the
 * particles are 0 and picket-segment's unlabelled border becomes 1, as in PickET's flipped segmentations.
 */
class AutoClusterTest {
    /** Fitting sample: smaller than the pipeline's 100,000 to keep the test short; the decision is the same. */
    private static final int WINDOWS = 5000;

    @TempDir
    Path dir;

    @Test
    void picksTheClusterCoveringTheParticlesOnSharedData() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int t = 1; t <= 5; t++) {
            Path tomo = TestData.file("deepfinder-toy", "tomo" + t + ".mrc");
            boolean[] truth = labelsAbove0(TestData.file("deepfinder-toy", "tomo" + t + "_labels.mrc"));
            check("tomo" + t, tomo, truth, lines);
        }
        Path blobs = TestData.file("tomodrgn-blobs", "tomogram_001.mrc");
        MrcFile bf = MrcFile.open(blobs);
        boolean[] bt = balls(bf.nx(), bf.ny(), bf.nz(), readPoints(
                TestData.file("tomodrgn-blobs", "tomogram_001_gt_voxels.csv")), 2.5);
        check("blobs", blobs, bt, lines);
        lines.forEach(System.out::println);
    }

    @Test
    void picksTheClusterCoveringTheParticlesOnSimulatedDarkAndBright() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Polarity pol : Polarity.values()) {
            SyntheticTomogram s = SyntheticTomogram.generate(new SimParams(64, 64, 48, 11, SimParams.AUTO,
                    SimParams.DEFAULT_RADIUS_MIN, SimParams.DEFAULT_RADIUS_MAX, 0.1, pol, SimParams.DEFAULT_LOWPASS,
                    true, SimParams.DEFAULT_TILT_MAX, true, 10.0));
            Path tomo = dir.resolve("sim_" + pol + ".mrc");
            MrcWriter.write(tomo, s.volume(), MrcMode.FLOAT32);
            List<double[]> pts = new ArrayList<>();
            for (SimParticle p : s.particles()) {
                pts.add(new double[] {p.x(), p.y(), p.z(), p.radius() * 0.7});
            }
            check("sim_" + pol, tomo, balls(64, 64, 48, pts, -1), lines);
        }
        lines.forEach(System.out::println);
    }

    /** Makes the six segmentations, runs auto with and without the tomogram, compares with the truth's cluster. */
    private void check(String tag, Path tomo, boolean[] truth, List<String> lines) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(tag));
        List<S1.Seg> segs = S1.six(tomo, sub, WINDOWS, 2);
        for (boolean withTomo : new boolean[] {true, false}) {
            Path out = Files.createDirectories(sub.resolve(withTomo ? "with" : "without"));
            List<String> a = new ArrayList<>();
            for (S1.Seg s : segs) {
                a.addAll(List.of("--segmentation", s.mrc().toString(), "--provenance", s.provenance().toString()));
            }
            a.addAll(List.of("--method", "connected_component_labeling", "--out-dir", out.toString(),
                    "--min-voxels", "off", "--max-voxels", "off", "--threads", "2"));
            if (withTomo) {
                a.addAll(List.of("--tomogram", tomo.toString()));
            }
            Seg.Result r = Seg.runAsIs(a.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            checkOutputs(tag, segs, truth, out, withTomo ? "with" : "without", lines);
        }
        // swapped labels: the particles are now 0
        List<S1.Seg> swapped = new ArrayList<>();
        for (S1.Seg s : segs) {
            Volume v = MrcFile.open(s.mrc()).readVolume();
            float[] d = v.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = 1 - d[i];
            }
            Path m = sub.resolve("seg_" + s.name() + "_swapped.mrc");
            MrcWriter.write(m, v, MrcMode.INT8);
            swapped.add(new S1.Seg(s.name() + "_swapped", m, null));
        }
        Path out = Files.createDirectories(sub.resolve("swapped"));
        List<String> a = new ArrayList<>();
        for (S1.Seg s : swapped) {
            a.addAll(List.of("--segmentation", s.mrc().toString()));
        }
        a.addAll(List.of("--method", "connected_component_labeling", "--out-dir", out.toString(), "--min-voxels",
                "off", "--max-voxels", "off", "--threads", "2", "--tomogram", tomo.toString()));
        Seg.Result r = Seg.runAsIs(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        checkOutputs(tag, swapped, truth, out, "with", lines);
    }

    private static void checkOutputs(String tag, List<S1.Seg> segs, boolean[] truth, Path out, String how,
                                     List<String> lines) throws IOException {
        for (S1.Seg s : segs) {
            int want = truthCluster(s.mrc(), truth);
            JsonNode pc = Json.mapper().readTree(out.resolve("seg_" + s.name()
                    + "_connected_component_labeling.json").toFile()).get("particle_cluster");
            String line = String.format(Locale.ROOT, "auto cluster %-10s %-26s %-7s tomogram: chose %d, truth %d;"
                    + " %s", tag, s.name(), how, pc.get("id").asInt(), want, pc.get("rule").asText());
            lines.add(line);
            assertEquals("auto", pc.get("chosen_by").asText());
            assertEquals(want, pc.get("id").asInt(), line);
        }
    }

    /** The label (0 or 1) whose share of the truth voxels exceeds its share of the other voxels the most. */
    static int truthCluster(Path seg, boolean[] truth) {
        float[] v = MrcFile.open(seg).readVolume().data();
        long[][] n = new long[2][2]; // [label][truth]
        for (int i = 0; i < v.length; i++) {
            n[v[i] == 1f ? 1 : 0][truth[i] ? 1 : 0]++;
        }
        long t = n[0][1] + n[1][1];
        long o = n[0][0] + n[1][0];
        assertTrue(t > 0 && o > 0, "truth covers nothing or everything");
        double enrich1 = (double) n[1][1] / t - (double) n[1][0] / o;
        return enrich1 > 0 ? 1 : 0;
    }

    static boolean[] labelsAbove0(Path labels) {
        float[] d = MrcFile.open(labels).readVolume().data();
        boolean[] b = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = d[i] > 0;
        }
        return b;
    }

    /** Balls around points {x, y, z[, r]}; radius {@code r} when >= 0, else each point's own 4th value. */
    static boolean[] balls(int nx, int ny, int nz, List<double[]> pts, double r) {
        boolean[] b = new boolean[nx * ny * nz];
        for (double[] p : pts) {
            double rad = r >= 0 ? r : p[3];
            for (int z = (int) Math.floor(p[2] - rad); z <= p[2] + rad; z++) {
                for (int y = (int) Math.floor(p[1] - rad); y <= p[1] + rad; y++) {
                    for (int x = (int) Math.floor(p[0] - rad); x <= p[0] + rad; x++) {
                        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) {
                            continue;
                        }
                        double dx = x - p[0];
                        double dy = y - p[1];
                        double dz = z - p[2];
                        if (dx * dx + dy * dy + dz * dz <= rad * rad) {
                            b[(z * ny + y) * nx + x] = true;
                        }
                    }
                }
            }
        }
        return b;
    }

    /** x,y,z of a CSV with a header naming x, y and z columns. */
    static List<double[]> readPoints(Path csv) throws IOException {
        List<String> l = Files.readAllLines(csv);
        List<String> h = List.of(l.get(0).split(","));
        int ix = h.indexOf("x");
        int iy = h.indexOf("y");
        int iz = h.indexOf("z");
        List<double[]> out = new ArrayList<>();
        for (String s : l.subList(1, l.size())) {
            if (s.isBlank()) {
                continue;
            }
            String[] c = s.split(",");
            out.add(new double[] {Double.parseDouble(c[ix]), Double.parseDouble(c[iy]), Double.parseDouble(c[iz])});
        }
        return out;
    }
}
