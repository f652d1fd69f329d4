package org.picketnf.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.Geometry;
import org.picketnf.core.Volume;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;

/** Every kind of bad input named in the S1 issue: one line on stderr naming the problem, exit 2, nothing written. */
class S1BadInputTest {
    @TempDir
    Path dir;
    Path tomo;
    Path pre;

    @BeforeEach
    void setUp() {
        Random r = new Random(20261125);
        float[] d = new float[20 * 18 * 16];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        tomo = dir.resolve("tomo.mrc");
        MrcWriter.write(tomo, new Volume(20, 18, 16, d, Geometry.isotropic(10)), MrcMode.FLOAT32);
        pre = dir.resolve("pre.mrc");
        S1Run.ok(S1Run.features("preprocess", "--in", tomo.toString(), "--out", pre.toString()));
    }

    private void assertBad(S1Run.Result r, String needle, Path... mustNotExist) throws IOException {
        assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
        assertEquals(1, r.err().lines().count(), () -> "one line expected: " + r.err());
        assertTrue(r.err().contains(needle), () -> "'" + needle + "' not in: " + r.err());
        for (Path p : mustNotExist) {
            assertFalse(Files.exists(p), p + " must not be written");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
        }
    }

    private S1Run.Result extract(String... extra) {
        String[] base = {"extract", "--pre", pre.toString(), "--mode", "intensities",
                "--out", dir.resolve("s.npy").toString(), "--spec", dir.resolve("s.json").toString()};
        return S1Run.features(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
    }

    @Test
    void evenNeighborhood() throws IOException {
        assertBad(extract("--neighborhood-size", "4"), "--neighborhood-size", dir.resolve("s.npy"));
    }

    @Test
    void neighborhoodLargerThanVolume() throws IOException {
        assertBad(extract("--neighborhood-size", "17"), "larger than the volume", dir.resolve("s.npy"));
    }

    @Test
    void zLimitsOutside() throws IOException {
        assertBad(extract("--lower-z", "4", "--upper-z", "40"), "outside the volume", dir.resolve("s.npy"));
    }

    @Test
    void zLimitsEmpty() throws IOException {
        assertBad(extract("--lower-z", "8", "--upper-z", "8"), "empty", dir.resolve("s.npy"));
    }

    @Test
    void zSlabThinnerThanWindow() throws IOException {
        assertBad(extract("--lower-z", "8", "--upper-z", "11"), "smaller than one", dir.resolve("s.npy"));
    }

    @Test
    void unknownMode() throws IOException {
        S1Run.Result r = S1Run.features("extract", "--pre", pre.toString(), "--mode", "wavelets",
                "--out", dir.resolve("s.npy").toString(), "--spec", dir.resolve("s.json").toString());
        assertBad(r, "wavelets", dir.resolve("s.npy"));
    }

    @Test
    void nonFiniteData() throws IOException {
        float[] d = new float[10 * 10 * 10];
        d[123] = Float.NaN;
        Path bad = dir.resolve("nan.mrc");
        MrcWriter.write(bad, new Volume(10, 10, 10, d, Geometry.UNIT), MrcMode.FLOAT32);
        Path out = dir.resolve("nanpre.mrc");
        assertBad(S1Run.features("preprocess", "--in", bad.toString(), "--out", out.toString()), "nan.mrc", out);
    }

    @Test
    void truncatedTomogram() throws IOException {
        Path cut = dir.resolve("cut.mrc");
        byte[] b = Files.readAllBytes(tomo);
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 100));
        Path out = dir.resolve("cutpre.mrc");
        assertBad(S1Run.features("preprocess", "--in", cut.toString(), "--out", out.toString()), "truncated", out);
    }

    @Test
    void unwritableOutput() throws IOException {
        Path out = dir.resolve("no/such/dir/pre.mrc");
        assertBad(S1Run.features("preprocess", "--in", tomo.toString(), "--out", out.toString()), "does not exist",
                out);
    }

    @Test
    void modelFromAnotherMode() throws IOException {
        S1Run.ok(extract());
        Path model = dir.resolve("m.json");
        S1Run.ok(S1Run.cluster("--features", dir.resolve("s.npy").toString(), "--spec",
                dir.resolve("s.json").toString(), "--method", "kmeans", "--out", model.toString()));
        Path seg = dir.resolve("seg.mrc");
        assertBad(S1Run.segment("--pre", pre.toString(), "--model", model.toString(), "--out", seg.toString(),
                "--provenance", dir.resolve("seg.json").toString(), "--mode", "ffts"), "intensities model", seg,
                dir.resolve("seg.json"));
    }

    @Test
    void sampleAndSpecMismatch() throws IOException {
        S1Run.ok(extract());
        S1Run.ok(S1Run.features("extract", "--pre", pre.toString(), "--mode", "ffts",
                "--out", dir.resolve("f.npy").toString(), "--spec", dir.resolve("f.json").toString()));
        Path model = dir.resolve("m.json");
        assertBad(S1Run.cluster("--features", dir.resolve("s.npy").toString(), "--spec",
                dir.resolve("f.json").toString(), "--method", "gmm", "--out", model.toString()),
                "different runs", model);
    }

    @Test
    void unknownClusterer() throws IOException {
        S1Run.ok(extract());
        Path model = dir.resolve("m.json");
        assertBad(S1Run.cluster("--features", dir.resolve("s.npy").toString(), "--spec",
                dir.resolve("s.json").toString(), "--method", "dbscan", "--out", model.toString()), "dbscan", model);
    }

    /** Several models in one run: the counts of --model, --out and --provenance must match. */
    @Test
    void modelsAndOutputsOfDifferentCounts() throws IOException {
        S1Run.ok(extract());
        Path model = dir.resolve("m.json");
        S1Run.ok(S1Run.cluster("--features", dir.resolve("s.npy").toString(), "--spec",
                dir.resolve("s.json").toString(), "--method", "kmeans", "--out", model.toString()));
        Path a = dir.resolve("a.mrc");
        Path b = dir.resolve("b.mrc");
        assertBad(S1Run.segment("--pre", pre.toString(), "--model", model.toString(), "--out", a.toString(),
                "--provenance", dir.resolve("a.json").toString(), "--model", model.toString(), "--out", b.toString()),
                "same number of times", a, b, dir.resolve("a.json"));
    }

    /** Several models in one run must share their features: an intensities and an ffts model are refused. */
    @Test
    void modelsOfDifferentFeatures() throws IOException {
        S1Run.ok(extract());
        Path mi = dir.resolve("mi.json");
        S1Run.ok(S1Run.cluster("--features", dir.resolve("s.npy").toString(), "--spec",
                dir.resolve("s.json").toString(), "--method", "kmeans", "--out", mi.toString()));
        S1Run.ok(S1Run.features("extract", "--pre", pre.toString(), "--mode", "ffts",
                "--out", dir.resolve("f.npy").toString(), "--spec", dir.resolve("f.json").toString()));
        Path mf = dir.resolve("mf.json");
        S1Run.ok(S1Run.cluster("--features", dir.resolve("f.npy").toString(), "--spec",
                dir.resolve("f.json").toString(), "--method", "kmeans", "--out", mf.toString()));
        Path a = dir.resolve("a.mrc");
        Path b = dir.resolve("b.mrc");
        assertBad(S1Run.segment("--pre", pre.toString(), "--model", mi.toString(), "--out", a.toString(),
                "--provenance", dir.resolve("a.json").toString(), "--model", mf.toString(), "--out", b.toString(),
                "--provenance", dir.resolve("b.json").toString()), "other features", a, b, dir.resolve("a.json"),
                dir.resolve("b.json"));
    }
}
