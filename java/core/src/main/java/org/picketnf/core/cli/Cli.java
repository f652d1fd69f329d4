package org.picketnf.core.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.picketnf.core.BadInputException;

/**
 * Shared plumbing for the command-line tools: exit codes, one-line errors, option parsing helpers.
 *
 * <p>Exit codes: {@link #OK} 0, {@link #BUG} 1 (an unexpected exception, with its stack trace),
 * {@link #BAD_INPUT} 2 (one line naming the file or parameter and the problem), {@link #OUT_OF_MEMORY} 3
 * (the heap was too small; the same code as the JVM's -XX:+ExitOnOutOfMemoryError, which the launchers set,
 * so the pipeline can retry the task with more memory).
 */
public final class Cli {
    public static final int OK = 0;
    public static final int BUG = 1;
    public static final int BAD_INPUT = 2;
    public static final int OUT_OF_MEMORY = 3;

    private Cli() {
    }

    /** A command body that may throw. */
    @FunctionalInterface
    public interface Body {
        int run() throws Exception;
    }

    /**
     * Runs {@code body} and maps what it throws to an exit code, printing errors as "tool: message" on stderr.
     */
    public static int run(String tool, Body body, PrintStream err) {
        try {
            return body.run();
        } catch (BadInputException e) {
            err.println(tool + ": " + oneLine(e.getMessage()));
            return BAD_INPUT;
        } catch (ParseException e) {
            err.println(tool + ": " + oneLine(e.getMessage()) + " (see --help)");
            return BAD_INPUT;
        } catch (OutOfMemoryError e) {
            err.println(tool + ": out of memory (" + e.getMessage() + "); give the JVM more heap, e.g."
                    + " PICKET_JAVA_OPTS=-Xmx8g");
            return OUT_OF_MEMORY;
        } catch (Throwable e) {
            err.println(tool + ": internal error, please report: " + e);
            e.printStackTrace(err);
            return BUG;
        }
    }

    /** Joins a possibly multi-line message into one line. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Parses {@code args} against {@code options}; unknown options and missing required ones are errors. */
    public static CommandLine parse(Options options, String[] args) throws ParseException {
        CommandLine cl = DefaultParser.builder().build().parse(options, args);
        return cl;
    }

    /** Prints usage for a subcommand. */
    public static void help(PrintStream out, String usage, String header, Options options) {
        HelpFormatter f = HelpFormatter.builder().get();
        PrintWriter pw = new PrintWriter(out);
        f.printHelp(pw, 100, usage, header, options, 2, 2, "", false);
        pw.flush();
    }

    /** A long-only option with an argument. */
    public static Option opt(String longName, String argName, String description) {
        return Option.builder().longOpt(longName).hasArg().argName(argName).desc(description).get();
    }

    /** A long-only flag. */
    public static Option flag(String longName, String description) {
        return Option.builder().longOpt(longName).desc(description).get();
    }

    /** The value of a required option, or a one-line error naming it. */
    public static String required(CommandLine cl, String name) {
        String v = cl.getOptionValue(name);
        if (v == null || v.isBlank()) {
            throw new BadInputException("--" + name + " is required");
        }
        return v;
    }

    /** An integer option value, or {@code def} when absent. */
    public static int intOpt(CommandLine cl, String name, int def) {
        String v = cl.getOptionValue(name);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + name + ": '" + v + "' is not an integer");
        }
    }

    /** A long option value, or {@code def} when absent. */
    public static long longOpt(CommandLine cl, String name, long def) {
        String v = cl.getOptionValue(name);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + name + ": '" + v + "' is not an integer");
        }
    }

    /** A finite double option value, or {@code def} when absent. */
    public static double doubleOpt(CommandLine cl, String name, double def) {
        String v = cl.getOptionValue(name);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + name + ": '" + v + "' is not a finite number");
        }
    }

    /** Parses "a,b,c" into three positive ints. */
    public static int[] triple(String name, String v) {
        String[] p = v.split(",");
        if (p.length != 3) {
            throw new BadInputException("--" + name + ": '" + v + "' should be three integers X,Y,Z");
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Integer.parseInt(p[i].strip());
            } catch (NumberFormatException e) {
                throw new BadInputException("--" + name + ": '" + v + "' should be three integers X,Y,Z");
            }
            if (out[i] <= 0) {
                throw new BadInputException("--" + name + ": sizes must be > 0, got '" + v + "'");
            }
        }
        return out;
    }

    /** Seconds with millisecond resolution, locale-independent. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** Number of worker threads: --threads if given (>= 1), else the processors available. */
    public static int threads(CommandLine cl) {
        int t = intOpt(cl, "threads", Runtime.getRuntime().availableProcessors());
        if (t < 1) {
            throw new BadInputException("--threads: must be >= 1, got " + t);
        }
        return t;
    }

    /**
     * The version of the jar that holds {@code cls} (its manifest's Implementation-Version, which the fat jars
     * carry), or "dev" when run from classes.
     */
    public static String version(Class<?> cls) {
        Package p = cls.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Every tool's {@code --version}: when any argument is {@code --version} (as in GNU tools), prints
     * "TOOL VERSION" on {@code out} and returns true (the caller exits {@link #OK} without doing anything else).
     * Checked before option parsing, so it works alike for every tool and subcommand.
     */
    public static boolean printVersion(String tool, Class<?> cls, String[] args, PrintStream out) {
        if (java.util.Arrays.asList(args).contains("--version")) {
            out.println(tool + " " + version(cls));
            return true;
        }
        return false;
    }
}
