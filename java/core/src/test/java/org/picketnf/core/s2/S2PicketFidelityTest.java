package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.picketnf.core.Shape;
import org.picketnf.core.TestData;
import org.picketnf.core.Volume;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.s2.Watershed.Flooding;

/**
 * Against the original PickET's S2 output on the deepfinder-toy tomo1 segmentations
 * ({@code <shared>/reference/picket-py-tomo1}, made with scipy 1.10.1 and scikit-image 0.19.3): particle cluster
 * 1, no z-bounds, 6-connectivity, min_distance 15. Skipped when the shared folder is absent (failure on CI).
 */
class S2PicketFidelityTest {
    static final String[] SEGMENTATIONS = {
        "ffts_gmm", "ffts_kmeans", "gabor_gmm", "gabor_kmeans", "intensities_gmm", "intensities_kmeans"};

    static Path referenceDir() {
        Path p = TestData.dataDir().getParent().resolve("reference").resolve("picket-py-tomo1");
        if (!Files.isDirectory(p)) {
            String msg = "PickET reference outputs not found at " + p;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg + " (CI=true: missing test data is an error)");
            }
            Assumptions.abort(msg);
        }
        return p;
    }

    /** The binary mask {@code segmentation == 1} and its dimensions, as {nx, ny, nz} in dims. */
    static byte[] particleMask(Path mrc, int[] dims) {
        Volume v = MrcFile.open(mrc).readVolume();
        dims[0] = v.nx();
        dims[1] = v.ny();
        dims[2] = v.nz();
        byte[] m = new byte[v.size()];
        float[] d = v.data();
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (d[i] == 1f ? 1 : 0);
        }
        return m;
    }

    /** The x, y, z triples under Predicted_Particle_Centroid_Coordinates (lines "- x: N", "  y: N", "  z: N"). */
    static List<int[]> readCentroids(Path yaml) throws IOException {
        List<int[]> out = new ArrayList<>();
        boolean in = false;
        int[] cur = null;
        for (String line : Files.readAllLines(yaml)) {
            if (!line.startsWith(" ") && !line.startsWith("-")) {
                in = line.startsWith("Predicted_Particle_Centroid_Coordinates:");
                continue;
            }
            if (!in) {
                continue;
            }
            String t = line.trim();
            if (t.startsWith("- ")) {
                cur = new int[3];
                out.add(cur);
                t = t.substring(2).trim();
            }
            int colon = t.indexOf(':');
            int axis = "xyz".indexOf(t.substring(0, colon).trim());
            cur[axis] = Integer.parseInt(t.substring(colon + 1).trim());
        }
        return out;
    }

    static List<int[]> truncated(List<Particle> ps) {
        List<int[]> out = new ArrayList<>();
        for (Particle p : ps) {
            out.add(new int[] {(int) p.x(), (int) p.y(), (int) p.z()});
        }
        return out;
    }

    /** Number of points of {@code theirs} with one of {@code ours} within Euclidean distance {@code tol}. */
    static int matched(List<int[]> theirs, List<int[]> ours, double tol) {
        int hit = 0;
        for (int[] t : theirs) {
            for (int[] o : ours) {
                double dx = t[0] - o[0], dy = t[1] - o[1], dz = t[2] - o[2];
                if (dx * dx + dy * dy + dz * dz <= tol * tol) {
                    hit++;
                    break;
                }
            }
        }
        return hit;
    }

    /** picket_tomo1_peaks.txt (see make_picket_peaks.py): "seg variant" -> peak indices. */
    static java.util.Map<String, int[]> skimagePeaks() throws IOException {
        java.util.Map<String, int[]> out = new java.util.HashMap<>();
        try (java.io.InputStream in = S2PicketFidelityTest.class.getResourceAsStream("picket_tomo1_peaks.txt")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] t = line.trim().split(" ");
                out.put(t[0] + " " + t[1], S2TestUtil.ints(t, 2));
            }
        }
        return out;
    }

    static List<String> keys(List<int[]> pts) {
        List<String> out = new ArrayList<>();
        for (int[] p : pts) {
            out.add(p[0] + "," + p[1] + "," + p[2]);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffts_gmm", "ffts_kmeans", "gabor_gmm", "gabor_kmeans", "intensities_gmm",
        "intensities_kmeans"})
    void connectedComponentsAndWatershedMatchPicket(String seg) throws IOException {
        Path dir = referenceDir();
        int[] dims = new int[3];
        byte[] mask = particleMask(dir.resolve("segmentation_0_" + seg + ".mrc"), dims);
        int nx = dims[0], ny = dims[1], nz = dims[2];

        // CC: the same centroids, in the same order
        List<int[]> ccTheirs = readCentroids(dir.resolve("predicted_centroids_0_" + seg
                + "_connected_component_labeling.yaml"));
        List<int[]> ccOurs = truncated(Centroids.of(ConnectedComponents.label(mask, new Shape(nx, ny, nz))));
        assertEquals(ccTheirs.size(), ccOurs.size(), seg + ": CC count");
        assertEquals(keys(ccTheirs), keys(ccOurs), seg + ": CC centroids");

        // peaks: ours are scikit-image 0.19.3's once its argsort is made stable
        java.util.Map<String, int[]> sk = skimagePeaks();
        float[] edt = DistanceTransform.edt(mask, new Shape(nx, ny, nz), 2);
        int[] peaks = PeakLocalMax.peaks(edt, new Shape(nx, ny, nz), 15, 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(sk.get(seg + " stable-argsort"), peaks, seg + ": peaks");

        // watershed from the peaks PickET had: exactly PickET's centroids
        List<int[]> wsTheirs = readCentroids(dir.resolve("predicted_centroids_0_" + seg
                + "_watershed_segmentation.yaml"));
        int[] theirPeaks = sk.get(seg + " skimage-0.19.3");
        List<int[]> fromTheirPeaks = truncated(Centroids.of(
                Watershed.fromPeaks(edt, mask, new Shape(nx, ny, nz), theirPeaks, Flooding.SKIMAGE_0_19)));
        assertEquals(keys(wsTheirs), keys(fromTheirPeaks), seg + ": WS centroids from 0.19.3's peaks");

        // the whole pipeline with our peaks
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "fidelity %-18s CC %d = %d exact | WS PickET n=%d, from its peaks exact | peaks %d vs %d", seg,
                ccOurs.size(), ccTheirs.size(), wsTheirs.size(), peaks.length, theirPeaks.length));
        for (Flooding f : Flooding.values()) {
            List<int[]> wsOurs =
                    truncated(Centroids.of(Watershed.fromPeaks(edt, mask, new Shape(nx, ny, nz), peaks, f)));
            int exact = matched(wsTheirs, wsOurs, 0);
            int near = matched(wsTheirs, wsOurs, 2);
            line.append(String.format(Locale.ROOT, " | %s n=%d exact %d within2 %d", f, wsOurs.size(), exact, near));
            if (f == Flooding.SKIMAGE_0_19 && peaks.length == theirPeaks.length) {
                assertTrue(Math.abs(wsOurs.size() - wsTheirs.size()) <= 0.05 * wsTheirs.size(),
                        seg + ": WS count " + wsOurs.size() + " vs " + wsTheirs.size());
                assertTrue(near >= 0.95 * wsTheirs.size(), seg + ": WS within 2 voxels " + near + "/"
                        + wsTheirs.size());
            }
        }
        // When 0.19.3's unstable sort kept a different number of peaks (ffts_kmeans: 17 vs 16), the checks above
        // (our peaks = 0.19.3's with a stable sort; its peaks give exactly its centroids) already pin the cause.
        System.out.println(line);
    }
}
