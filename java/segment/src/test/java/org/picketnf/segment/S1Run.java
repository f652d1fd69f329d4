package org.picketnf.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.picketnf.cluster.ClusterMain;
import org.picketnf.core.cli.Cli;
import org.picketnf.features.FeaturesMain;

/** Runs the three S1 tools in-process, as the pipeline runs them. */
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
        return capture(o -> Cli.run("picket-cluster", () -> ClusterMain.run(args, o[0], o[1]), o[1]));
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
}
