package org.picketnf.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.TestData;
import org.picketnf.core.Volume;
import org.picketnf.core.mrc.MrcFile;

/**
 * S1 against the original PickET's own segmentations of DeepFinder tomo1 (reference/picket-py-tomo1/), with
 * PickET's settings: every neighborhood fitted, neighborhood 5, 10 sinusoids / 64 Gabor features, seed 42.
 * Compared on interior voxels (PickET's 2-voxel border carries its label-flip bug). Thresholds from the issue:
 * KMeans >= 99% agreement for each mode, GMM >= 97%.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S1PicketFidelityTest {
    @TempDir
    static Path dir;
    Path ref;
    Path pre;
    final Map<String, Double> agreement = new LinkedHashMap<>();

    @BeforeAll
    void preprocess() {
        ref = TestData.shared("reference/picket-py-tomo1");
        pre = dir.resolve("pre.mrc");
        S1Run.ok(S1Run.features("preprocess", "--in", TestData.shared("data/deepfinder-toy/tomo1.mrc").toString(),
                "--out", pre.toString()));
    }

    private void runMode(String mode) {
        Path npy = dir.resolve(mode + ".npy");
        Path spec = dir.resolve(mode + ".json");
        S1Run.ok(S1Run.features("extract", "--pre", pre.toString(), "--mode", mode, "--out", npy.toString(),
                "--spec", spec.toString(), "--max-neighborhoods", "0"));
        for (String cl : new String[] {"kmeans", "gmm"}) {
            Path model = dir.resolve(mode + "_" + cl + ".json");
            Path seg = dir.resolve("seg_" + mode + "_" + cl + ".mrc");
            S1Run.ok(S1Run.cluster("--features", npy.toString(), "--spec", spec.toString(), "--method", cl,
                    "--out", model.toString()));
            S1Run.ok(S1Run.segment("--pre", pre.toString(), "--model", model.toString(), "--out", seg.toString(),
                    "--provenance", dir.resolve("seg_" + mode + "_" + cl + ".prov.json").toString(),
                    "--mode", mode));
            long[] sameOfAll = agreement(MrcFile.open(seg).readVolume(),
                    MrcFile.open(ref.resolve("segmentation_0_" + mode + "_" + cl + ".mrc")).readVolume(), 2);
            double a = (double) sameOfAll[0] / sameOfAll[1];
            agreement.put(mode + "_" + cl, a);
            System.out.printf(Locale.ROOT, "fidelity %s %s: %.5f of interior voxels agree with PickET (%d of %d"
                    + " differ)%n", mode, cl, a, sameOfAll[1] - sameOfAll[0], sameOfAll[1]);
            double min = cl.equals("kmeans") ? 0.99 : 0.97;
            assertTrue(a >= min, String.format(Locale.ROOT, "%s %s agreement %.4f < %.2f", mode, cl, a, min));
        }
    }

    @Test
    void intensities() {
        runMode("intensities");
    }

    @Test
    void ffts() {
        runMode("ffts");
    }

    @Test
    void gabor() {
        runMode("gabor");
    }

    /** Our border fix: the 2-voxel shell is background whatever PickET made of it. */
    @Test
    void borderIsBackground() throws Exception {
        Path model = dir.resolve("border_kmeans.json");
        Path npy = dir.resolve("border.npy");
        Path spec = dir.resolve("border.json");
        S1Run.ok(S1Run.features("extract", "--pre", pre.toString(), "--mode", "intensities", "--out", npy.toString(),
                "--spec", spec.toString(), "--max-neighborhoods", "20000"));
        S1Run.ok(S1Run.cluster("--features", npy.toString(), "--spec", spec.toString(), "--method", "kmeans",
                "--out", model.toString()));
        Path seg = dir.resolve("border.mrc");
        S1Run.ok(S1Run.segment("--pre", pre.toString(), "--model", model.toString(), "--out", seg.toString(),
                "--provenance", dir.resolve("border.prov.json").toString()));
        Volume v = MrcFile.open(seg).readVolume();
        long ones = 0;
        long interior = 0;
        for (int z = 0; z < v.nz(); z++) {
            for (int y = 0; y < v.ny(); y++) {
                for (int x = 0; x < v.nx(); x++) {
                    boolean border = x < 2 || y < 2 || z < 2 || x >= v.nx() - 2 || y >= v.ny() - 2 || z >= v.nz() - 2;
                    float l = v.get(x, y, z);
                    if (border) {
                        assertEquals(0f, l, "border voxel " + x + "," + y + "," + z);
                    } else {
                        interior++;
                        ones += l == 1f ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(ones > 0 && ones * 2 <= interior, "cluster 1 is the smaller, non-empty one: " + ones);
        // determinism: the same inputs give the same bytes
        Path seg2 = dir.resolve("border2.mrc");
        S1Run.ok(S1Run.segment("--pre", pre.toString(), "--model", model.toString(), "--out", seg2.toString(),
                "--provenance", dir.resolve("border2.prov.json").toString(), "--threads", "1"));
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(seg2));
    }

    /** {voxels whose labels agree, voxels compared}, over voxels at least {@code border} from every face. */
    static long[] agreement(Volume a, Volume b, int border) {
        assertEquals(a.nx(), b.nx());
        assertEquals(a.ny(), b.ny());
        assertEquals(a.nz(), b.nz());
        long same = 0;
        long n = 0;
        for (int z = border; z < a.nz() - border; z++) {
            for (int y = border; y < a.ny() - border; y++) {
                for (int x = border; x < a.nx() - border; x++) {
                    same += a.get(x, y, z) == b.get(x, y, z) ? 1 : 0;
                    n++;
                }
            }
        }
        return new long[] {same, n};
    }
}
