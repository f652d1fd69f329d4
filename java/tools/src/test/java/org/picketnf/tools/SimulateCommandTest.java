package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcMode;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private String lastErr = "";

    private int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "simulate";
        System.arraycopy(args, 0, all, 1, args.length);
        int rc = ToolsMain.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        lastErr = err.toString(StandardCharsets.UTF_8);
        return rc;
    }

    private int sim(String name, String seed, String... extra) {
        List<String> a = new ArrayList<>(List.of("--size", "48,40,32", "--seed", seed,
                "--out", dir.resolve(name + ".mrc").toString(), "--truth", dir.resolve(name + ".csv").toString(),
                "--radius", "3,6"));
        a.addAll(Arrays.asList(extra));
        return run(a.toArray(new String[0]));
    }

    private byte[] bytes(String file) throws IOException {
        return Files.readAllBytes(dir.resolve(file));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void sameSeedWritesIdenticalFilesDifferentSeedDoesNot() throws IOException {
        assertEquals(Cli.OK, sim("a", "5"), lastErr);
        assertEquals(Cli.OK, sim("b", "5", "--threads", "1"), lastErr);
        assertEquals(Cli.OK, sim("c", "5", "--threads", "3"), lastErr);
        assertEquals(Cli.OK, sim("d", "6"), lastErr);
        assertArrayEquals(bytes("a.mrc"), bytes("b.mrc"));
        assertArrayEquals(bytes("a.csv"), bytes("b.csv"));
        assertArrayEquals(bytes("a.mrc"), bytes("c.mrc"));
        assertFalse(Arrays.equals(bytes("a.mrc"), bytes("d.mrc")));
        assertFalse(Arrays.equals(bytes("a.csv"), bytes("d.csv")));
        // no temporary files left behind
        assertEquals(List.of("a.csv", "a.mrc", "b.csv", "b.mrc", "c.csv", "c.mrc", "d.csv", "d.mrc"), listing());
    }

    @Test
    void writesAFloatMrcAndATruthCsv() throws IOException {
        assertEquals(Cli.OK, sim("t", "9", "--particles", "7", "--voxel-size", "13.5", "--polarity", "bright"),
                lastErr);
        MrcFile f = MrcFile.open(dir.resolve("t.mrc"));
        assertEquals(MrcMode.FLOAT32, f.mode());
        assertEquals(List.of(48, 40, 32), List.of(f.nx(), f.ny(), f.nz()));
        assertEquals(13.5, f.geometry().voxelX());
        assertEquals(0, f.header().dmean(), 1e-4);
        assertEquals(1, f.header().rms(), 1e-3);
        List<String> lines = Files.readAllLines(dir.resolve("t.csv"), StandardCharsets.UTF_8);
        assertEquals(SimulateCommand.CSV_HEADER, lines.get(0));
        assertEquals("x,y,z,radius_vox,class", lines.get(0));
        assertEquals(8, lines.size());
        for (String l : lines.subList(1, lines.size())) {
            assertTrue(l.matches("\\d+\\.\\d{3},\\d+\\.\\d{3},\\d+\\.\\d{3},\\d+\\.\\d{3},(sphere|ellipsoid|blob)"), l);
            String[] c = l.split(",");
            double r = Double.parseDouble(c[3]);
            assertTrue(r >= 3 && r <= 6, l);
            assertTrue(Double.parseDouble(c[0]) - r >= 0 && Double.parseDouble(c[0]) + r <= 47, l);
            assertTrue(Double.parseDouble(c[2]) - r >= 0 && Double.parseDouble(c[2]) + r <= 31, l);
        }
        assertFalse(new String(bytes("t.csv"), StandardCharsets.UTF_8).contains("\r"));
    }

    @Test
    void badParametersExitTwoAndWriteNothing() throws IOException {
        String out = dir.resolve("x.mrc").toString();
        String csv = dir.resolve("x.csv").toString();
        String[][] bad = {
            {"--size", "0,40,40", "--seed", "1", "--out", out, "--truth", csv},
            {"--size", "40,40", "--seed", "1", "--out", out, "--truth", csv},
            {"--size", "40,40,40", "--seed", "x", "--out", out, "--truth", csv},
            {"--size", "40,40,40", "--out", out, "--truth", csv},
            {"--size", "40,40,40", "--seed", "1", "--truth", csv},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--polarity", "grey"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--particles", "400"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--particles", "0"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--radius", "6,3"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--snr", "-1"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--snr", "1", "--no-noise"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--wedge", "30", "--no-wedge"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--wedge", "95"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--lowpass", "-2"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--threads", "0"},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", csv, "--bogus"},
            {"--size", "40,40,40", "--seed", "1", "--out", dir.resolve("no/such/dir/x.mrc").toString(),
                "--truth", csv},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", dir.resolve("nodir/x.csv").toString()},
            {"--size", "40,40,40", "--seed", "1", "--out", dir.toString(), "--truth", csv},
            {"--size", "40,40,40", "--seed", "1", "--out", out, "--truth", out},
        };
        for (String[] a : bad) {
            assertEquals(Cli.BAD_INPUT, run(a), String.join(" ", a) + " -> " + lastErr);
            String msg = lastErr.strip();
            assertTrue(msg.startsWith("picket-tools simulate: ") && !msg.contains("\n"),
                    String.join(" ", a) + " -> " + lastErr);
            assertEquals(List.of(), listing(), String.join(" ", a));
        }
    }

    @Test
    void existingOutputsAreReplacedWhole() throws IOException {
        Files.writeString(dir.resolve("r.mrc"), "old");
        Files.writeString(dir.resolve("r.csv"), "old");
        assertEquals(Cli.OK, sim("r", "2"), lastErr);
        assertTrue(Files.readString(dir.resolve("r.csv")).startsWith("x,y,z,radius_vox,class\n"));
        assertEquals(48 * 40 * 32, MrcFile.open(dir.resolve("r.mrc")).readVolume().size());
        // a failing run leaves the previous outputs alone
        assertEquals(Cli.BAD_INPUT, sim("r", "2", "--particles", "500"));
        assertTrue(Files.readString(dir.resolve("r.csv")).startsWith("x,y,z,radius_vox,class\n"));
    }

    @Test
    void helpExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = ToolsMain.run(new String[] {"simulate", "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(Cli.OK, rc);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--no-wedge"));
    }
}
