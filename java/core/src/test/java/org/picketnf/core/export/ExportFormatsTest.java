package org.picketnf.core.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.picketnf.core.s2.Particle;

/**
 * Every export against an independent reader ({@link StarReader}, {@link CopickReader}, {@link DynamoReader},
 * {@link ImodReader}, written from the formats' documentation): hand-computed numbers for a particle at a known
 * voxel in a 100 x 101 x 51 tomogram (even and odd sizes) at 1 and 13.48 A, binning 1 and 4; round trips back to
 * voxels within 1e-3; determinism; the hand-written fixtures of each tool's own files.
 */
class ExportFormatsTest {
    static final double EPS = 1e-9;
    static final List<Particle> ONE = List.of(new Particle(7, 10, 20, 30, 123));

    static ExportGeometry geom(double pixel, double binning) {
        return new ExportGeometry("TS_07", 100, 101, 51, pixel, binning, true);
    }

    /**
     * Hand-computed expectations for voxel (10, 20, 30) of 100 x 101 x 51: pixel size, binning, RELION 5 centred
     * Angstrom, tilt-series pixel size, output sizes, Warp pixels, copick Angstrom, Dynamo (1-based) and IMOD
     * (x + 0.5, y + 0.5, z).
     */
    static Stream<Arguments> handComputed() {
        return Stream.of(
                // 1 A, bin 1: centre 50, 50.5, 25.5
                Arguments.of(1.0, 1.0, new double[] {-40, -30.5, 4.5}, 1.0, new long[] {100, 101, 51},
                        new double[] {10, 20, 30}, new double[] {10, 20, 30}, new double[] {11, 21, 31},
                        new double[] {10.5, 20.5, 30}),
                // 1 A, bin 4: 0.25 A pixels, sizes 400 404 204, (40 - 200) * 0.25 = -40, ...
                Arguments.of(1.0, 4.0, new double[] {-40, -30.5, 4.5}, 0.25, new long[] {400, 404, 204},
                        new double[] {40, 80, 120}, new double[] {10, 20, 30}, new double[] {41, 81, 121},
                        new double[] {40.5, 80.5, 120}),
                // 13.48 A, bin 1: (10 - 50) * 13.48 = -539.2, (20 - 50.5) * 13.48 = -411.14, 4.5 * 13.48 = 60.66
                Arguments.of(13.48, 1.0, new double[] {-539.2, -411.14, 60.66}, 13.48, new long[] {100, 101, 51},
                        new double[] {10, 20, 30}, new double[] {134.8, 269.6, 404.4}, new double[] {11, 21, 31},
                        new double[] {10.5, 20.5, 30}),
                // 13.48 A, bin 4: 3.37 A pixels, (40 - 200) * 3.37 = -539.2, (80 - 202) * 3.37 = -411.14, ...
                Arguments.of(13.48, 4.0, new double[] {-539.2, -411.14, 60.66}, 3.37, new long[] {400, 404, 204},
                        new double[] {40, 80, 120}, new double[] {134.8, 269.6, 404.4}, new double[] {41, 81, 121},
                        new double[] {40.5, 80.5, 120}));
    }

    @ParameterizedTest
    @MethodSource("handComputed")
    void handComputedNumbers(double pixel, double binning, double[] relion, double tsPixel, long[] sizes,
            double[] warp, double[] copick, double[] dynamo, double[] imod) throws IOException {
        ExportGeometry g = geom(pixel, binning);
        double[] score = {0.75};

        StarReader.Block p = StarReader.read(StarExports.relion5Particles(ONE, score, g)).get("particles");
        assertEquals("TS_07", p.value(0, "rlnTomoName"));
        assertEquals(relion[0], p.number(0, "rlnCenteredCoordinateXAngst"), EPS);
        assertEquals(relion[1], p.number(0, "rlnCenteredCoordinateYAngst"), EPS);
        assertEquals(relion[2], p.number(0, "rlnCenteredCoordinateZAngst"), EPS);
        assertEquals(0.75, p.number(0, "rlnAutopickFigureOfMerit"), EPS);

        StarReader.Block t = StarReader.read(StarExports.relion5Tomograms(g)).get("global");
        assertEquals("TS_07", t.value(0, "rlnTomoName"));
        assertEquals(tsPixel, t.number(0, "rlnTomoTiltSeriesPixelSize"), EPS);
        assertEquals(binning, t.number(0, "rlnTomoTomogramBinning"), EPS);
        assertEquals(sizes[0], t.number(0, "rlnTomoSizeX"), 0);
        assertEquals(sizes[1], t.number(0, "rlnTomoSizeY"), 0);
        assertEquals(sizes[2], t.number(0, "rlnTomoSizeZ"), 0);

        StarReader.Block w = StarReader.read(StarExports.warp(ONE, score, g)).get("particles");
        assertEquals(warp[0], w.number(0, "rlnCoordinateX"), EPS);
        assertEquals(warp[1], w.number(0, "rlnCoordinateY"), EPS);
        assertEquals(warp[2], w.number(0, "rlnCoordinateZ"), EPS);
        assertEquals("TS_07.tomostar", w.value(0, "rlnMicrographName"));
        assertEquals("TS_07", w.value(0, "rlnTomoName"));
        assertEquals(0.75, w.number(0, "rlnAutopickFigureOfMerit"), EPS);

        CopickReader.Picks c = CopickReader.read(CopickExport.json(ONE, score, g, "ribosome", "picket", "0"));
        assertEquals(pixel, c.voxelSpacing(), EPS);
        assertEquals("angstrom", c.unit());
        assertEquals("TS_07", c.run());
        assertEquals(copick[0], c.points().get(0).x(), EPS);
        assertEquals(copick[1], c.points().get(0).y(), EPS);
        assertEquals(copick[2], c.points().get(0).z(), EPS);
        assertEquals(7, c.points().get(0).instanceId());
        assertEquals(0.75, c.points().get(0).score(), EPS);

        DynamoReader.Row d = DynamoReader.read(DynamoExport.table(ONE, score, g, 3)).get(0);
        assertEquals(35, d.columns().length);
        assertEquals(1, d.col(1), 0);
        assertEquals(3, d.col(20), 0);
        assertEquals(0.75, d.col(10), EPS);
        assertEquals(dynamo[0], d.col(24), EPS);
        assertEquals(dynamo[1], d.col(25), EPS);
        assertEquals(dynamo[2], d.col(26), EPS);

        ImodReader.Model m = ImodReader.read(ImodExport.model(ONE, g, "ribosome"));
        assertEquals(sizes[0], m.xmax());
        assertEquals(sizes[1], m.ymax());
        assertEquals(sizes[2], m.zmax());
        assertEquals((float) tsPixel, m.pixsize(), 0);
        assertEquals(-10, m.units());
        ImodReader.Obj o = m.objects().get(0);
        assertEquals("ribosome", o.name());
        assertTrue((o.flags() & (1 << 9)) != 0, "scattered-point object");
        float[] pt = o.contours().get(0).points().get(0);
        assertArrayEquals(new float[] {(float) imod[0], (float) imod[1], (float) imod[2]}, pt, 1e-4f);
    }

    static Stream<Arguments> geometries() {
        return Stream.of(Arguments.of(1.0, 1.0), Arguments.of(1.0, 4.0), Arguments.of(13.48, 1.0),
                Arguments.of(13.48, 4.0));
    }

    static List<Particle> randomParticles(int n, long seed) {
        Random r = new Random(seed);
        List<Particle> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ps.add(new Particle(i + 1, r.nextDouble() * 99, r.nextDouble() * 100, r.nextDouble() * 50,
                    1 + r.nextInt(500)));
        }
        ps.add(new Particle(n + 1, 0, 0, 0, 1));
        ps.add(new Particle(n + 2, 99, 100, 50, 1));
        return ps;
    }

    /** Write, read with the independent reader, convert to voxels by the format's documented convention. */
    @ParameterizedTest
    @MethodSource("geometries")
    void roundTripsToVoxels(double pixel, double binning) throws IOException {
        ExportGeometry g = geom(pixel, binning);
        List<Particle> ps = randomParticles(200, 42);
        double[] scores = new double[ps.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i / 7.0;
        }
        List<double[]> back;

        // RELION 5: pixel = centred / rlnTomoTiltSeriesPixelSize + rlnTomoSize / 2; voxel = pixel / binning
        StarReader.Block t = StarReader.read(StarExports.relion5Tomograms(g)).get("global");
        double ts = t.number(0, "rlnTomoTiltSeriesPixelSize");
        double bin = t.number(0, "rlnTomoTomogramBinning");
        String[] axes = {"X", "Y", "Z"};
        StarReader.Block p = StarReader.read(StarExports.relion5Particles(ps, scores, g)).get("particles");
        back = new ArrayList<>();
        for (int i = 0; i < p.rows().size(); i++) {
            double[] v = new double[3];
            for (int a = 0; a < 3; a++) {
                v[a] = (p.number(i, "rlnCenteredCoordinate" + axes[a] + "Angst") / ts
                        + t.number(0, "rlnTomoSize" + axes[a]) / 2) / bin;
            }
            back.add(v);
            assertEquals(scores[i], p.number(i, "rlnAutopickFigureOfMerit"), 1e-6);
        }
        assertSame(ps, back, "relion5");

        // Warp / RELION 3-4: 0-based pixels at the output pixel size
        StarReader.Block w = StarReader.read(StarExports.warp(ps, scores, g)).get("particles");
        back = new ArrayList<>();
        for (int i = 0; i < w.rows().size(); i++) {
            back.add(new double[] {w.number(i, "rlnCoordinateX") / binning, w.number(i, "rlnCoordinateY") / binning,
                w.number(i, "rlnCoordinateZ") / binning});
        }
        assertSame(ps, back, "warp");

        // copick: Angstrom from the corner, voxel = location / voxel_spacing
        CopickReader.Picks c = CopickReader.read(CopickExport.json(ps, scores, g, "ribosome", "picket", "0"));
        back = new ArrayList<>();
        for (int i = 0; i < c.points().size(); i++) {
            CopickReader.Point q = c.points().get(i);
            back.add(new double[] {q.x() / c.voxelSpacing(), q.y() / c.voxelSpacing(), q.z() / c.voxelSpacing()});
            assertEquals(scores[i], q.score(), 1e-12);
        }
        assertSame(ps, back, "copick");

        // Dynamo: 1-based pixels
        back = new ArrayList<>();
        List<DynamoReader.Row> rows = DynamoReader.read(DynamoExport.table(ps, scores, g, 1));
        for (int i = 0; i < rows.size(); i++) {
            DynamoReader.Row r = rows.get(i);
            back.add(new double[] {(r.col(24) - 1) / binning, (r.col(25) - 1) / binning, (r.col(26) - 1) / binning});
            assertEquals(i + 1, r.col(1), 0);
            assertEquals(scores[i], r.col(10), 1e-6);
        }
        assertSame(ps, back, "dynamo");

        // IMOD: pixel centre at i + 0.5 in X and Y, section k at z = k
        back = new ArrayList<>();
        for (float[] q : ImodReader.read(ImodExport.model(ps, g, "ribosome")).objects().get(0).contours().get(0)
                .points()) {
            back.add(new double[] {(q[0] - 0.5) / binning, (q[1] - 0.5) / binning, q[2] / binning});
        }
        assertSame(ps, back, "imod");
    }

    static void assertSame(List<Particle> ps, List<double[]> back, String what) {
        assertEquals(ps.size(), back.size(), what + ": count");
        for (int i = 0; i < ps.size(); i++) {
            Particle p = ps.get(i);
            double[] q = back.get(i);
            assertEquals(p.x(), q[0], 1e-3, what + ": particle " + i + " x");
            assertEquals(p.y(), q[1], 1e-3, what + ": particle " + i + " y");
            assertEquals(p.z(), q[2], 1e-3, what + ": particle " + i + " z");
        }
    }

    @Test
    void sameBytesEveryTimeAndInEveryLocale() {
        ExportGeometry g = geom(13.48, 4);
        List<Particle> ps = randomParticles(20, 7);
        double[] s = new double[ps.size()];
        java.util.Arrays.fill(s, 0.5);
        String[] first = all(ps, s, g);
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertArrayEquals(first, all(ps, s, g));
            Locale.setDefault(new Locale("ar", "EG"));
            assertArrayEquals(first, all(ps, s, g));
        } finally {
            Locale.setDefault(saved);
        }
        assertArrayEquals(ImodExport.model(ps, g, "p"), ImodExport.model(ps, g, "p"));
    }

    static String[] all(List<Particle> ps, double[] s, ExportGeometry g) {
        return new String[] {StarExports.relion5Particles(ps, s, g), StarExports.relion5Tomograms(g),
            StarExports.warp(ps, s, g), CopickExport.json(ps, s, g, "p", "picket", "0"),
            DynamoExport.table(ps, s, g, 1), new String(ImodExport.model(ps, g, "p"), StandardCharsets.ISO_8859_1)};
    }

    @Test
    void withoutScoresTheScoreColumnsAreLeftOutOrDefault() throws IOException {
        ExportGeometry g = geom(13.48, 4);
        assertFalse(StarReader.read(StarExports.relion5Particles(ONE, null, g)).get("particles").labels()
                .contains("rlnAutopickFigureOfMerit"));
        assertFalse(StarReader.read(StarExports.warp(ONE, null, g)).get("particles").labels()
                .contains("rlnAutopickFigureOfMerit"));
        assertEquals(1.0, CopickReader.read(CopickExport.json(ONE, null, g, "p", "picket", "0")).points().get(0)
                .score(), 0);
        assertEquals(0, DynamoReader.read(DynamoExport.table(ONE, null, g, 1)).get(0).col(10), 0);
    }

    @Test
    void emptySetsAreValidFiles() throws IOException {
        ExportGeometry g = geom(13.48, 4);
        List<Particle> none = List.of();
        assertTrue(StarReader.read(StarExports.relion5Particles(none, null, g)).get("particles").rows().isEmpty());
        assertTrue(StarReader.read(StarExports.warp(none, new double[0], g)).get("particles").rows().isEmpty());
        assertTrue(CopickReader.read(CopickExport.json(none, null, g, "p", "picket", "0")).points().isEmpty());
        assertTrue(DynamoReader.read(DynamoExport.table(none, null, g, 1)).isEmpty());
        ImodReader.Model m = ImodReader.read(ImodExport.model(none, g, "p"));
        assertEquals(0, m.objects().get(0).contours().size());
    }

    @Test
    void aPlaceholderPixelSizeIsSaidInTheStarFilesAndTheModel() {
        ExportGeometry g = new ExportGeometry("TS_07", 100, 101, 51, 1.0, 1, false);
        String star = StarExports.relion5Particles(ONE, null, g);
        assertTrue(star.startsWith("# picket-nf: the pixel size 1.0 A of the picked tomogram is a placeholder"), star);
        assertTrue(StarExports.relion5Tomograms(g).contains("placeholder"));
        StarReader.read(star); // still a valid STAR file
        ImodReader.Model m = ImodReader.read(ImodExport.model(ONE, g, "p"));
        assertEquals(0, m.units());
        assertEquals(1f, m.pixsize(), 0);
    }

    @Test
    void copickJsonIsPythonsJsonDumpWithOnePointPerLine() {
        // json.dumps({"pickable_object_name": "p", ..., "points": [], "trust_orientation": False}, indent=4)
        String expected = "{\n    \"pickable_object_name\": \"p\",\n    \"user_id\": \"picket\",\n"
                + "    \"session_id\": \"0\",\n    \"run_name\": \"TS_07\",\n    \"voxel_spacing\": 13.48,\n"
                + "    \"unit\": \"angstrom\",\n    \"points\": [],\n    \"trust_orientation\": false\n}";
        assertEquals(expected, CopickExport.json(List.of(), null, geom(13.48, 1), "p", "picket", "0"));
        String one = CopickExport.json(ONE, null, geom(13.48, 1), "p", "picket", "0");
        // the point as json.dumps(point) writes it, on one line inside the indent=4 list
        assertTrue(one.endsWith("    \"points\": [\n        {\"location\": {\"x\": 134.8, \"y\": 269.6, \"z\": 404.4}, "
                + "\"transformation_\": [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], "
                + "[0.0, 0.0, 0.0, 1.0]], \"instance_id\": 7, \"score\": 1.0}\n    ],\n"
                + "    \"trust_orientation\": false\n}"), one);
        // Python's float repr
        assertEquals("1e-05", CopickExport.pyRepr(1e-5));
        assertEquals("0.0001", CopickExport.pyRepr(1e-4));
        assertEquals("1.5e+16", CopickExport.pyRepr(1.5e16));
        assertEquals("1234567.0", CopickExport.pyRepr(1234567));
        assertEquals("-539.2", CopickExport.pyRepr(-539.2));
        assertEquals("0.0", CopickExport.pyRepr(0));
        assertEquals("ExperimentRuns/TS_07/Picks/picket_0_ribosome.json",
                CopickExport.relativePath("TS_07", "picket", "0", "ribosome"));
    }

    // ---- the tools' own file shapes: the readers accept the fixtures, and they hold the particles above ----

    static String resource(String name) throws IOException {
        try (InputStream in = ExportFormatsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The fixtures' three particles: voxels of TS_07 (100 x 101 x 51 at 13.48 A), written for binning 4. */
    static final double[][] FIXTURE_VOXELS = {{10, 20, 30}, {60, 51, 24}, {50, 50.5, 25.5}};

    @Test
    void relion5FixturesReadAndMatchOurShape() throws IOException {
        Map<String, StarReader.Block> parts = StarReader.read(resource("relion5_particles.star"));
        assertEquals("1", parts.get("general").pairs().get("rlnTomoSubTomosAre2DStacks"));
        StarReader.Block p = parts.get("particles");
        StarReader.Block t = StarReader.read(resource("relion5_tomograms.star")).get("global");
        ExportGeometry g = geom(13.48, 4);
        StarReader.Block ours = StarReader.read(StarExports.relion5Particles(ONE, new double[] {1}, g))
                .get("particles");
        StarReader.Block oursT = StarReader.read(StarExports.relion5Tomograms(g)).get("global");
        assertTrue(p.labels().containsAll(ours.labels()), "fixture " + p.labels() + " vs ours " + ours.labels());
        assertTrue(t.labels().containsAll(oursT.labels()), "fixture columns " + t.labels() + " vs " + oursT.labels());
        for (String col : oursT.labels()) {
            assertEquals(Double.parseDouble(t.value(0, col).replace("TS_07", "0")),
                    Double.parseDouble(oursT.value(0, col).replace("TS_07", "0")), 1e-9, col);
        }
        String[] axes = {"X", "Y", "Z"};
        for (int i = 0; i < 3; i++) {
            for (int a = 0; a < 3; a++) {
                double px = p.number(i, "rlnCenteredCoordinate" + axes[a] + "Angst")
                        / t.number(0, "rlnTomoTiltSeriesPixelSize") + t.number(0, "rlnTomoSize" + axes[a]) / 2;
                assertEquals(FIXTURE_VOXELS[i][a], px / t.number(0, "rlnTomoTomogramBinning"), 1e-9);
            }
        }
    }

    @Test
    void warpFixtureReadsAndMatchesOurShape() throws IOException {
        StarReader.Block w = StarReader.read(resource("warp_particles.star")).get("");
        StarReader.Block ours = StarReader.read(StarExports.warp(ONE, new double[] {1}, geom(13.48, 4)))
                .get("particles");
        for (String col : w.labels()) {
            assertTrue(ours.labels().contains(col), col);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("TS_07.tomostar", w.value(i, "rlnMicrographName"));
            assertEquals(FIXTURE_VOXELS[i][0], w.number(i, "rlnCoordinateX") / 4, 1e-9);
            assertEquals(FIXTURE_VOXELS[i][1], w.number(i, "rlnCoordinateY") / 4, 1e-9);
            assertEquals(FIXTURE_VOXELS[i][2], w.number(i, "rlnCoordinateZ") / 4, 1e-9);
        }
    }

    @Test
    void copickFixtureReadsAndMatches() throws IOException {
        CopickReader.Picks c = CopickReader.read(resource("copick_picks.json"));
        assertEquals(2, c.points().size());
        assertEquals(-1.0, c.points().get(1).transformation()[0][1], 0);
        for (int i = 0; i < 2; i++) {
            CopickReader.Point q = c.points().get(i);
            assertEquals(FIXTURE_VOXELS[i][0], q.x() / c.voxelSpacing(), 1e-9);
            assertEquals(FIXTURE_VOXELS[i][1], q.y() / c.voxelSpacing(), 1e-9);
            assertEquals(FIXTURE_VOXELS[i][2], q.z() / c.voxelSpacing(), 1e-9);
        }
        assertThrows(AssertionError.class, () -> CopickReader.read("{\"pickable_object_name\": \"p\", \"extra\": 1}"));
    }

    @Test
    void dynamoFixtureReadsAndMatches() throws IOException {
        List<DynamoReader.Row> rows = DynamoReader.read(resource("dynamo_particles.tbl"));
        assertEquals(3, rows.size());
        assertEquals(DynamoExport.COLUMNS, rows.get(0).columns().length);
        for (int i = 0; i < 3; i++) {
            assertEquals(FIXTURE_VOXELS[i][0], (rows.get(i).col(24) - 1) / 4, 1e-9);
            assertEquals(FIXTURE_VOXELS[i][1], (rows.get(i).col(25) - 1) / 4, 1e-9);
            assertEquals(FIXTURE_VOXELS[i][2], (rows.get(i).col(26) - 1) / 4, 1e-9);
        }
    }

    @Test
    void imodFixtureReadsAndMatchesOurLayout() throws IOException {
        ImodReader.Model fx = ImodReader.read(hex(resource("imod_points.mod.hex")));
        ImodReader.Model ours = ImodReader.read(ImodExport.model(ONE, geom(13.48, 4), "ribosome"));
        assertEquals(fx.flags(), ours.flags());
        assertEquals(fx.objects().get(0).flags(), ours.objects().get(0).flags());
        assertEquals(fx.objects().get(0).chunkSizes().get("IMAT"), ours.objects().get(0).chunkSizes().get("IMAT"));
        assertEquals(List.of(400, 404, 204), List.of(fx.xmax(), fx.ymax(), fx.zmax()));
        List<float[]> pts = fx.objects().get(0).contours().get(0).points();
        for (int i = 0; i < 3; i++) {
            assertEquals(FIXTURE_VOXELS[i][0], (pts.get(i)[0] - 0.5) / 4, 1e-6);
            assertEquals(FIXTURE_VOXELS[i][1], (pts.get(i)[1] - 0.5) / 4, 1e-6);
            assertEquals(FIXTURE_VOXELS[i][2], pts.get(i)[2] / 4, 1e-6);
        }
    }

    static byte[] hex(String text) {
        StringBuilder digits = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                digits.append(line.replaceAll("\\s+", ""));
            }
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    // ---- argument checks ----

    @Test
    void geometryAndFormatChecks() {
        assertThrows(IllegalArgumentException.class, () -> new ExportGeometry("a b", 1, 1, 1, 1, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new ExportGeometry("../x", 1, 1, 1, 1, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new ExportGeometry("t", 0, 1, 1, 1, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new ExportGeometry("t", 1, 1, 1, 0, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new ExportGeometry("t", 1, 1, 1, 1, Double.NaN, true));
        assertThrows(IllegalArgumentException.class, () -> StarExports.warp(ONE, new double[2], geom(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> DynamoExport.table(ONE, null, geom(1, 1), 0));
        assertEquals(EnumSet.allOf(ExportFormat.class), ExportFormat.parse("all"));
        assertEquals(EnumSet.of(ExportFormat.WARP, ExportFormat.IMOD), ExportFormat.parse(" imod ,WARP"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExportFormat.parse("relion5,star"));
        assertTrue(e.getMessage().contains("'star'"), e.getMessage());
    }
}
