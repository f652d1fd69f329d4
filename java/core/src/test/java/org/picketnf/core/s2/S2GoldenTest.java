package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.picketnf.core.Shape;
import org.picketnf.core.s2.Watershed.Flooding;

/**
 * Compares with outputs of the real libraries, stored by {@code make_golden.py} (same resource folder; its docstring
 * says how): scipy.ndimage.label and distance_transform_edt (scipy 1.10.1 and 1.17.1 agree), and
 * peak_local_max / watershed as PickET calls them, from scikit-image 0.26.0 (the rules of 0.25.2, PickET's lock:
 * stable sort, pushed values raised to the popped one) and 0.19.3 (which made PickET's reference outputs).
 */
class S2GoldenTest {

    /** Records of one golden file, per fixture: name -> tokens (tokens[0] is the record name). */
    private static Map<String, Map<String, String[]>> load(String name) throws IOException {
        Map<String, Map<String, String[]>> out = new HashMap<>();
        try (InputStream in = S2GoldenTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            String fixture = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] t = line.split(" ", -1);
                if (t[0].equals("fixture")) {
                    fixture = t[1];
                    out.put(fixture, new HashMap<>());
                }
                out.get(fixture).put(t[0], t);
            }
        }
        return out;
    }

    private record Fixture(int nx, int ny, int nz, byte[] mask) {
        int n() {
            return nx * ny * nz;
        }

        Shape shape() {
            return new Shape(nx, ny, nz);
        }
    }

    private static Fixture fixtureA(Map<String, String[]> rec) {
        String[] f = rec.get("fixture");
        int nx = Integer.parseInt(f[2]), ny = Integer.parseInt(f[3]), nz = Integer.parseInt(f[4]);
        return new Fixture(nx, ny, nz, S2TestUtil.toBytes(S2TestUtil.rle(rec.get("mask"), 1, nx * ny * nz)));
    }

    private static Fixture fixtureB(Map<String, String[]> rec) {
        String[] f = rec.get("fixture");
        int nx = Integer.parseInt(f[2]), ny = Integer.parseInt(f[3]), nz = Integer.parseInt(f[4]);
        byte[] m = new byte[nx * ny * nz];
        int[] s = S2TestUtil.ints(rec.get("spheres"), 1);
        for (int k = 0; k < s.length; k += 4) {
            S2TestUtil.ball(m, nx, ny, nz, s[k], s[k + 1], s[k + 2], s[k + 3]);
        }
        return new Fixture(nx, ny, nz, m);
    }

    @Test
    void scipyLabelAndDistanceTransform() throws IOException {
        Map<String, String[]> rec = load("golden_scipy.txt").get("A");
        Fixture a = fixtureA(rec);
        Instances cc = ConnectedComponents.label(a.mask(), a.shape());
        assertEquals(Integer.parseInt(rec.get("label_count")[1]), cc.count());
        assertArrayEquals(S2TestUtil.toInts(S2TestUtil.rle(rec.get("label"), 1, a.n())), cc.labels());
        long[] edt2 = S2TestUtil.rle(rec.get("edt2"), 1, a.n());
        float[] expected = new float[a.n()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) Math.sqrt((double) edt2[i]);
        }
        assertArrayEquals(expected, DistanceTransform.edt(a.mask(), a.shape(), 2));
    }

    @Test
    void scikitImage026PeaksAndWatershed() throws IOException {
        Map<String, Map<String, String[]>> g = load("golden_skimage-0.26.0.txt");
        Fixture a = fixtureA(load("golden_scipy.txt").get("A"));
        float[] edt = DistanceTransform.edt(a.mask(), a.shape(), 1);
        for (int d = 1; d <= 3; d++) {
            int[] peaks = PeakLocalMax.peaks(edt, a.shape(), d, 2);
            assertArrayEquals(S2TestUtil.ints(g.get("A").get("peaks_" + d), 1), peaks, "peaks d=" + d);
            Instances ws = Watershed.fromPeaks(edt, a.mask(), a.shape(), peaks);
            assertArrayEquals(S2TestUtil.toInts(S2TestUtil.rle(g.get("A").get("ws_" + d), 1, a.n())), ws.labels(),
                    "watershed d=" + d);
        }
        checkFixtureB(g.get("B"), Flooding.SKIMAGE_0_25);
    }

    /**
     * scikit-image 0.19.3 sorts peaks with numpy's unstable quicksort, so equal-valued peaks can come out in
     * another order and the greedy spacing can keep others: its peaks are compared only where no such tie
     * matters here (d = 3 and fixture B), and its watershed is checked from its own peaks.
     */
    @Test
    void scikitImage0193WatershedFromItsPeaks() throws IOException {
        Map<String, Map<String, String[]>> g = load("golden_skimage-0.19.3.txt");
        Fixture a = fixtureA(load("golden_scipy.txt").get("A"));
        float[] edt = DistanceTransform.edt(a.mask(), a.shape(), 1);
        assertArrayEquals(S2TestUtil.ints(g.get("A").get("peaks_3"), 1),
                PeakLocalMax.peaks(edt, a.shape(), 3, 1));
        for (int d = 1; d <= 3; d++) {
            int[] theirPeaks = S2TestUtil.ints(g.get("A").get("peaks_" + d), 1);
            Instances ws = Watershed.fromPeaks(edt, a.mask(), a.shape(), theirPeaks,
                    Flooding.SKIMAGE_0_19);
            assertArrayEquals(S2TestUtil.toInts(S2TestUtil.rle(g.get("A").get("ws_" + d), 1, a.n())), ws.labels(),
                    "watershed d=" + d);
        }
        checkFixtureB(g.get("B"), Flooding.SKIMAGE_0_19);
    }

    private static void checkFixtureB(Map<String, String[]> rec, Flooding flooding) {
        Fixture b = fixtureB(rec);
        assertEquals(Integer.parseInt(rec.get("label_count")[1]),
                ConnectedComponents.label(b.mask(), b.shape()).count());
        float[] edt = DistanceTransform.edt(b.mask(), b.shape(), 2);
        int[] peaks = PeakLocalMax.peaks(edt, b.shape(), 15, 2);
        assertArrayEquals(S2TestUtil.ints(rec.get("peaks_15"), 1), peaks);
        Instances ws = Watershed.fromPeaks(edt, b.mask(), b.shape(), peaks, flooding);
        List<String> stats = new ArrayList<>();
        for (Particle p : Centroids.of(ws)) {
            long v = p.voxels();
            stats.add(p.label() + ":" + v + ":" + Math.round(p.x() * v) + ":" + Math.round(p.y() * v) + ":"
                    + Math.round(p.z() * v));
        }
        String[] t = rec.get("ws_15_stats");
        assertEquals(List.of(t).subList(1, t.length), stats);
    }
}
