package org.picketnf.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.Numbers;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;
import org.picketnf.core.sim.Polarity;
import org.picketnf.core.sim.SimParams;
import org.picketnf.core.sim.SimParticle;
import org.picketnf.core.sim.SyntheticTomogram;

/**
 * {@code picket-tools simulate}: a seeded synthetic tomogram (MRC float32) and its ground truth
 * (CSV {@code x,y,z,radius_vox,class}). All parameters are checked and both output directories tested before any
 * work; both files are written under temporary names and renamed into place, so a failed run leaves neither.
 */
final class SimulateCommand {
    static final String USAGE = "picket-tools simulate --size X,Y,Z --seed S --out tomo.mrc --truth truth.csv"
            + " [--particles N] [--snr F | --no-noise] [--radius MIN,MAX] [--polarity dark|bright]"
            + " [--lowpass SIGMA] [--wedge DEG | --no-wedge] [--voxel-size A] [--threads N]";
    /** The header line of the truth CSV. */
    static final String CSV_HEADER = "x,y,z,radius_vox,class";
    /** Volumes with at least this many voxels get a progress line per stage on stderr. */
    static final long VERBOSE_VOXELS = 1L << 24;

    private SimulateCommand() {
    }

    static Options options() {
        return new Options()
                .addOption(Cli.opt("size", "X,Y,Z", "volume size in voxels (required)"))
                .addOption(Cli.opt("seed", "S", "random seed, an integer (required); same seed, same bytes"))
                .addOption(Cli.opt("out", "FILE", "output tomogram, MRC float32 (required)"))
                .addOption(Cli.opt("truth", "FILE", "output ground truth CSV: " + CSV_HEADER + " (required)"))
                .addOption(Cli.opt("particles", "N", "number of particles (default: about "
                        + Math.round(100 * SimParams.AUTO_FILL) + "% of the volume in bounding spheres)"))
                .addOption(Cli.opt("snr", "F", "signal variance / noise variance, both after filtering (default "
                        + SimParams.DEFAULT_SNR + ")"))
                .addOption(Cli.flag("no-noise", "add no noise"))
                .addOption(Cli.opt("radius", "MIN,MAX", "bounding radius range in voxels (default "
                        + Numbers.integral(SimParams.DEFAULT_RADIUS_MIN) + ","
                        + Numbers.integral(SimParams.DEFAULT_RADIUS_MAX) + ")"))
                .addOption(Cli.opt("polarity", "dark|bright", "particles darker or brighter than the background"
                        + " (default dark)"))
                .addOption(Cli.opt("lowpass", "SIGMA", "Gaussian low-pass sigma in voxels, 0 for none (default "
                        + Numbers.integral(SimParams.DEFAULT_LOWPASS) + ")"))
                .addOption(Cli.opt("wedge", "DEG", "missing wedge of a +-DEG tilt series about y (default "
                        + Numbers.integral(SimParams.DEFAULT_TILT_MAX) + ")"))
                .addOption(Cli.flag("no-wedge", "no missing wedge"))
                .addOption(Cli.opt("voxel-size", "A", "voxel size in Angstrom written to the header (default 1)"))
                .addOption(Cli.opt("threads", "N", "worker threads (default: processors); output does not depend on it"))
                .addOption(Cli.flag("help", "show this help"));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, "picket-tools simulate", "Make a seeded synthetic cryo-ET tomogram (dark blobs in noise with a missing"
                    + " wedge) and its ground truth.", o);
            return Cli.OK;
        }
        if (!cl.getArgList().isEmpty()) {
            throw new BadInputException("unexpected argument '" + cl.getArgList().get(0) + "'");
        }
        for (String req : new String[] {"size", "seed", "out", "truth"}) {
            if (!cl.hasOption(req)) {
                throw new BadInputException("--" + req + " is required");
            }
        }
        SimParams p = params(cl);
        int threads = Cli.threads(cl);
        Path mrc = Path.of(cl.getOptionValue("out")).toAbsolutePath().normalize();
        Path csv = Path.of(cl.getOptionValue("truth")).toAbsolutePath().normalize();
        if (mrc.equals(csv)) {
            throw new BadInputException("--out and --truth are the same file " + mrc);
        }
        checkWritable(mrc, "out");
        checkWritable(csv, "truth");

        String tool = "picket-tools simulate";
        long voxels = (long) p.nx() * p.ny() * p.nz();
        Consumer<String> log = voxels >= VERBOSE_VOXELS ? line -> err.println(tool + ": " + line) : line -> { };
        long t0 = System.nanoTime();
        SyntheticTomogram t = SyntheticTomogram.generate(p, threads, log);
        long t1 = System.nanoTime();
        write(t, mrc, csv);
        log.accept("wrote " + mrc + " (" + Cli.seconds(System.nanoTime() - t1) + " s)");
        err.println(tool + ": " + p.nx() + "x" + p.ny() + "x" + p.nz() + ", " + t.particles().size()
                + " particles, seed " + p.seed() + " -> " + mrc.getFileName() + ", " + csv.getFileName() + " ("
                + Cli.seconds(System.nanoTime() - t0) + " s)");
        return Cli.OK;
    }

    static SimParams params(CommandLine cl) {
        int[] size = Cli.triple("size", cl.getOptionValue("size"));
        long seed = Cli.longOpt(cl, "seed", 0);
        exclusive(cl, "snr", "no-noise");
        exclusive(cl, "wedge", "no-wedge");
        double[] r = cl.hasOption("radius") ? pair("radius", cl.getOptionValue("radius"))
                : new double[] {SimParams.DEFAULT_RADIUS_MIN, SimParams.DEFAULT_RADIUS_MAX};
        if (!(r[0] >= 1) || r[1] < r[0]) {
            throw new BadInputException("--radius: need 1 <= MIN <= MAX voxels, got '"
                    + cl.getOptionValue("radius") + "'");
        }
        // the size check depends on the largest radius, so the radius goes in from the start
        SimParams p = named("size", () -> SimParams.defaults(size[0], size[1], size[2], seed, r[0], r[1]));
        if (cl.hasOption("particles")) {
            int n = Cli.intOpt(cl, "particles", 0);
            if (n < 1) {
                throw new BadInputException("--particles: must be >= 1, got " + n);
            }
            p = p.withParticles(n);
        }
        if (cl.hasOption("snr")) {
            double v = Cli.doubleOpt(cl, "snr", SimParams.DEFAULT_SNR);
            SimParams q = p;
            p = named("snr", () -> q.withSnr(v));
        }
        if (cl.hasOption("no-noise")) {
            p = p.withoutNoise();
        }
        if (cl.hasOption("polarity")) {
            Polarity pol = named("polarity", () -> Polarity.parse(cl.getOptionValue("polarity")));
            p = p.withPolarity(pol);
        }
        if (cl.hasOption("lowpass")) {
            double v = Cli.doubleOpt(cl, "lowpass", SimParams.DEFAULT_LOWPASS);
            SimParams q = p;
            p = named("lowpass", () -> q.withLowpass(v));
        }
        if (cl.hasOption("wedge")) {
            double v = Cli.doubleOpt(cl, "wedge", SimParams.DEFAULT_TILT_MAX);
            SimParams q = p;
            p = named("wedge", () -> q.withWedge(v));
        }
        if (cl.hasOption("no-wedge")) {
            p = p.withoutWedge();
        }
        if (cl.hasOption("voxel-size")) {
            double v = Cli.doubleOpt(cl, "voxel-size", 1);
            SimParams q = p;
            p = named("voxel-size", () -> q.withVoxelSize(v));
        }
        return p;
    }

    private static void exclusive(CommandLine cl, String a, String b) {
        if (cl.hasOption(a) && cl.hasOption(b)) {
            throw new BadInputException("--" + a + " and --" + b + " are mutually exclusive");
        }
    }

    /** Runs a parameter check, prefixing its one-line message with the option it concerns. */
    private static <T> T named(String opt, Supplier<T> check) {
        try {
            return check.get();
        } catch (BadInputException e) {
            throw new BadInputException("--" + opt + ": " + e.getMessage(), e);
        }
    }

    private static double[] pair(String name, String v) {
        String[] s = v.split(",");
        if (s.length != 2) {
            throw new BadInputException("--" + name + ": '" + v + "' should be two numbers MIN,MAX");
        }
        double[] out = new double[2];
        for (int i = 0; i < 2; i++) {
            try {
                out[i] = Double.parseDouble(s[i].strip());
            } catch (NumberFormatException e) {
                throw new BadInputException("--" + name + ": '" + v + "' should be two numbers MIN,MAX");
            }
            if (!Double.isFinite(out[i])) {
                throw new BadInputException("--" + name + ": '" + v + "' should be two finite numbers");
            }
        }
        return out;
    }

    /** Fails unless {@code target} could be created or replaced: its directory exists and is writable. */
    static void checkWritable(Path target, String opt) {
        if (Files.isDirectory(target)) {
            throw new BadInputException("--" + opt + " " + target + ": is a directory");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException("--" + opt + " " + target + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException("--" + opt + " " + target + ": directory " + dir + " is not writable");
        }
    }

    /** The truth CSV text: the header, then one line per particle, fixed decimals, '\n' line ends. */
    static String truthCsv(List<SimParticle> ps) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (SimParticle q : ps) {
            sb.append(Numbers.fixed3(q.x())).append(',').append(Numbers.fixed3(q.y())).append(',')
                    .append(Numbers.fixed3(q.z())).append(',').append(Numbers.fixed3(q.radius())).append(',')
                    .append(q.cls().label()).append('\n');
        }
        return sb.toString();
    }

    /** CSV to a temporary name, the MRC (atomic by itself), then the CSV renamed into place. */
    private static void write(SyntheticTomogram t, Path mrc, Path csv) {
        Path tmp = csv.getParent().resolve("." + csv.getFileName() + ".part");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(truthCsv(t.particles()));
            } catch (AccessDeniedException e) {
                throw new BadInputException("--truth " + csv + ": cannot write, permission denied", e);
            } catch (IOException e) {
                throw new BadInputException("--truth " + csv + ": cannot write (" + e.getMessage() + ")", e);
            }
            MrcWriter.write(mrc, t.volume(), MrcMode.FLOAT32);
            try {
                Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new BadInputException("--truth " + csv + ": cannot finish writing (" + e.getMessage() + ")", e);
            }
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
