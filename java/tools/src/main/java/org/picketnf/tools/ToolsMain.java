package org.picketnf.tools;

import java.io.PrintStream;
import java.util.Arrays;

import org.picketnf.core.cli.Cli;

/**
 * {@code picket-tools}: small utilities around the pipeline.
 * Subcommands: {@code mrcinfo FILE}, {@code simulate ...}, {@code evaluate ...}, {@code rank ...}, {@code montage ...}, {@code report ...}, {@code consensus ...}, {@code export ...}. Run a subcommand with --help for its options.
 */
public final class ToolsMain {
    private static final String TOOL = "picket-tools";

    private ToolsMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one subcommand and returns its exit code (see {@link Cli}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // montage draws with Java2D: never look for a display (the launcher's JVM has no other AWT use)
        System.setProperty("java.awt.headless", "true");
        if (Cli.printVersion(TOOL, ToolsMain.class, args, out)) {
            return Cli.OK;
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? Cli.BAD_INPUT : Cli.OK;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "mrcinfo" -> Cli.run(TOOL + " mrcinfo", () -> MrcInfoCommand.run(rest, out), err);
            case "simulate" -> Cli.run(TOOL + " simulate", () -> SimulateCommand.run(rest, out, err), err);
            case "evaluate" -> Cli.run(TOOL + " evaluate", () -> EvaluateCommand.run(rest, out, err), err);
            case "rank" -> Cli.run(TOOL + " rank", () -> RankCommand.run(rest, out, err), err);
            case "montage" -> Cli.run(TOOL + " montage", () -> MontageCommand.run(rest, out, err), err);
            case "report" -> Cli.run(TOOL + " report", () -> ReportCommand.run(rest, out, err), err);
            case "consensus" -> Cli.run(TOOL + " consensus", () -> ConsensusCommand.run(rest, out, err), err);
            case "export" -> Cli.run(TOOL + " export", () -> ExportCommand.run(rest, out, err), err);
            default -> {
                err.println(TOOL + ": unknown command '" + args[0]
                        + "' (commands: mrcinfo, simulate, evaluate, rank, montage, report, consensus, export)");
                yield Cli.BAD_INPUT;
            }
        };
    }

    private static void usage(PrintStream ps) {
        ps.println("usage: " + TOOL + " <command> [options]   (" + TOOL + " " + Cli.version(ToolsMain.class) + ")");
        ps.println("  mrcinfo FILE [--stats]    print an MRC header as JSON (dims, mode, voxel size, origin, min/max/mean)");
        ps.println("  simulate --size X,Y,Z --seed S --out tomo.mrc --truth truth.csv [options]");
        ps.println("                            make a seeded synthetic tomogram with ground truth");
        ps.println("  evaluate --truth T --pred P (--threshold-voxels N | --threshold-angstrom A --voxel-size A)");
        ps.println("                            precision, recall, F1 of picked particles (PickET's lenient and one-to-one)");
        ps.println("  consensus [--id ID] [--out-dir D] PARTICLES|DIR ...");
        ps.println("                            one particle set from several, with a confidence per particle -> <id>_consensus.*");
        ps.println("  rank [--id ID] [--out-dir D] PARTICLES.csv|DIR ...");
        ps.println("                            rank one tomogram's workflows without ground truth -> <id>_ranking.csv/.json");
        ps.println("  montage --tomogram T.mrc --out PNG SEGMENTATION.mrc|PARTICLES.csv|RANKING.json|DIR ...");
        ps.println("                            QC picture: central slices, segmentation overlays, picked particles");
        ps.println("  report --out report.html FILE|DIR ...");
        ps.println("                            one self-contained HTML page: montages, rankings, counts, timings, F1");
        ps.println("  export --particles F --tomogram-size X,Y,Z --pixel-size A --name N --out-prefix P [--formats L]");
        ps.println("                            coordinates for RELION 5, Warp/RELION 3-4, copick, Dynamo, IMOD (Angstrom or pixels)");
        ps.println("  --version                 print the version and exit");
        ps.println("Run '" + TOOL + " <command> --help' for the options of a command.");
    }
}
