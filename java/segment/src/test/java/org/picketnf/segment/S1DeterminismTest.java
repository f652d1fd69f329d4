package org.picketnf.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;
import org.picketnf.core.sim.SimParams;
import org.picketnf.core.sim.SyntheticTomogram;

/**
 * The same inputs and seed give byte-identical S1 files (sample, spec, model, segmentation), whatever the thread
 * count; another seed changes the sample. Run on a seeded simulated tomogram with a subsampled fitting set, so the
 * seeded draw, k-means++ and EM all take part.
 */
class S1DeterminismTest {
    @TempDir
    Path dir;

    private byte[][] runAll(Path tomo, String tag, String threads, String seed, String mode, String method) {
        Path pre = dir.resolve(tag + "_pre.mrc");
        Path npy = dir.resolve(tag + ".npy");
        Path spec = dir.resolve(tag + ".json");
        Path model = dir.resolve(tag + "_model.json");
        Path seg = dir.resolve(tag + "_seg.mrc");
        S1Run.ok(S1Run.features("preprocess", "--in", tomo.toString(), "--out", pre.toString(), "--threads", threads));
        S1Run.ok(S1Run.features("extract", "--pre", pre.toString(), "--mode", mode, "--out", npy.toString(),
                "--spec", spec.toString(), "--max-neighborhoods", "3000", "--seed", seed, "--threads", threads));
        S1Run.ok(S1Run.cluster("--features", npy.toString(), "--spec", spec.toString(), "--method", method,
                "--out", model.toString(), "--threads", threads));
        S1Run.ok(S1Run.segment("--pre", pre.toString(), "--model", model.toString(), "--out", seg.toString(),
                "--provenance", dir.resolve(tag + "_prov.json").toString(), "--threads", threads));
        try {
            return new byte[][] {Files.readAllBytes(pre), Files.readAllBytes(npy), Files.readAllBytes(spec),
                Files.readAllBytes(model), Files.readAllBytes(seg)};
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @CsvSource({"ffts,gmm", "gabor,kmeans", "intensities,gmm"})
    void identicalBytesForAnyThreadCount(String mode, String method) {
        SyntheticTomogram sim = SyntheticTomogram.generate(SimParams.defaults(40, 36, 32, 5));
        Path tomo = dir.resolve("tomo.mrc");
        MrcWriter.write(tomo, sim.volume(), MrcMode.FLOAT32);
        byte[][] a = runAll(tomo, "a", "1", "42", mode, method);
        byte[][] b = runAll(tomo, "b", "3", "42", mode, method);
        String[] names = {"preprocessed", "sample", "spec", "model", "segmentation"};
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], names[i] + " differs between 1 and 3 threads");
        }
        byte[][] c = runAll(tomo, "c", "2", "7", mode, method);
        assertFalse(Arrays.equals(a[1], c[1]), "another seed draws another fitting sample");
        if (method.equals("gmm")) {
            // a GMM initialised from the saved kmeans model is the same model as one that refits the KMeans
            Path km = dir.resolve("a_km.json");
            S1Run.ok(S1Run.cluster("--features", dir.resolve("a.npy").toString(), "--spec",
                    dir.resolve("a.json").toString(), "--method", "kmeans", "--out", km.toString()));
            Path g = dir.resolve("a_gmm_init.json");
            S1Run.ok(S1Run.cluster("--features", dir.resolve("a.npy").toString(), "--spec",
                    dir.resolve("a.json").toString(), "--method", "gmm", "--init-model", km.toString(),
                    "--out", g.toString()));
            try {
                assertArrayEquals(a[3], Files.readAllBytes(g), "gmm with --init-model differs");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            // a kmeans model of another seed is refused
            Path km7 = dir.resolve("c_km.json");
            S1Run.ok(S1Run.cluster("--features", dir.resolve("a.npy").toString(), "--spec",
                    dir.resolve("a.json").toString(), "--method", "kmeans", "--seed", "7", "--out", km7.toString()));
            S1Run.Result bad = S1Run.cluster("--features", dir.resolve("a.npy").toString(), "--spec",
                    dir.resolve("a.json").toString(), "--method", "gmm", "--init-model", km7.toString(),
                    "--out", dir.resolve("bad.json").toString());
            org.junit.jupiter.api.Assertions.assertEquals(2, bad.code(), bad.err());
            assertFalse(Files.exists(dir.resolve("bad.json")));
        }
    }
}
