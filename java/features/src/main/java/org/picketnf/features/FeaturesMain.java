package org.picketnf.features;

import java.io.PrintStream;
import java.util.Arrays;

import org.picketnf.core.cli.Cli;

/**
 * {@code picket-features}: S1's first two steps.
 * <ul>
 *   <li>{@code preprocess --in TOMO.mrc --out PRE.mrc}: Gaussian blur (sigma 2, PickET's truncate 4, reflect) and
 *       global min-max to [0, 1], written once per tomogram as float32 and reused by every feature mode;</li>
 *   <li>{@code extract --pre PRE.mrc --mode MODE --out SAMPLE.npy --spec SPEC.json}: the features of the fitting
 *       neighborhoods (a seeded sample of the z-slab), plus the feature specification that prediction reuses.</li>
 * </ul>
 */
public final class FeaturesMain {
    static final String TOOL = "picket-features";

    private FeaturesMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (Cli.printVersion(TOOL, FeaturesMain.class, args, out)) {
            return Cli.OK;
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            PrintStream ps = args.length == 0 ? err : out;
            ps.println("usage: " + TOOL + " preprocess --in TOMO.mrc --out PRE.mrc [--sigma 2] [--threads N]");
            ps.println("       " + TOOL + " extract --pre PRE.mrc --mode intensities|ffts|gabor --out SAMPLE.npy"
                    + " --spec SPEC.json [--neighborhood-size 5] [--lower-z Z] [--upper-z Z]"
                    + " [--max-neighborhoods N] [--seed 42] [--threads N]");
            ps.println("       " + TOOL + " --version");
            return args.length == 0 ? Cli.BAD_INPUT : Cli.OK;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "preprocess" -> Cli.run(TOOL + " preprocess", () -> PreprocessCommand.run(rest, out, err), err);
            case "extract" -> Cli.run(TOOL + " extract", () -> ExtractCommand.run(rest, out, err), err);
            default -> {
                err.println(TOOL + ": unknown command '" + args[0] + "' (commands: preprocess, extract)");
                yield Cli.BAD_INPUT;
            }
        };
    }
}
