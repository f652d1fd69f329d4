package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The bin/ launcher must name the version the build produces, and the CLI must map errors to exit codes. */
class LauncherTest {
    private static Path repoRoot() {
        return Path.of(System.getProperty("picket.repo.root", "../..")).toAbsolutePath().normalize();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tools", "features", "cluster", "segment", "localize"})
    void launcherCarriesTheJarVersion(String module) throws Exception {
        String version = System.getProperty("picket.version");
        Path launcher = repoRoot().resolve("bin/picket-" + module);
        String text = Files.readString(launcher);
        assertTrue(text.contains("picket-java\" " + module + " " + version + " "),
                launcher + " must launch version " + version + ":\n" + text);
        assertTrue(Files.isExecutable(launcher));
        assertTrue(Files.isExecutable(repoRoot().resolve("bin/picket-java")));
    }

    @Test
    void dockerProfileDefaultsToTheImageOfThisVersion() throws Exception {
        // `make image` tags picket-nf:<version>; -profile docker must run that image unless --container says otherwise
        String version = System.getProperty("picket.version");
        String conf = Files.readString(repoRoot().resolve("conf/docker.config"));
        assertTrue(conf.contains("params.container ?: 'picket-nf:" + version + "'"), conf);
    }

    @Test
    void versionIsOneLineOnStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (String[] args : new String[][] {{"--version"}, {"simulate", "--version"}}) {
            out.reset();
            int rc = ToolsMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, rc);
            assertTrue(out.toString(StandardCharsets.UTF_8).matches("picket-tools (dev|"
                    + java.util.regex.Pattern.quote(System.getProperty("picket.version")) + ")\\R"), out::toString);
        }
        assertEquals(0, err.size());
    }

    @Test
    void unknownCommandIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ToolsMain.run(new String[] {"frobnicate"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }

    @Test
    void mrcinfoOnMissingFileIsOneLineExit2(@org.junit.jupiter.api.io.TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path missing = dir.resolve("missing.mrc");
        int rc = ToolsMain.run(new String[] {"mrcinfo", missing.toString()}, new PrintStream(out),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, rc);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.contains(missing.toString()) && msg.contains("no such file"), msg);
        assertEquals(0, out.size());
    }
}
