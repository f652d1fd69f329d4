package org.picketnf.core.mrc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.Shape;
import org.picketnf.core.Volume;

/**
 * Writes volumes with {@link MrcWriter}, checks the bytes directly (header fields at their MRC2014 offsets, data
 * decoded with a plain ByteBuffer) and reads them back with {@link MrcFile}. Also checks {@link Half}.
 */
class RoundTripTest {
    private static final int NX = 13;
    private static final int NY = 11;
    private static final int NZ = 7;
    /** Anisotropic voxels and a non-zero origin; n * voxel is exact in float32 for every axis. */
    private static final Geometry GEOM = new Geometry(2.5, 3.75, 5.125, 12.5, -33.25, 7.0);

    /** A seeded random volume whose values suit {@code mode} (in range, with the extreme values included). */
    private static float[] randomData(MrcMode mode) {
        Random r = new Random(20140 + mode.code());
        float[] d = new float[NX * NY * NZ];
        double lo;
        double hi;
        switch (mode) {
            case FLOAT32 -> {
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) (r.nextGaussian() * 50 + 10);
                }
                return d;
            }
            case FLOAT16 -> {
                for (int i = 0; i < d.length; i++) {
                    // mostly normal halves, some tiny values that become half subnormals
                    d[i] = (float) (i % 17 == 0 ? r.nextGaussian() * 1e-6 : r.nextGaussian() * 1000);
                }
                return d;
            }
            case INT8 -> {
                lo = -128;
                hi = 127;
            }
            case INT16 -> {
                lo = -32768;
                hi = 32767;
            }
            case UINT16 -> {
                lo = 0;
                hi = 65535;
            }
            default -> throw new IllegalArgumentException(mode.toString());
        }
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (lo - 0.49 + r.nextDouble() * (hi - lo + 0.98));
        }
        d[0] = (float) lo;
        d[1] = (float) hi;
        d[2] = (float) (lo - 0.4);
        d[3] = (float) (hi + 0.4);
        return d;
    }

    /** The value a file of {@code mode} should hold for {@code v}; float16 is checked separately. */
    private static float storedInt(float v) {
        return (float) Math.floor(v + 0.5);
    }

    private static int bytesPerVoxel(MrcMode mode) {
        return switch (mode) {
            case INT8 -> 1;
            case INT16, UINT16, FLOAT16 -> 2;
            case FLOAT32 -> 4;
            default -> throw new IllegalArgumentException(mode.toString());
        };
    }

    /** Decodes the data block without MrcFile. */
    private static float[] decodeData(byte[] file, MrcMode mode, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(file, 1024, file.length - 1024).slice().order(order);
        float[] out = new float[NX * NY * NZ];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (mode) {
                case FLOAT32 -> b.getFloat(4 * i);
                case INT8 -> b.get(i);
                case INT16 -> b.getShort(2 * i);
                case UINT16 -> b.getShort(2 * i) & 0xffff;
                case FLOAT16 -> halfRef(b.getShort(2 * i) & 0xffff);
                default -> throw new IllegalArgumentException(mode.toString());
            };
        }
        return out;
    }

    private static void assertStoredValues(MrcMode mode, float[] src, float[] got) {
        assertEquals(src.length, got.length);
        for (int i = 0; i < src.length; i++) {
            float v = src[i];
            float g = got[i];
            if (mode == MrcMode.FLOAT32) {
                assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(g), "voxel " + i);
            } else if (mode == MrcMode.FLOAT16) {
                // nearest half: error at most half an ulp, 2^-11 relative (2^-25 absolute among subnormals)
                double tol = Math.max(Math.abs(v), 0x1p-14) * 0x1p-11;
                if (!(Math.abs(g - v) <= tol)) {
                    fail("voxel " + i + ": " + v + " stored as " + g);
                }
                // and it is a half value: no bits beyond the 10-bit mantissa
                assertEquals(0, Float.floatToIntBits(g) & 0x1fff, "voxel " + i + " is not a half: " + g);
            } else {
                assertEquals(storedInt(v), g, 0f, "voxel " + i + " = " + v);
            }
        }
    }

    private static void assertHeaderBytes(byte[] file, MrcMode mode, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(file).order(order);
        assertEquals(NX, b.getInt(0));
        assertEquals(NY, b.getInt(4));
        assertEquals(NZ, b.getInt(8));
        assertEquals(mode.code(), b.getInt(12));
        assertArrayEquals(new int[] {0, 0, 0}, new int[] {b.getInt(16), b.getInt(20), b.getInt(24)}, "NSTART");
        assertArrayEquals(new int[] {NX, NY, NZ}, new int[] {b.getInt(28), b.getInt(32), b.getInt(36)}, "MX,MY,MZ");
        assertEquals(32.5f, b.getFloat(40), 0f, "CELLA x = 13 * 2.5");
        assertEquals(41.25f, b.getFloat(44), 0f, "CELLA y = 11 * 3.75");
        assertEquals(35.875f, b.getFloat(48), 0f, "CELLA z = 7 * 5.125");
        assertArrayEquals(new float[] {90f, 90f, 90f}, new float[] {b.getFloat(52), b.getFloat(56), b.getFloat(60)});
        assertArrayEquals(new int[] {1, 2, 3}, new int[] {b.getInt(64), b.getInt(68), b.getInt(72)}, "MAPC,MAPR,MAPS");
        assertEquals(1, b.getInt(88), "ISPG");
        assertEquals(0, b.getInt(92), "NSYMBT");
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(file, 104, 108), "EXTTYP");
        assertEquals(20140, b.getInt(108), "NVERSION");
        if (mode == MrcMode.INT8) {
            // IMOD stamp with flag bit 0 set: bytes are signed, as MRC2014 says
            assertEquals(1146047817, b.getInt(152));
            assertEquals(1, file[156]);
        } else {
            assertEquals(0, b.getInt(152));
        }
        assertArrayEquals(new float[] {12.5f, -33.25f, 7.0f}, new float[] {b.getFloat(196), b.getFloat(200),
                b.getFloat(204)}, "ORIGIN");
        assertEquals("MAP ", new String(file, 208, 4, StandardCharsets.US_ASCII));
        byte[] machst = order == ByteOrder.LITTLE_ENDIAN ? new byte[] {0x44, 0x44, 0, 0} : new byte[] {0x11, 0x11, 0, 0};
        assertArrayEquals(machst, java.util.Arrays.copyOfRange(file, 212, 216), "MACHST");
        assertEquals(1, b.getInt(220), "NLABL");
        String label = new String(file, 224, 80, StandardCharsets.US_ASCII);
        assertEquals(String.format("%-80s", MrcWriter.LABEL), label);
        for (int i = 304; i < 1024; i++) {
            assertEquals(0, file[i], "unused label byte " + i);
        }
    }

    /** DMIN, DMAX, DMEAN, RMS against min, max, mean and (population) standard deviation of the stored values. */
    private static void assertStatistics(byte[] file, ByteOrder order, float[] stored) {
        ByteBuffer b = ByteBuffer.wrap(file).order(order);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : stored) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        double mean = sum / stored.length;
        double ss = 0;
        for (float v : stored) {
            ss += (v - mean) * (v - mean);
        }
        float std = (float) Math.sqrt(ss / stored.length);
        assertEquals((float) min, b.getFloat(76), 0f, "DMIN");
        assertEquals((float) max, b.getFloat(80), 0f, "DMAX");
        assertEquals((float) mean, b.getFloat(84), 2 * Math.ulp((float) mean) + 1e-12f, "DMEAN");
        assertEquals(std, b.getFloat(216), 2 * Math.ulp(std), "RMS");
    }

    private static Path writeVolume(Path target, float[] src, MrcMode mode, ByteOrder order) {
        try (MrcWriter w = MrcWriter.create(target, new Shape(NX, NY, NZ), mode, GEOM, order, false,
                List.of(MrcWriter.LABEL))) {
            w.writeSections(src, 0, NZ);
        }
        return target;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @ParameterizedTest
    @EnumSource(value = MrcMode.class, names = {"FLOAT32", "INT8", "INT16", "UINT16", "FLOAT16"})
    void writeThenRead(MrcMode mode, @TempDir Path dir) throws IOException {
        float[] src = randomData(mode);
        Path f = dir.resolve("v.mrc");
        MrcWriter.write(f, new Volume(NX, NY, NZ, src.clone(), GEOM), mode);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(1024 + NX * NY * NZ * bytesPerVoxel(mode), bytes.length);
        assertHeaderBytes(bytes, mode, ByteOrder.LITTLE_ENDIAN);
        float[] decoded = decodeData(bytes, mode, ByteOrder.LITTLE_ENDIAN);
        assertStoredValues(mode, src, decoded);
        assertStatistics(bytes, ByteOrder.LITTLE_ENDIAN, decoded);

        MrcFile r = MrcFile.open(f);
        assertEquals(mode, r.mode());
        assertEquals(GEOM, r.geometry());
        assertTrue(r.warnings().isEmpty(), () -> "warnings " + r.warnings());
        assertEquals(ByteOrder.LITTLE_ENDIAN, r.header().order());
        Volume v = r.readVolume();
        assertArrayEquals(new int[] {NX, NY, NZ}, new int[] {v.nx(), v.ny(), v.nz()});
        assertArrayEquals(decoded, v.data());
        assertEquals(listing(dir), List.of("v.mrc"), "no temporary file left");
    }

    @ParameterizedTest
    @EnumSource(value = MrcMode.class, names = {"FLOAT32", "INT8", "INT16", "UINT16", "FLOAT16"})
    void bigEndianReadsBackTheSameValues(MrcMode mode, @TempDir Path dir) throws IOException {
        float[] src = randomData(mode);
        Path le = writeVolume(dir.resolve("le.mrc"), src, mode, ByteOrder.LITTLE_ENDIAN);
        Path be = writeVolume(dir.resolve("be.mrc"), src, mode, ByteOrder.BIG_ENDIAN);
        byte[] bytes = Files.readAllBytes(be);
        assertHeaderBytes(bytes, mode, ByteOrder.BIG_ENDIAN);
        float[] decoded = decodeData(bytes, mode, ByteOrder.BIG_ENDIAN);
        assertStoredValues(mode, src, decoded);
        assertStatistics(bytes, ByteOrder.BIG_ENDIAN, decoded);

        MrcFile r = MrcFile.open(be);
        assertEquals(ByteOrder.BIG_ENDIAN, r.header().order());
        assertTrue(r.header().machstRecognised());
        assertEquals(GEOM, r.geometry());
        assertArrayEquals(MrcFile.open(le).readVolume().data(), r.readVolume().data());
    }

    @ParameterizedTest
    @EnumSource(value = MrcMode.class, names = {"FLOAT32", "INT8", "INT16", "UINT16", "FLOAT16"})
    void sameVolumeGivesIdenticalBytes(MrcMode mode, @TempDir Path dir) throws IOException {
        float[] src = randomData(mode);
        Path a = dir.resolve("a.mrc");
        Path b = dir.resolve("b.mrc");
        Path c = dir.resolve("c.mrc");
        MrcWriter.write(a, new Volume(NX, NY, NZ, src.clone(), GEOM), mode);
        MrcWriter.write(b, new Volume(NX, NY, NZ, src.clone(), GEOM), mode);
        // section by section, in two slabs
        try (MrcWriter w = MrcWriter.create(c, new Shape(NX, NY, NZ), mode, GEOM)) {
            w.writeSections(src, 0, 3);
            w.writeSections(src, 3 * NX * NY, NZ - 3);
        }
        assertEquals(-1L, Files.mismatch(a, b), "two writes of the same volume differ");
        assertEquals(-1L, Files.mismatch(a, c), "writing in slabs differs from writing at once");
    }

    @Test
    void labelVolumeIsWrittenAsSignedBytes(@TempDir Path dir) {
        byte[] labels = new byte[NX * NY * NZ];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i * 37);
        }
        Path f = dir.resolve("labels.mrc");
        MrcWriter.write(f, new LabelVolume(NX, NY, NZ, labels.clone(), GEOM));
        MrcFile r = MrcFile.open(f);
        assertEquals(MrcMode.INT8, r.mode());
        assertFalse(r.header().bytesUnsigned());
        float[] d = r.readVolume().data();
        for (int i = 0; i < labels.length; i++) {
            assertEquals(labels[i], d[i], 0f, "voxel " + i);
        }
    }

    @Test
    void writerToMissingDirectoryFailsAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("missing").resolve("sub").resolve("out.mrc");
        BadInputException e = assertThrows(BadInputException.class,
                () -> MrcWriter.create(target, new Shape(NX, NY, NZ), MrcMode.FLOAT32, GEOM));
        assertTrue(e.getMessage().contains("out.mrc"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void tooFewSectionsLeaveNoTargetAndNoPartFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("short.mrc");
        float[] src = randomData(MrcMode.FLOAT32);
        MrcWriter w = MrcWriter.create(target, new Shape(NX, NY, NZ), MrcMode.FLOAT32, GEOM);
        w.writeSections(src, 0, 3);
        assertFalse(Files.exists(target), "target must not appear before close");
        RuntimeException e = assertThrows(RuntimeException.class, w::close);
        assertTrue(e.getMessage().contains("3 of 7"), e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void failedRewriteLeavesTheOldFileAlone(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("keep.mrc");
        float[] src = randomData(MrcMode.FLOAT32);
        MrcWriter.write(target, new Volume(NX, NY, NZ, src.clone(), GEOM), MrcMode.FLOAT32);
        byte[] before = Files.readAllBytes(target);
        MrcWriter w = MrcWriter.create(target, new Shape(NX, NY, NZ), MrcMode.FLOAT32, GEOM);
        w.writeSections(new float[NX * NY * NZ], 0, NZ - 1);
        assertThrows(RuntimeException.class, w::close);
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of("keep.mrc"), listing(dir));
    }

    @Test
    void outOfRangeIntegerIsRefusedAndNothingIsLeft(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("int8.mrc");
        float[] src = new float[NX * NY * NZ];
        src[5] = 127.6f;
        assertThrows(IllegalArgumentException.class,
                () -> MrcWriter.write(target, new Volume(NX, NY, NZ, src, GEOM), MrcMode.INT8));
        assertEquals(List.of(), listing(dir));
    }

    // ---- Half ----

    /** binary16 bits to float by the textbook formula, in double arithmetic (NaN for every NaN pattern). */
    private static float halfRef(int bits) {
        double sign = (bits & 0x8000) != 0 ? -1.0 : 1.0;
        int e = (bits >>> 10) & 0x1f;
        int m = bits & 0x3ff;
        if (e == 0x1f) {
            return m == 0 ? (float) (sign * Double.POSITIVE_INFINITY) : Float.NaN;
        }
        double mag = e == 0 ? m * 0x1p-24 : Math.scalb(1024.0 + m, e - 25);
        return (float) Math.copySign(mag, sign);
    }

    @Test
    void halfRoundTripsAllBitPatterns() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short h = (short) bits;
            float f = Half.toFloat(h);
            float ref = halfRef(bits);
            String hex = String.format("0x%04x", bits);
            if (Float.isNaN(ref)) {
                assertTrue(Float.isNaN(f), hex + " should be NaN, got " + f);
                short back = Half.fromFloat(f);
                assertEquals(0x7c00, back & 0x7c00, hex + ": NaN must keep an all-ones exponent");
                assertTrue((back & 0x3ff) != 0, hex + ": NaN must keep a non-zero mantissa");
                assertTrue(Float.isNaN(Half.toFloat(back)), hex);
            } else {
                assertEquals(Float.floatToIntBits(ref), Float.floatToIntBits(f), hex + " -> " + f + ", expected " + ref);
                assertEquals(bits, Half.fromFloat(f) & 0xffff, hex + " does not round-trip");
            }
        }
    }

    @Test
    void halfRoundsToNearestEven() {
        // hand-computed; the same table was cross-checked with numpy's float32 -> float16 cast
        Object[][] cases = {
            {1.0f, 0x3c00},
            {-2.0f, 0xc000},
            {-0.0f, 0x8000},
            {65504f, 0x7bff},                  // largest half
            {65519f, 0x7bff},                  // below the midpoint 65520: stays finite
            {65520f, 0x7c00},                  // midpoint to 65536: ties to even, which is infinity
            {1e10f, 0x7c00},
            {Float.POSITIVE_INFINITY, 0x7c00},
            {Float.NEGATIVE_INFINITY, 0xfc00},
            {1f + 0x1p-11f, 0x3c00},           // tie between 0x3c00 and 0x3c01: even
            {1f + 3 * 0x1p-11f, 0x3c02},       // tie between 0x3c01 and 0x3c02: even
            {1f + 0x1p-11f + 0x1p-20f, 0x3c01}, // just above the tie
            {0.1f, 0x2e66},
            {1f / 3f, 0x3555},
            {2047.5f, 0x6800},                 // tie rounds up to 2048, carrying into the exponent
            {0x1p-14f, 0x0400},                // smallest normal
            {0x1p-14f - 0x1p-25f, 0x0400},     // tie between largest subnormal 0x03ff and 0x0400: even
            {0x1p-24f, 0x0001},                // smallest subnormal
            {0x1p-25f, 0x0000},                // tie between 0 and 0x0001: even
            {1.5f * 0x1p-25f, 0x0001},
            {0x1p-26f, 0x0000},
            {-1e-10f, 0x8000},                 // underflow keeps the sign
        };
        for (Object[] c : cases) {
            float f = (Float) c[0];
            int want = (Integer) c[1];
            assertEquals(want, Half.fromFloat(f) & 0xffff, () -> f + " -> " + String.format("0x%04x",
                    Half.fromFloat(f) & 0xffff) + ", expected " + String.format("0x%04x", want));
        }
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }
}
