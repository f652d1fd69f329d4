package org.picketnf.core.mrc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.picketnf.core.mrc.MrcAssertions.assertContainsIgnoreCase;
import static org.picketnf.core.mrc.MrcAssertions.assertMrcError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.picketnf.core.Geometry;
import org.picketnf.core.TestData;
import org.picketnf.core.Volume;

/**
 * Reads every file of {@code mrc-conformance/generated} and checks it against {@code expected.json}: the analytic
 * content v[z,y,x] = x + 2y + 3z times the file's scale, the header fields the JSON gives, and the error for each
 * malformed file.
 */
class ConformanceTest {
    private static final String SUB = "mrc-conformance/generated";
    private static final Pattern OFFSET = Pattern.compile("\\bv\\s*\\+\\s*(\\d+)");
    /**
     * Scales that expected.json leaves out although the data are scaled: zero_cell.mrc holds float32(v/7) like the
     * other mode-2 files (checked with numpy: data == (v/7).astype(float32) for every voxel). JSON wins when present.
     */
    private static final Map<String, Double> SCALE_MISSING_FROM_JSON = Map.of("zero_cell.mrc", 1.0 / 7);
    private static JsonNode expected;

    private static Path dir() {
        return TestData.dir(SUB);
    }

    private static synchronized JsonNode expected() {
        if (expected == null) {
            Path json = TestData.file(SUB, "expected.json");
            try {
                expected = new ObjectMapper().readTree(json.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(json + ": cannot parse", e);
            }
        }
        return expected;
    }

    static Stream<String> files() {
        List<String> names = new ArrayList<>();
        expected().fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @Test
    void everyDataFileHasAnEntryAndEveryEntryAFile() throws IOException {
        JsonNode e = expected();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir())) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".mrc") || n.endsWith(".mrcs") || n.endsWith(".gz") || n.endsWith(".bz2"))
                    .filter(n -> !e.has(n))
                    .sorted()
                    .forEach(missing::add);
        }
        assertTrue(missing.isEmpty(), () -> "files in " + SUB + " without an entry in expected.json: " + missing);
        files().forEach(n -> assertTrue(Files.isRegularFile(dir().resolve(n)), () -> "expected.json names "
                + n + " but there is no such file"));
        assertTrue(e.size() >= 25, "expected.json lists " + e.size() + " files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void conforms(String name) {
        JsonNode e = expected().get(name);
        Path p = dir().resolve(name);
        if (e.has("compression")) {
            compressed(p, e);
        } else if (e.has("error_expected")) {
            malformed(p, e);
        } else if (e.get("mode").asInt() == 3 || e.get("mode").asInt() == 4) {
            complex(p, e.get("mode").asInt());
        } else if (e.has("shape_xyz") && e.get("shape_xyz").get(2).asInt() == 0) {
            empty(p, e);
        } else {
            readable(p, name, e);
        }
    }

    private void compressed(Path p, JsonNode e) {
        String kind = e.get("compression").asText();
        Path plain = dir().resolve(e.get("same_as").asText());
        switch (kind) {
            case "gzip" -> {
                MrcFile gz = MrcFile.open(p);
                MrcFile ref = MrcFile.open(plain);
                assertTrue(gz.isGzip());
                assertFalse(ref.isGzip());
                assertEquals(ref.mode(), gz.mode());
                assertArrayEquals(new int[] {ref.nx(), ref.ny(), ref.nz()}, new int[] {gz.nx(), gz.ny(), gz.nz()});
                assertEquals(ref.geometry(), gz.geometry());
                assertArrayEquals(ref.readVolume().data(), gz.readVolume().data(), "gzip data differ from " + plain);
                // the slab path streams too
                assertArrayEquals(ref.readSlab(3, 7).data(), gz.readSlab(3, 7).data());
            }
            case "bzip2" -> assertContainsIgnoreCase(assertMrcError(p, () -> MrcFile.open(p)), "bzip2");
            default -> fail("unknown compression " + kind);
        }
    }

    private void malformed(Path p, JsonNode e) {
        String err = e.get("error_expected").asText();
        String msg = assertMrcError(p, () -> MrcFile.open(p).readVolume());
        if (err.startsWith("file shorter than")) {
            int[] s = ints(e.get("shape_xyz"));
            long want = 1024L + (long) s[0] * s[1] * s[2] * 4;
            assertContainsIgnoreCase(msg, "truncated");
            assertContainsIgnoreCase(msg, Long.toString(want));
            try {
                assertContainsIgnoreCase(msg, Long.toString(Files.size(p)));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        } else {
            assertContainsIgnoreCase(msg, err);
            assertContainsIgnoreCase(msg, Integer.toString(e.get("mode").asInt()));
        }
    }

    private void complex(Path p, int mode) {
        String msg = assertMrcError(p, () -> MrcFile.open(p).readVolume());
        assertContainsIgnoreCase(msg, "mode " + mode);
        assertContainsIgnoreCase(msg, "complex");
    }

    private void empty(Path p, JsonNode e) {
        MrcFile f = MrcFile.open(p);
        int[] s = ints(e.get("shape_xyz"));
        assertEquals(s[0], f.nx());
        assertEquals(s[1], f.ny());
        assertEquals(0, f.nz());
        assertEquals(e.get("mode").asInt(), f.mode().code());
        String msg = assertMrcError(p, f::readVolume);
        assertContainsIgnoreCase(msg, "NZ = 0");
    }

    private void readable(Path p, String name, JsonNode e) {
        MrcFile f = MrcFile.open(p);
        MrcHeader h = f.header();
        int mode = e.get("mode").asInt();
        assertEquals(mode, f.mode().code(), "mode");
        assertEquals(mode, h.modeCode(), "header mode");
        int[] shape = ints(e.get("shape_xyz"));
        assertArrayEquals(shape, new int[] {f.nx(), f.ny(), f.nz()}, "shape X,Y,Z");

        int[] mapcrs = e.has("mapcrs") ? ints(e.get("mapcrs")) : new int[] {1, 2, 3};
        assertArrayEquals(mapcrs, new int[] {h.mapc(), h.mapr(), h.maps()}, "MAPC,MAPR,MAPS");
        assertEquals(e.has("mapcrs"), f.isPermuted());
        int[] stored = e.has("header_nx_ny_nz") ? ints(e.get("header_nx_ny_nz")) : shape;
        assertArrayEquals(stored, new int[] {h.nx(), h.ny(), h.nz()}, "header NX,NY,NZ");

        Geometry g = f.geometry();
        boolean zeroCell = false;
        if (e.has("voxel_A")) {
            double[] v = doubles(e.get("voxel_A"));
            zeroCell = v[0] == 0 && v[1] == 0 && v[2] == 0;
            if (zeroCell) {
                v = new double[] {1, 1, 1};
            }
            assertArrayEquals(v, new double[] {g.voxelX(), g.voxelY(), g.voxelZ()}, 1e-9, "voxel size");
        }
        assertEquals(zeroCell, f.voxelSizeDefaulted(), "voxel size defaulted");
        if (e.has("origin_A")) {
            assertArrayEquals(doubles(e.get("origin_A")), new double[] {g.originX(), g.originY(), g.originZ()}, 1e-9,
                    "origin");
        }
        if (e.has("nstart")) {
            assertArrayEquals(ints(e.get("nstart")), new int[] {h.nxstart(), h.nystart(), h.nzstart()}, "NSTART");
        }
        if (e.has("ispg")) {
            assertEquals(e.get("ispg").asInt(), h.ispg(), "ISPG");
        }
        if (e.has("mz")) {
            assertEquals(e.get("mz").asInt(), h.mz(), "MZ");
        }

        int nsymbt = e.path("nsymbt").asInt(0);
        assertEquals(nsymbt, h.nsymbt(), "NSYMBT");
        assertEquals(e.path("exttyp").asText(""), h.exttyp(), "EXTTYP");
        byte[] ext = f.extendedHeader();
        assertEquals(nsymbt, ext.length);
        if (e.path("note").asText().contains("extended header bytes = (i % 251)")) {
            for (int i = 0; i < ext.length; i++) {
                assertEquals((byte) (i % 251), ext[i], "extended header byte " + i);
            }
        }

        ByteOrder order = e.path("machst").asText("").startsWith("11 11") ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        assertEquals(order, h.order(), "byte order");

        if (e.has("imod_flags")) {
            assertEquals(MrcHeader.IMOD_STAMP, h.imodStamp(), "IMOD stamp");
            assertEquals(e.get("imod_flags").asInt(), h.imodFlags(), "IMOD flags");
            assertEquals((e.get("imod_flags").asInt() & 1) == 0, h.bytesUnsigned(), "bytes unsigned");
        } else {
            assertFalse(h.bytesUnsigned(), "MRC2014 mode 0 is signed without IMOD's flags");
        }

        switch (name) {
            case "legacy_no_mapid.mrc" -> {
                assertFalse(h.hasMapId());
                assertFalse(h.machstRecognised());
                assertEquals(ByteOrder.LITTLE_ENDIAN, h.order());
                assertTrue(f.warnings().stream().anyMatch(w -> w.contains("MAP")), () -> "warnings " + f.warnings());
            }
            case "zero_cell.mrc" -> assertTrue(f.warnings().stream().anyMatch(w -> w.contains("voxel size")),
                    () -> "warnings " + f.warnings());
            default -> {
                assertTrue(h.hasMapId());
                assertTrue(f.warnings().isEmpty(), () -> "unexpected warnings " + f.warnings());
            }
        }
        if (name.equals("image_stack_5.mrcs")) {
            assertEquals(5, f.nz());
        } else if (name.equals("volume_stack_2x8.mrc")) {
            assertEquals(16, f.nz());
        }

        Volume vol = f.readVolume();
        assertEquals(shape[0], vol.nx());
        assertEquals(shape[1], vol.ny());
        assertEquals(shape[2], vol.nz());
        assertEquals(g, vol.geometry());
        checkValues(name, e, vol);
        if (!f.isPermuted() && f.nz() > 2) {
            Volume slab = f.readSlab(1, f.nz() - 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(vol.data(), vol.sectionOffset(1),
                    vol.sectionOffset(f.nz() - 1)), slab.data(), "readSlab");
            assertEquals(g.originZ() + g.voxelZ(), slab.geometry().originZ(), 1e-9);
        }
    }

    /** Compares every voxel with the analytic content described by the entry. */
    private static void checkValues(String name, JsonNode e, Volume vol) {
        int mode = e.get("mode").asInt();
        String exp = e.path("expected").asText("");
        boolean nibble = mode == 101;
        if (nibble) {
            assertTrue(exp.startsWith("(x+2y+3z) % 16"), () -> "unexpected description for mode 101: " + exp);
        }
        double scale = e.has("scale") ? e.get("scale").asDouble() : SCALE_MISSING_FROM_JSON.getOrDefault(name, 1.0);
        Matcher m = OFFSET.matcher(exp);
        int offset = m.find() ? Integer.parseInt(m.group(1)) : 0;
        if (name.equals("mode0_uint8_imod_unsigned.mrc")) {
            assertEquals(100, offset, "offset parsed from expected.json");
        }
        int bad = 0;
        String first = null;
        for (int z = 0; z < vol.nz(); z++) {
            for (int y = 0; y < vol.ny(); y++) {
                for (int x = 0; x < vol.nx(); x++) {
                    int v = x + 2 * y + 3 * z;
                    float want = nibble ? v % 16 : (float) (v * scale + offset);
                    float got = vol.get(x, y, z);
                    boolean ok;
                    if (mode == 12) {
                        // float16 keeps 11 significant bits: half an ulp is 2^-11 relative
                        double tol = Math.max(Math.abs(want), 0x1p-14) * 0x1p-11;
                        ok = Math.abs(got - want) <= tol;
                    } else {
                        ok = Float.compare(want, got) == 0;
                    }
                    if (!ok) {
                        bad++;
                        if (first == null) {
                            first = "(" + x + "," + y + "," + z + ") = " + got + ", expected " + want;
                        }
                    }
                }
            }
        }
        if (bad > 0) {
            fail(name + ": " + bad + " of " + vol.size() + " voxels wrong, first " + first);
        }
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asInt();
        }
        return r;
    }

    private static double[] doubles(JsonNode a) {
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asDouble();
        }
        return r;
    }
}
