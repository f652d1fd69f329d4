package org.picketnf.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.picketnf.cluster.ClusterMain;
import org.picketnf.core.cli.Cli;
import org.picketnf.features.FeaturesMain;

/** Runs the three S1 tools in-process, as the pipeline runs them, and locates the shared reference data. */
final class S1Run {
    private S1Run() {
    }

    /** Result of one tool run. */
    record Result(int code, String out, String err) {
    }

    static Result features(String... args) {
        return capture(o -> FeaturesMain.run(args, o[0], o[1]));
    }

    static Result cluster(String... args) {
        return capture(o -> Cli.run("picket-cluster", () -> ClusterMainAccess.run(args, o[0], o[1]), o[1]));
    }

    static Result segment(String... args) {
        return capture(o -> Cli.run("picket-segment", () -> SegmentMain.run(args, o[0], o[1]), o[1]));
    }

    interface Body {
        int run(PrintStream[] outErr) throws Exception;
    }

    private static Result capture(Body b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code;
        try {
            code = b.run(new PrintStream[] {po, pe});
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void ok(Result r) {
        assertEquals(0, r.code(), () -> "tool failed: " + r.err());
    }

    /** The shared data folder; fails under CI=true when missing, else skips. */
    static Path shared() {
        String env = System.getenv("PICKET_SHARED");
        Path p = env != null ? Path.of(env)
                : Path.of(System.getProperty("picket.repo.root", "../..")).resolve("../shared");
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("data"))) {
            String msg = "shared reference data not found at " + p + " (set PICKET_SHARED)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        return p;
    }
}
