package org.picketnf.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.Geometry;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.Shape;
import org.picketnf.core.Volume;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;

/** Every bad input named in the S2 issue: one line on stderr naming the problem, exit 2, nothing written. */
class LocalizeBadInputTest {
    @TempDir
    Path dir;
    Path seg;
    Path tomo;
    List<String> before;

    @BeforeEach
    void setUp() throws IOException {
        LabelVolume l = Seg.empty(20, 18, 16);
        Seg.sphere(l, 9, 9, 8, 3, 1);
        seg = Seg.write(dir, "seg.mrc", l);
        tomo = dir.resolve("tomo.mrc");
        MrcWriter.write(tomo, Volume.zeros(20, 18, 16, Geometry.isotropic(10)), MrcMode.FLOAT32);
        before = Seg.listing(dir);
    }

    private void assertBad(String needle, String... args) throws IOException {
        Seg.Result r = Seg.run(args);
        assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
        assertEquals(1, r.err().lines().count(), () -> "one line expected: " + r.err());
        assertTrue(r.err().startsWith("picket-localize: "), r.err());
        assertTrue(r.err().contains(needle), () -> "'" + needle + "' not in: " + r.err());
        assertEquals("", r.out());
        assertEquals(before, Seg.listing(dir), "nothing may be written (no outputs, no .part files)");
    }

    private String[] with(String... extra) {
        List<String> a = new ArrayList<>(List.of("--segmentation", seg.toString(), "--method", "both",
                "--out-dir", dir.toString()));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @Test
    void versionPrintsOneLineAndWritesNothing() throws IOException {
        Seg.Result r = Seg.run(with("--version"));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().matches("picket-localize (dev|" + java.util.regex.Pattern.quote(
                System.getProperty("picket.version", "dev")) + ")\\R"), r.out());
        assertEquals(before, Seg.listing(dir), "--version must not run the tool");
    }

    @Test
    void missingSegmentation() throws IOException {
        Path m = dir.resolve("missing.mrc");
        assertBad("missing.mrc: no such file", "--segmentation", m.toString(), "--method", "both",
                "--out-dir", dir.toString());
    }

    @Test
    void unreadableSegmentation() throws IOException {
        Path g = dir.resolve("garbage.mrc");
        Files.writeString(g, "this is not an MRC file");
        before = Seg.listing(dir);
        assertBad("garbage.mrc", "--segmentation", g.toString(), "--method", "both", "--out-dir", dir.toString());
    }

    @Test
    void emptySegmentation() throws IOException {
        Path e = dir.resolve("empty.mrc");
        try (MrcWriter w = MrcWriter.create(e, new Shape(8, 8, 0), MrcMode.INT8, Geometry.UNIT)) {
            w.writeSections(new byte[0], 0, 0);
        }
        before = Seg.listing(dir);
        assertBad("empty.mrc: contains no data", "--segmentation", e.toString(), "--method", "both",
                "--out-dir", dir.toString());
    }

    @Test
    void clusterIdAbsent() throws IOException {
        assertBad("has no voxel with value 3", with("--particle-cluster-id", "3"));
    }

    @Test
    void clusterIdAbsentInTheSecondOfSeveral() throws IOException {
        LabelVolume l = Seg.empty(20, 18, 16);
        Seg.sphere(l, 9, 9, 8, 3, 3);
        Path s3 = Seg.write(dir, "three.mrc", l);
        before = Seg.listing(dir);
        assertBad("seg.mrc has no voxel with value 3", "--segmentation", s3.toString(), "--segmentation",
                seg.toString(), "--particle-cluster-id", "3", "--method", "both", "--out-dir", dir.toString());
    }

    @Test
    void minDistanceBelowOne() throws IOException {
        assertBad("--min-distance", with("--min-distance", "0"));
    }

    @Test
    void boxLargerThanTheVolume() throws IOException {
        assertBad("--box: 17 is larger than the volume", with("--tomogram", tomo.toString(), "--box", "17"));
    }

    @Test
    void boxWithoutTomogram() throws IOException {
        assertBad("--box needs --tomogram", with("--box", "5"));
    }

    @Test
    void tomogramOfAnotherShape() throws IOException {
        Path t2 = dir.resolve("t2.mrc");
        MrcWriter.write(t2, Volume.zeros(20, 18, 15, Geometry.isotropic(10)), MrcMode.FLOAT32);
        before = Seg.listing(dir);
        assertBad("t2.mrc: is 20x18x15 but segmentation", with("--tomogram", t2.toString(), "--box", "5"));
    }

    @Test
    void unknownSkimageRules() throws IOException {
        assertBad("--skimage: '0.22'", "--segmentation", seg.toString(), "--method", "watershed_segmentation",
                "--out-prefix", dir.resolve("out").toString(), "--skimage", "0.22");
    }

    @Test
    void unwritableOutput() throws IOException {
        Path p = dir.resolve("no/such/dir/out");
        assertBad("does not exist", "--segmentation", seg.toString(), "--method", "watershed_segmentation",
                "--out-prefix", p.toString());
    }

    @Test
    void outDirMissing() throws IOException {
        assertBad("--out-dir", "--segmentation", seg.toString(), "--method", "both", "--out-dir",
                dir.resolve("nope").toString());
    }

    @Test
    void zLimitsOutsideOrCrossed() throws IOException {
        assertBad("--upper-z: 16 is outside the volume", with("--upper-z", "16"));
        assertBad("--lower-z 9 is above --upper-z 8", with("--lower-z", "9", "--upper-z", "8"));
    }

    @Test
    void unknownMethodAndMissingOptions() throws IOException {
        assertBad("--method: 'meanshift'", "--segmentation", seg.toString(), "--method", "meanshift",
                "--out-dir", dir.toString());
        assertBad("--method is required", "--segmentation", seg.toString(), "--out-dir", dir.toString());
        assertBad("exactly one of --out-prefix and --out-dir", "--segmentation", seg.toString(), "--method",
                "both");
        assertBad("--out-prefix: takes one segmentation and one method", "--segmentation", seg.toString(),
                "--method", "both", "--out-prefix", dir.resolve("x").toString());
    }

    @Test
    void badSizeFilter() throws IOException {
        assertBad("--max-voxels 5 is below --min-voxels 10", with("--min-voxels", "10", "--max-voxels", "5"));
    }

    @Test
    void stackWithoutBoxAndBadTomoName() throws IOException {
        assertBad("--stack needs --box", with("--stack"));
        assertBad("--tomo-name", with("--tomo-name", "two words"));
    }

    @Test
    void provenanceMissingOrMiscounted() throws IOException {
        assertBad("p.json: no such file", with("--provenance", dir.resolve("p.json").toString()));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{not json");
        before = Seg.listing(dir);
        assertBad("bad.json: not valid JSON", with("--provenance", bad.toString()));
        assertBad("--provenance: given 2 times for 1", with("--provenance", bad.toString(), "--provenance",
                bad.toString()));
    }

    @Test
    void foreignFileInTheSubtomogramFolder() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("seg_watershed_segmentation_subtomos"));
        Files.writeString(sub.resolve("notes.txt"), "mine");
        before = Seg.listing(dir);
        assertBad("notes.txt", with("--tomogram", tomo.toString(), "--box", "5"));
    }

    private void assertBadAsIs(String needle, String... args) throws IOException {
        Seg.Result r = Seg.runAsIs(args);
        assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
        assertEquals(1, r.err().lines().count(), () -> "one line expected: " + r.err());
        assertTrue(r.err().contains(needle), () -> "'" + needle + "' not in: " + r.err());
        assertEquals(before, Seg.listing(dir), "nothing may be written");
    }

    @Test
    void autoClusterNeedsZerosAndOnes() throws IOException {
        LabelVolume l = Seg.empty(20, 18, 16);
        Seg.sphere(l, 9, 9, 8, 3, 2);
        Path three = Seg.write(dir, "three.mrc", l);
        before = Seg.listing(dir);
        assertBadAsIs("--particle-cluster-id auto needs a segmentation of 0s and 1s", "--segmentation",
                three.toString(), "--method", "both", "--out-dir", dir.toString());
        // with several segmentations the check comes before the first one's outputs
        assertBadAsIs("three.mrc: has the value 2.0", "--segmentation", seg.toString(), "--segmentation",
                three.toString(), "--method", "both", "--out-dir", dir.toString());
    }

    @Test
    void particleDiameterNeedsAVoxelSize() throws IOException {
        // the header's cell (bytes 40-51) zeroed: no voxel size
        Path noSize = dir.resolve("nosize.mrc");
        byte[] b = Files.readAllBytes(seg);
        java.util.Arrays.fill(b, 40, 52, (byte) 0);
        Files.write(noSize, b);
        before = Seg.listing(dir);
        assertBadAsIs("nosize.mrc: the MRC header has no usable voxel size", "--segmentation", noSize.toString(),
                "--method", "both", "--out-dir", dir.toString(), "--particle-diameter-A", "100");
    }

    @Test
    void badAutomaticValues() throws IOException {
        assertBadAsIs("--min-voxels: 'x' is not a whole number, auto or off", with("--min-voxels", "x"));
        assertBadAsIs("--max-voxels: must be >= 1, auto or off, got 0", with("--max-voxels", "0"));
        assertBadAsIs("--particle-diameter-A: must be a number > 0", with("--particle-diameter-A", "-5"));
        assertBadAsIs("--min-distance: 'far' is not an integer", with("--min-distance", "far"));
        assertBadAsIs("--particle-cluster-id: 'automatic' is not an integer", with("--particle-cluster-id",
                "automatic"));
    }
}
