package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.export.CopickReader;
import org.picketnf.core.export.DynamoReader;
import org.picketnf.core.export.ImodReader;
import org.picketnf.core.export.StarReader;

/**
 * {@code picket-tools export} end to end: the files it writes, read back with core's independent readers
 * ({@link StarReader}, {@link CopickReader}, {@link DynamoReader}, {@link ImodReader}), hand-computed numbers for
 * voxel (10, 20, 30) of 100 x 101 x 51 at 13.48 A written for bin 1 of a bin-4 tomogram, scores from each input
 * format, and bad input: exit 2, one line naming the file or option, no output.
 */
class ExportCommandTest {
    @TempDir
    Path dir;

    Path particles(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    ToolRun export(Path in, String... extra) {
        String[] base = {"export", "--particles", in.toString(), "--tomogram-size", "100,101,51", "--pixel-size",
            "13.48", "--binning", "4", "--name", "TS_07", "--out-prefix", dir.resolve("out/TS_07").toString()};
        return ToolRun.of(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
    }

    List<Path> outputs() throws IOException {
        Path out = dir.resolve("out");
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void writesEveryFormatWithHandComputedNumbers() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Path in = particles("p.csv", "x,y,z,voxels,score\n10,20,30,100,0.75\n60,51,24,80,0.5\n");
        ToolRun r = export(in);
        assertEquals(Cli.OK, r.rc(), r.err());
        Path o = dir.resolve("out");
        assertEquals(List.of(o.resolve("TS_07_copick/ExperimentRuns/TS_07/Picks/picket_0_particle.json"),
                o.resolve("TS_07_dynamo.tbl"), o.resolve("TS_07_imod.mod"), o.resolve("TS_07_relion5.star"),
                o.resolve("TS_07_relion5_tomograms.star"), o.resolve("TS_07_warp.star")), outputs());

        StarReader.Block p = StarReader.read(Files.readString(o.resolve("TS_07_relion5.star"))).get("particles");
        assertEquals(-539.2, p.number(0, "rlnCenteredCoordinateXAngst"), 1e-9);
        assertEquals(-411.14, p.number(0, "rlnCenteredCoordinateYAngst"), 1e-9);
        assertEquals(60.66, p.number(0, "rlnCenteredCoordinateZAngst"), 1e-9);
        assertEquals(0.75, p.number(0, "rlnAutopickFigureOfMerit"), 1e-9);
        StarReader.Block t = StarReader.read(Files.readString(o.resolve("TS_07_relion5_tomograms.star"))).get("global");
        assertEquals(3.37, t.number(0, "rlnTomoTiltSeriesPixelSize"), 1e-9);
        assertEquals(4, t.number(0, "rlnTomoTomogramBinning"), 0);
        assertEquals(List.of("400", "404", "204"), List.of(t.value(0, "rlnTomoSizeX"), t.value(0, "rlnTomoSizeY"),
                t.value(0, "rlnTomoSizeZ")));

        StarReader.Block w = StarReader.read(Files.readString(o.resolve("TS_07_warp.star"))).get("particles");
        assertEquals(40, w.number(0, "rlnCoordinateX"), 0);
        assertEquals(80, w.number(0, "rlnCoordinateY"), 0);
        assertEquals(120, w.number(0, "rlnCoordinateZ"), 0);
        assertEquals("TS_07.tomostar", w.value(0, "rlnMicrographName"));

        CopickReader.Picks c = CopickReader.read(Files.readString(
                o.resolve("TS_07_copick/ExperimentRuns/TS_07/Picks/picket_0_particle.json")));
        assertEquals("particle", c.object());
        assertEquals("TS_07", c.run());
        assertEquals(13.48, c.voxelSpacing(), 0);
        assertEquals(134.8, c.points().get(0).x(), 1e-9);
        assertEquals(269.6, c.points().get(0).y(), 1e-9);
        assertEquals(404.4, c.points().get(0).z(), 1e-9);
        assertEquals(0.5, c.points().get(1).score(), 0);
        assertEquals(2, c.points().get(1).instanceId());

        List<DynamoReader.Row> d = DynamoReader.read(Files.readString(o.resolve("TS_07_dynamo.tbl")));
        assertArrayEquals(new double[] {41, 81, 121}, new double[] {d.get(0).col(24), d.get(0).col(25),
            d.get(0).col(26)}, 0);
        assertEquals(0.75, d.get(0).col(10), 1e-9);

        ImodReader.Model m = ImodReader.read(Files.readAllBytes(o.resolve("TS_07_imod.mod")));
        assertArrayEquals(new float[] {40.5f, 80.5f, 120f}, m.objects().get(0).contours().get(0).points().get(0), 0);
        assertEquals(400, m.xmax());

        // the same again: same bytes (outputs replaced atomically, nothing else left in the directory)
        byte[] before = Files.readAllBytes(o.resolve("TS_07_imod.mod"));
        ToolRun again = export(in);
        assertEquals(Cli.OK, again.rc(), again.err());
        assertArrayEquals(before, Files.readAllBytes(o.resolve("TS_07_imod.mod")));
        assertEquals(6, outputs().size());
    }

    @Test
    void chosenFormatsOnlyAndScoresFromStarAndNdjson() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Path star = particles("p.star", "data_particles\n\nloop_\n_rlnTomoName #1\n_rlnCoordinateX #2\n"
                + "_rlnCoordinateY #3\n_rlnCoordinateZ #4\n_rlnAutopickFigureOfMerit #5\nTS_07 10 20 30 0.25\n\n");
        ToolRun r = export(star, "--formats", "warp,dynamo", "--dynamo-tomo", "7");
        assertEquals(Cli.OK, r.rc(), r.err());
        assertEquals(2, outputs().size());
        DynamoReader.Row row = DynamoReader.read(Files.readString(dir.resolve("out/TS_07_dynamo.tbl"))).get(0);
        assertEquals(0.25, row.col(10), 1e-9);
        assertEquals(7, row.col(20), 0);

        Path nd = particles("p.ndjson", "{\"location\":{\"x\":10,\"y\":20,\"z\":30},\"score\":0.125}\n");
        r = export(nd, "--formats", "copick", "--copick-object", "ribosome");
        assertEquals(Cli.OK, r.rc(), r.err());
        CopickReader.Picks c = CopickReader.read(Files.readString(
                dir.resolve("out/TS_07_copick/ExperimentRuns/TS_07/Picks/picket_0_ribosome.json")));
        assertEquals(0.125, c.points().get(0).score(), 0);
    }

    @Test
    void noScoreColumnMeansNoScores() throws IOException {
        Path in = particles("p.csv", "x,y,z,voxels\n10,20,30,100\n");
        assertNull(ScoreColumn.read(in, null));
        Files.createDirectories(dir.resolve("out"));
        ToolRun r = export(in, "--formats", "relion5");
        assertEquals(Cli.OK, r.rc(), r.err());
        assertFalse(Files.readString(dir.resolve("out/TS_07_relion5.star")).contains("FigureOfMerit"));
    }

    @Test
    void placeholderPixelSizeIsNoted() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Path in = particles("p.csv", "x,y,z\n10,20,30\n");
        ToolRun r = export(in, "--formats", "relion5", "--pixel-size-placeholder");
        assertEquals(Cli.OK, r.rc(), r.err());
        assertTrue(r.err().contains("placeholder"), r.err());
        assertTrue(Files.readString(dir.resolve("out/TS_07_relion5.star")).startsWith("# picket-nf: the pixel"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"outside", "size", "name", "formats", "scorecol", "nodir", "nodircopick", "pixel",
        "missing", "badscore", "secondset", "prefixes", "sameprefix"})
    void badInputExits2WithOneLineAndNoOutput(String what) throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Path good = particles("p.csv", "x,y,z,score\n10,20,30,0.5\n");
        String prefix = dir.resolve("out/TS_07").toString();
        String[] args = switch (what) {
            case "outside" -> new String[] {"--particles", particles("o.csv", "x,y,z\n10,20,51\n").toString(),
                "--tomogram-size", "100,101,51", "--pixel-size", "1", "--name", "T", "--out-prefix", prefix};
            case "size" -> new String[] {"--particles", good.toString(), "--tomogram-size", "100,101",
                "--pixel-size", "1", "--name", "T", "--out-prefix", prefix};
            case "name" -> new String[] {"--particles", good.toString(), "--tomogram-size", "100,101,51",
                "--pixel-size", "1", "--name", "T S", "--out-prefix", prefix};
            case "formats" -> new String[] {"--particles", good.toString(), "--tomogram-size", "100,101,51",
                "--pixel-size", "1", "--name", "T", "--out-prefix", prefix, "--formats", "relion5,eman"};
            case "scorecol" -> new String[] {"--particles", good.toString(), "--tomogram-size", "100,101,51",
                "--pixel-size", "1", "--name", "T", "--out-prefix", prefix, "--score-column", "cc"};
            case "nodir" -> new String[] {"--particles", good.toString(), "--tomogram-size", "100,101,51",
                "--pixel-size", "1", "--name", "T", "--out-prefix", dir.resolve("nowhere/T").toString()};
            case "nodircopick" -> new String[] {"--particles", good.toString(), "--tomogram-size", "100,101,51",
                "--pixel-size", "1", "--name", "T", "--formats", "copick", "--out-prefix",
                dir.resolve("nowhere/T").toString()};
            case "pixel" -> new String[] {"--particles", good.toString(), "--tomogram-size", "100,101,51",
                "--pixel-size", "0", "--name", "T", "--out-prefix", prefix};
            case "missing" -> new String[] {"--particles", dir.resolve("none.csv").toString(), "--tomogram-size",
                "100,101,51", "--pixel-size", "1", "--name", "T", "--out-prefix", prefix};
            case "badscore" -> new String[] {"--particles", particles("b.csv", "x,y,z,score\n1,2,3,high\n")
                .toString(), "--tomogram-size", "100,101,51", "--pixel-size", "1", "--name", "T", "--out-prefix",
                prefix};
            case "secondset" -> new String[] {"--particles", good.toString(), "--particles",
                particles("o.csv", "x,y,z\n10,20,51\n").toString(), "--tomogram-size", "100,101,51",
                "--pixel-size", "1", "--name", "T", "--out-prefix", prefix, "--out-prefix", prefix + "_b"};
            case "prefixes" -> new String[] {"--particles", good.toString(), "--particles", good.toString(),
                "--tomogram-size", "100,101,51", "--pixel-size", "1", "--name", "T", "--out-prefix", prefix};
            case "sameprefix" -> new String[] {"--particles", good.toString(), "--particles", good.toString(),
                "--tomogram-size", "100,101,51", "--pixel-size", "1", "--name", "T", "--out-prefix", prefix,
                "--out-prefix", prefix};
            default -> throw new AssertionError(what);
        };
        String[] full = Stream.concat(Stream.of("export"), Stream.of(args)).toArray(String[]::new);
        ToolRun r = ToolRun.of(full);
        assertEquals(Cli.BAD_INPUT, r.rc(), what + ": " + r.err());
        assertTrue(r.oneErrorLine(), what + ": " + r.err());
        assertTrue(r.err().startsWith("picket-tools export: "), r.err());
        String expected = switch (what) {
            case "outside" -> "o.csv: particle 1 at 10.000,20.000,51.000 lies outside";
            case "size" -> "--tomogram-size";
            case "name" -> "--name";
            case "formats" -> "--formats: unknown format 'eman'";
            case "scorecol" -> "no score column 'cc'";
            case "nodir", "nodircopick" -> "does not exist";
            case "pixel" -> "--pixel-size";
            case "missing" -> "none.csv: no such file";
            case "badscore" -> "b.csv: line 2: score 'high'";
            case "secondset" -> "o.csv: particle 1 at 10.000,20.000,51.000 lies outside";
            case "prefixes" -> "--particles is given 2 time(s) but --out-prefix 1";
            case "sameprefix" -> "would be written twice";
            default -> throw new AssertionError(what);
        };
        assertTrue(r.err().contains(expected), what + ": " + r.err());
        assertTrue(outputs().isEmpty(), what + ": left " + outputs());
        assertFalse(Files.exists(dir.resolve("nowhere")));
    }

    /** Two sets in one call: the same bytes as one call per set; a consensus CSV's confidence is its score. */
    @Test
    void severalSetsInOneCallWriteWhatOneCallPerSetWrites() throws IOException {
        Path a = particles("a.csv", "x,y,z,voxels,score\n10,20,30,100,0.75\n60,51,24,80,0.5\n");
        Path c = particles("c.csv", "x,y,z,confidence,support\n11,21,31,0.25,2\n");
        Path one = Files.createDirectories(dir.resolve("one"));
        Path both = Files.createDirectories(dir.resolve("both"));
        String[] common = {"--tomogram-size", "100,101,51", "--pixel-size", "13.48", "--binning", "4", "--name",
            "TS_07"};
        for (Path in : List.of(a, c)) {
            String stem = in.getFileName().toString().replace(".csv", "");
            ToolRun r = ToolRun.of(Stream.concat(Stream.of("export", "--particles", in.toString(), "--out-prefix",
                    one.resolve(stem).toString()), Stream.of(common)).toArray(String[]::new));
            assertEquals(Cli.OK, r.rc(), r.err());
        }
        ToolRun r = ToolRun.of(Stream.concat(Stream.of("export", "--particles", a.toString(), "--particles",
                c.toString(), "--out-prefix", both.resolve("a").toString(), "--out-prefix",
                both.resolve("c").toString()), Stream.of(common)).toArray(String[]::new));
        assertEquals(Cli.OK, r.rc(), r.err());
        assertEquals(2, r.err().lines().filter(l -> l.contains("particles with scores")).count(), r.err());
        List<Path> files;
        try (Stream<Path> s = Files.walk(one)) {
            files = s.filter(Files::isRegularFile).map(one::relativize).sorted().toList();
        }
        assertEquals(12, files.size(), files.toString());
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(both.resolve(f)), f.toString());
        }
        StarReader.Block p = StarReader.read(Files.readString(both.resolve("c_relion5.star"))).get("particles");
        assertEquals(0.25, p.number(0, "rlnAutopickFigureOfMerit"), 1e-12);
    }

    @Test
    void listedInTheUsage() {
        ToolRun r = ToolRun.of("--help");
        assertTrue(r.out().contains("export --particles"), r.out());
        ToolRun h = ToolRun.of("export", "--help");
        assertEquals(Cli.OK, h.rc());
        assertTrue(h.out().contains("--tomogram-size"), h.out());
    }
}
