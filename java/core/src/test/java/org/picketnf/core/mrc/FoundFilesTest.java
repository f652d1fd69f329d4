package org.picketnf.core.mrc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.picketnf.core.mrc.MrcAssertions.assertContainsIgnoreCase;
import static org.picketnf.core.mrc.MrcAssertions.assertMrcError;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.picketnf.core.Geometry;
import org.picketnf.core.TestData;
import org.picketnf.core.Volume;

/**
 * Reads MRC files written by other software (EMDB, RELION, IMOD-era tools, mrcfile, gemmi's tests).
 *
 * <p>Every expected number here was obtained independently of the Java reader, with a small Python script
 * (numpy + struct, no MRC library): the header words were unpacked with {@code struct.unpack('<i'/'<f')} at their
 * MRC2014 byte offsets; real-space dimensions come from NX,NY,NZ placed on the axes MAPC,MAPR,MAPS; the voxel size
 * is float32 CELLA[i] / MX,MY,MZ[i] computed in float64; the data were read with {@code np.frombuffer} after
 * 1024 + NSYMBT bytes, reshaped to (NZ,NY,NX) = (sections, rows, columns) and transposed so that the result is
 * indexed [Z,Y,X] in real space. Voxel values are the float32 values printed with Python's repr; the sums are
 * float64 sums of v, v*X, v*Y and v*Z over the whole volume (they catch a wrong axis order anywhere in the map).
 */
class FoundFilesTest {

    /**
     * Expectations for one file.
     *
     * @param path under shared/data/mrc-conformance
     * @param dims real-space X, Y, Z sizes
     * @param mode MODE word
     * @param voxel expected voxel size X, Y, Z (1 where the header leaves it undefined)
     * @param defaulted true when some voxel size is undefined in the header (zero cell or sampling)
     * @param mapcrs MAPC, MAPR, MAPS
     * @param points {x, y, z, value} samples
     * @param sums sum of v, v*X, v*Y, v*Z in float64
     */
    record Found(String path, int[] dims, int mode, double[] voxel, boolean defaulted, int[] mapcrs,
                 double[][] points, double[] sums) {
        @Override
        public String toString() {
            return path;
        }
    }

    private static final int[] XYZ = {1, 2, 3};

    private static double[] vox(double v) {
        return new double[] {v, v, v};
    }

    static Stream<Found> files() {
        return Stream.of(
                // EMDB microED map, space group P21: MAPC,MAPR,MAPS = 3,1,2, header NX,NY,NZ = 73,43,25,
                // 160-byte symmetry extended header (NSYMBT, no EXTTYP), MX,MY,MZ = 40,12,72 (the box is larger than
                // one cell, so equal values recur with period 40 in X, 12 in Y, 72 in Z).
                new Found("mrcfile_testdata/EMD-3001.map", new int[] {43, 25, 73}, 2,
                        new double[] {0.44825000762939454, 0.39250000317891437, 0.45874998304578996}, false,
                        new int[] {3, 1, 2},
                        new double[][] {{24, 9, 15, 0.7216102480888367f}, {20, 6, 49, -0.3681429624557495f},
                                {40, 15, 49, 0.27601107954978943f}, {38, 14, 56, -0.09327338635921478f},
                                {35, 5, 4, 0.03422677889466286f}, {12, 7, 63, -0.0964089035987854f},
                                {39, 0, 36, 0.07778619229793549f}, {21, 8, 18, 0.08208940923213959f},
                                {14, 16, 36, -0.035334210842847824f}},
                        new double[] {41.82456039309909, 1882.520591620134, 426.6470320411099, -56.51934658509708}),
                new Found("mrcfile_testdata/EMD-3197.map", new int[] {20, 20, 20}, 2, vox(11.4), false, XYZ,
                        new double[][] {{1, 6, 6, 5.576736927032471f}, {9, 8, 10, -4.1337456703186035f},
                                {18, 12, 13, -0.2893824279308319f}, {17, 11, 15, 1.373563289642334f},
                                {16, 4, 1, 0.4225539267063141f}, {6, 5, 17, 0.9097657203674316f},
                                {18, 0, 9, -0.7467448711395264f}},
                        new double[] {6268.896269149147, 59343.017544647446, 97723.0559044471, 58741.471241493244}),
                // RELION float16 image: CELLA z = 0, so the z voxel size is undefined.
                new Found("mrcfile_testdata/float16.mrc", new int[] {64, 64, 1}, 12,
                        new double[] {3.5953123569488525, 3.5953123569488525, 1.0}, true, XYZ,
                        new double[][] {{29, 31, 0, 3.8203125f}, {51, 6, 0, -4.33984375f}, {60, 40, 0, 0.288818359375f},
                                {43, 57, 0, 1.3154296875f}, {37, 49, 0, -0.248779296875f},
                                {53, 14, 0, -0.048858642578125f}, {3, 19, 0, 1.919921875f}},
                        new double[] {168.48581314086914, 6107.393346786499, 7544.117578983307, 0.0}),
                // pyto test tomogram: no MAP id, MACHST 0, EXTTYP four spaces, angles 0.
                new Found("pyseg_pyto/tomo_int16.mrc", new int[] {5, 6, 4}, 1, vox(2.5), false, XYZ,
                        new double[][] {{2, 0, 3, 30}, {4, 3, 0, -5}, {4, 3, 2, 0}, {1, 1, 3, 0}},
                        new double[] {180.0, 330.0, 270.0, 420.0}),
                // gemmi's test map: MAPC,MAPR,MAPS = 2,1,3 (header NX,NY,NZ = 8,6,10), P21 with a 160-byte symmetry
                // extended header.
                new Found("gemmi/5i55_tiny.ccp4", new int[] {6, 8, 10}, 2,
                        new double[] {0.49083334604899087, 0.4375, 0.4950000127156576}, false, new int[] {2, 1, 3},
                        new double[][] {{5, 5, 6, 2.3988280296325684f}, {1, 3, 6, -0.5310382843017578f},
                                {5, 4, 7, 1.3184398412704468f}, {5, 1, 0, -0.21973997354507446f},
                                {1, 2, 8, 0.1464933156967163f}, {5, 0, 4, -0.4394799470901489f}},
                        new double[] {166.6178334057331, 428.3464516401291, 995.6784331798553, 602.1790813207626}),
                // CZI cryoET data portal backend test inputs, all written by mrcfile.py.
                new Found("czi_portal_backend/TS_run1.rec", new int[] {6, 8, 10}, 0,
                        new double[] {13.479999542236328, 13.479999542236328, 13.480000305175782}, false, XYZ,
                        new double[][] {{1, 0, 0, 19}, {0, 0, 0, 0}, {5, 5, 6, 18}, {5, 4, 7, 5}, {1, 2, 8, 12},
                                {5, 0, 4, 17}},
                        new double[] {4549.0, 11670.0, 16395.0, 21078.0}),
                new Found("czi_portal_backend/TS_run1.st", new int[] {20, 10, 4}, 0,
                        new double[] {5.677999877929688, 5.677999877929688, 5.677999973297119}, false, XYZ,
                        new double[][] {{13, 2, 0, 19}, {4, 0, 0, 0}, {18, 6, 2, 16}, {17, 5, 3, 12}, {16, 2, 0, 2},
                                {6, 2, 3, 19}, {18, 0, 1, 7}},
                        new double[] {7447.0, 72266.0, 33960.0, 11041.0}),
                new Found("czi_portal_backend/TS_run2.rec", new int[] {4, 4, 4}, 0, vox(13.479999542236328), false,
                        XYZ, new double[][] {{1, 0, 1, 19}, {1, 1, 3, 0}, {3, 2, 2, 13}, {3, 2, 3, 4}, {3, 0, 0, 15},
                                {3, 0, 1, 9}},
                        new double[] {603.0, 883.0, 861.0, 829.0}),
                new Found("czi_portal_backend/input_mrc.mrc", new int[] {4, 4, 4}, 2, vox(14.079999923706055), false,
                        XYZ, new double[][] {{0, 3, 0, 4}, {0, 0, 0, 1}, {3, 2, 2, 3}, {1, 1, 3, 2}, {3, 0, 1, 1}},
                        new double[] {160.0, 240.0, 320.0, 240.0}),
                new Found("czi_portal_backend/segmask.mrc", new int[] {4, 4, 4}, 2, vox(14.079999923706055), false,
                        XYZ, new double[][] {{0, 3, 0, 4}, {0, 0, 0, 1}, {3, 2, 2, 3}, {1, 1, 3, 2}, {3, 0, 1, 1}},
                        new double[] {160.0, 240.0, 320.0, 240.0}),
                new Found("czi_portal_backend/run1.rec", new int[] {4, 4, 4}, 2, vox(14.079999923706055), false, XYZ,
                        new double[][] {{3, 3, 3, 63}, {0, 0, 0, 0}, {3, 2, 2, 43}, {3, 2, 3, 59}, {3, 0, 0, 3},
                                {1, 1, 3, 53}, {3, 0, 1, 19}},
                        new double[] {2016.0, 3104.0, 3344.0, 4304.0}),
                // zero cell: voxel size undefined
                new Found("czi_portal_backend/large_probability_map.mrc", new int[] {4, 4, 4}, 2, vox(1), true, XYZ,
                        new double[][] {{0, 0, 0, 0.800000011920929f}, {2, 2, 0, 0.0007298303535208106f},
                                {3, 2, 2, 0.1013541966676712f}, {3, 2, 3, 0.05744197219610214f},
                                {1, 1, 3, 0.12315764278173447f}},
                        new double[] {24.629371358430944, 36.08735362137668, 27.688467718428, 28.855836589820683}),
                new Found("czi_portal_backend/small_probability_map.mrc", new int[] {2, 2, 2}, 2, vox(1), true, XYZ,
                        new double[][] {{0, 0, 0, 0.800000011920929f}, {1, 0, 0, 0.800000011920929f},
                                {0, 1, 0, 0.10000000149011612f}, {1, 1, 1, 0.10000000149011612f}},
                        new double[] {2.2000000327825546, 1.1000000163912773, 0.4000000059604645,
                                0.4000000059604645}),
                new Found("czi_portal_backend/semantic_mask.mrc", new int[] {4, 4, 4}, 0, vox(1), true, XYZ,
                        new double[][] {{0, 0, 0, 3}, {0, 1, 0, 0}, {3, 2, 2, 1}, {3, 2, 3, 1}, {3, 0, 0, 3}},
                        new double[] {28.0, 50.0, 24.0, 24.0}),
                new Found("czi_portal_backend/small_semantic_mask.mrc", new int[] {2, 2, 2}, 0, vox(1), true, XYZ,
                        new double[][] {{0, 0, 0, 2}, {1, 0, 0, 2}, {0, 1, 0, 0}, {1, 1, 1, 0}},
                        new double[] {4.0, 2.0, 0.0, 0.0}),
                // mode 0 without IMOD's stamp: MRC2014 says signed, so the bytes 0x80 0x00 0xff 0x7f are
                // -128, 0, -1, 127 in both files. unsigned_ints.mrc has DMAX = 255 in its header, but no flag
                // that would make its bytes unsigned; its data bytes are identical to signed_ints.mrc.
                new Found("czi_portal_backend/signed_ints.mrc", new int[] {4, 4, 4}, 0, vox(14.079999923706055), false,
                        XYZ, new double[][] {{0, 3, 0, 127}, {0, 0, 0, -128}, {3, 2, 2, -1}, {1, 1, 3, 0},
                                {3, 0, 1, -128}},
                        new double[] {-32.0, -48.0, 6064.0, -48.0}),
                new Found("czi_portal_backend/unsigned_ints.mrc", new int[] {4, 4, 4}, 0, vox(14.079999923706055),
                        false, XYZ, new double[][] {{0, 3, 0, 127}, {0, 0, 0, -128}, {3, 2, 2, -1}, {1, 1, 3, 0},
                                {3, 0, 1, -128}},
                        new double[] {-32.0, -48.0, 6064.0, -48.0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsAsIndependentlyDecoded(Found x) {
        Path p = TestData.file("mrc-conformance", x.path());
        MrcFile f = MrcFile.open(p);
        MrcHeader h = f.header();
        assertEquals(x.mode(), f.mode().code(), "mode");
        assertArrayEquals(x.dims(), new int[] {f.nx(), f.ny(), f.nz()}, "X,Y,Z sizes");
        assertArrayEquals(x.mapcrs(), new int[] {h.mapc(), h.mapr(), h.maps()}, "MAPC,MAPR,MAPS");
        assertEquals(ByteOrder.LITTLE_ENDIAN, h.order());
        Geometry g = f.geometry();
        double[] v = x.voxel();
        assertArrayEquals(v, new double[] {g.voxelX(), g.voxelY(), g.voxelZ()}, 1e-12, "voxel size");
        assertEquals(x.defaulted(), f.voxelSizeDefaulted(), "voxel size defaulted");
        assertEquals(x.defaulted(), f.warnings().stream().anyMatch(w -> w.contains("voxel size")),
                () -> "warnings " + f.warnings());

        Volume vol = f.readVolume();
        for (double[] pt : x.points()) {
            int xi = (int) pt[0];
            int yi = (int) pt[1];
            int zi = (int) pt[2];
            assertEquals((float) pt[3], vol.get(xi, yi, zi), 0f, () -> "voxel (" + xi + "," + yi + "," + zi + ")");
        }
        double[] s = new double[4];
        for (int z = 0; z < vol.nz(); z++) {
            for (int y = 0; y < vol.ny(); y++) {
                for (int xx = 0; xx < vol.nx(); xx++) {
                    double d = vol.get(xx, y, z);
                    s[0] += d;
                    s[1] += d * xx;
                    s[2] += d * y;
                    s[3] += d * z;
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(x.sums()[i], s[i], 1e-9 * Math.max(1, Math.abs(x.sums()[i])), "weighted sum " + i);
        }
    }

    @Test
    void emd3001IsReorientedFromColumnsZRowsXSectionsY() {
        MrcFile f = MrcFile.open(TestData.file("mrc-conformance/mrcfile_testdata", "EMD-3001.map"));
        MrcHeader h = f.header();
        assertTrue(f.isPermuted());
        // stored as 73 columns (Z) x 43 rows (X) x 25 sections (Y), after a 160-byte extended header; ISPG 4
        assertArrayEquals(new int[] {73, 43, 25}, new int[] {h.nx(), h.ny(), h.nz()});
        assertEquals(4, h.ispg());
        assertEquals(160, h.nsymbt());
        assertEquals("", h.exttyp());
        assertArrayEquals(new int[] {0, -21, -12}, new int[] {h.nxstart(), h.nystart(), h.nzstart()});
        Volume v = f.readVolume();
        // with periodicity 40 in X (MX), 12 in Y (MY) and 72 in Z (MZ), a correct reorientation repeats values
        for (int z = 0; z < 73; z += 7) {
            for (int y = 0; y < 13; y += 3) {
                for (int x = 0; x < 3; x++) {
                    assertEquals(v.get(x, y, z), v.get(x + 40, y + 12, z), 0f);
                    assertEquals(v.get(x, y, 0), v.get(x, y, 72), 0f);
                }
            }
        }
        // readSections gives the stored order (columns fastest): the maximum at real (X,Y,Z) = (24,9,15) is
        // column 15, row 24, section 9 of the file
        float[] stored = new float[h.nx() * h.ny() * h.nz()];
        f.readSections(0, h.nz(), stored, 0);
        assertEquals(0.7216102480888367f, stored[(9 * h.ny() + 24) * h.nx() + 15], 0f);
        assertEquals(0.7216102480888367f, v.get(24, 9, 15), 0f);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"emd_3001.map.gz:EMD-3001.map", "emd_3197.map.gz:EMD-3197.map"})
    void gzipReadsLikeThePlainFile(String pair) {
        String[] n = pair.split(":");
        MrcFile gz = MrcFile.open(TestData.file("mrc-conformance/mrcfile_testdata", n[0]));
        MrcFile plain = MrcFile.open(TestData.file("mrc-conformance/mrcfile_testdata", n[1]));
        assertTrue(gz.isGzip());
        assertArrayEquals(new int[] {plain.nx(), plain.ny(), plain.nz()}, new int[] {gz.nx(), gz.ny(), gz.nz()});
        assertEquals(plain.geometry(), gz.geometry());
        assertArrayEquals(plain.readVolume().data(), gz.readVolume().data());
        assertArrayEquals(plain.extendedHeader(), gz.extendedHeader());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EMD-3001.map.bz2", "EMD-3197.map.bz2"})
    void bzip2IsRejectedWithAClearMessage(String name) {
        Path p = TestData.file("mrc-conformance/mrcfile_testdata", name);
        assertContainsIgnoreCase(assertMrcError(p, () -> MrcFile.open(p)), "bzip2");
    }

    @Test
    void float16HeaderStatisticsAreNotTrusted() {
        MrcFile f = MrcFile.open(TestData.file("mrc-conformance/mrcfile_testdata", "float16.mrc"));
        // header says DMIN -5.957579, DMAX 20.718475; the data (numpy) span -4.33984375 .. 3.8203125
        assertEquals(20.718475341796875f, f.header().dmax(), 0f);
        float[] d = f.readVolume().data();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : d) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(-4.33984375f, min, 0f);
        assertEquals(3.8203125f, max, 0f);
    }

    @Test
    void legacyPytoFileReadsWithWarnings() {
        MrcFile f = MrcFile.open(TestData.file("mrc-conformance/pyseg_pyto", "tomo_int16.mrc"));
        assertFalse(f.header().hasMapId());
        assertFalse(f.header().machstRecognised());
        assertTrue(f.warnings().stream().anyMatch(w -> w.contains("MAP")), () -> "warnings " + f.warnings());
        assertTrue(f.warnings().stream().anyMatch(w -> w.contains("machine stamp")), () -> "warnings " + f.warnings());
    }

    @Test
    void signedAndUnsignedCziFilesHoldTheSameSignedBytes() {
        MrcFile s = MrcFile.open(TestData.file("mrc-conformance/czi_portal_backend", "signed_ints.mrc"));
        MrcFile u = MrcFile.open(TestData.file("mrc-conformance/czi_portal_backend", "unsigned_ints.mrc"));
        assertFalse(u.header().bytesUnsigned());
        assertEquals(255f, u.header().dmax(), 0f);
        assertArrayEquals(s.readVolume().data(), u.readVolume().data());
    }

    @Test
    void pytomHeaderOnlyFileIsRejectedAsTruncated() {
        Path p = TestData.file("mrc-conformance/pytom_match_pick", "header_only.mrc");
        // header: 32 x 32 x 32 float32, MACHST 44 41, no MAP id; file is 1024 bytes, 1024 + 32^3 * 4 = 132096 needed
        String msg = assertMrcError(p, () -> MrcFile.open(p).readVolume());
        assertContainsIgnoreCase(msg, "truncated");
        assertContainsIgnoreCase(msg, "132096");
        assertContainsIgnoreCase(msg, "1024");
    }
}
