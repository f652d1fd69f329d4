package org.picketnf.features;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.Volume;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Json;
import org.picketnf.core.io.Npy;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.s1.FeatureMode;
import org.picketnf.core.s1.FeatureSpec;
import org.picketnf.core.s1.Features;
import org.picketnf.core.s1.FittingSet;
import org.picketnf.core.s1.IntensityFeatures;
import org.picketnf.core.s1.SectionFeatures;
import org.picketnf.core.s1.SectionLoop;

/**
 * {@code picket-features extract}: features of the fitting neighborhoods of a preprocessed tomogram.
 * Writes the sample as a float32 .npy (rows = windows in scan order z, y, x; columns = features) and the feature
 * specification JSON. For Gabor, the 64 filters with the largest standard deviation over the fitting set are
 * chosen here (one pass over the full bank), recorded in the spec, and reused by prediction.
 */
final class ExtractCommand {
    /** Section windows that one window computed from its own block costs, rounded up (see run). */
    static final int WINDOW_COST = 64;

    /** Our default cap on fitted neighborhoods; PickET's example file uses 100,000,000 (i.e. none). */
    static final long DEFAULT_MAX = 100_000;
    static final long DEFAULT_SEED = 42;

    private ExtractCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = new Options()
                .addOption(Cli.opt("pre", "PRE.mrc", "preprocessed tomogram from 'preprocess'"))
                .addOption(Cli.opt("mode", "MODE", "intensities, ffts or gabor"))
                .addOption(Cli.opt("out", "SAMPLE.npy", "fitting sample (float32 .npy, windows x features)"))
                .addOption(Cli.opt("spec", "SPEC.json", "feature specification for cluster and segment"))
                .addOption(Cli.opt("neighborhood-size", "N", "odd window edge (default 5)"))
                .addOption(Cli.opt("lower-z", "Z", "first z-section of the fitting slab (default 0)"))
                .addOption(Cli.opt("upper-z", "Z", "end (exclusive) of the fitting slab (default nz)"))
                .addOption(Cli.opt("max-neighborhoods", "N", "fit on at most N windows, a seeded random subset"
                        + " (default " + DEFAULT_MAX + "; 0 = all, as PickET with a large cap)"))
                .addOption(Cli.opt("seed", "S", "seed of the subset draw (default 42)"))
                .addOption(Cli.opt("num-sinusoids", "K", "Gabor frequencies per axis (default 10)"))
                .addOption(Cli.opt("num-output-features", "F", "Gabor filters kept (default 64)"))
                .addOption(Cli.opt("threads", "N", "worker threads (default: available processors)"))
                .addOption(Cli.flag("help", "show this help"));
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, "picket-features extract --pre PRE.mrc --mode MODE --out SAMPLE.npy --spec SPEC.json", "", o);
            return Cli.OK;
        }
        Path prePath = Path.of(Cli.required(cl, "pre"));
        FeatureMode mode = FeatureMode.parse(Cli.required(cl, "mode"));
        Path outPath = Path.of(Cli.required(cl, "out"));
        Path specPath = Path.of(Cli.required(cl, "spec"));
        int n = Cli.intOpt(cl, "neighborhood-size", 5);
        if (n < 1 || n % 2 == 0) {
            throw new BadInputException("--neighborhood-size: must be odd and >= 1, got " + n);
        }
        long max = Cli.longOpt(cl, "max-neighborhoods", DEFAULT_MAX);
        if (max < 0) {
            throw new BadInputException("--max-neighborhoods: must be >= 0, got " + max);
        }
        long seed = Cli.longOpt(cl, "seed", DEFAULT_SEED);
        int numSinusoids = Cli.intOpt(cl, "num-sinusoids", 10);
        int numOut = Cli.intOpt(cl, "num-output-features", 64);
        int threads = Cli.threads(cl);
        AtomicFiles.checkWritable(outPath);
        AtomicFiles.checkWritable(specPath);

        long t0 = System.nanoTime();
        MrcFile f = MrcFile.open(prePath);
        if (n > f.nx() || n > f.ny() || n > f.nz()) {
            throw new BadInputException(prePath + ": neighborhood size " + n + " is larger than the volume "
                    + f.nx() + "x" + f.ny() + "x" + f.nz());
        }
        int lowerZ = Cli.intOpt(cl, "lower-z", 0);
        int upperZ = Cli.intOpt(cl, "upper-z", f.nz());
        Volume pre = f.readVolume();
        Features.requireFinite(pre, prePath.toString());
        FittingSet fit;
        try {
            fit = FittingSet.of(pre.shape(), n, lowerZ, upperZ, max, seed);
        } catch (BadInputException e) {
            throw new BadInputException(prePath + ": " + e.getMessage());
        }
        long t1 = System.nanoTime();

        List<Integer> gabor = List.of();
        if (mode == FeatureMode.GABOR) {
            gabor = Features.selectGaborFilters(pre, n, numSinusoids, numOut, fit, threads,
                    msg -> err.println("picket-features extract: " + msg));
        }
        FeatureSpec.Fitting fitting = new FeatureSpec.Fitting(lowerZ, upperZ, fit.total(), fit.selected(), max, seed,
                List.of(pre.nx(), pre.ny(), pre.nz()));
        FeatureSpec spec = Features.spec(mode, n, numSinusoids, gabor, fitting);
        SectionFeatures ex = Features.extractor(spec);
        int d = ex.dimension();
        long rowsL = fit.selected();
        if (rowsL * d > Integer.MAX_VALUE - 8) {
            throw new BadInputException("fitting sample of " + rowsL + " x " + d + " features is too large for one"
                    + " array; lower --max-neighborhoods");
        }
        int rows = (int) rowsL;
        float[] sample = new float[rows * d];
        // row offset of each centre section in the sample
        int[] rowStart = new int[fit.zEnd() - fit.zFirst() + 1];
        for (int z = fit.zFirst(); z < fit.zEnd(); z++) {
            rowStart[z - fit.zFirst() + 1] = rowStart[z - fit.zFirst()] + fit.count(z);
        }
        int per = fit.perSection();
        // A section's picked windows one by one (SectionFeatures.window: each from its own n^3 block, the section's
        // floats bit for bit) when that is cheaper than the whole section: always for intensities (a copy), and for
        // ffts and gabor when fewer than 1 in WINDOW_COST of the section's windows are picked (a block costs 40-60
        // section windows, measured on 300x300 sections; a 630x630x184 tomogram's 100,000 picks are 1 in 700).
        boolean copies = ex instanceof IntensityFeatures;
        SectionLoop.run(fit.zFirst(), fit.zEnd(), threads, () -> new float[][] {null}, (z, buf) -> {
            boolean[] picks = fit.picks(z);
            int r = rowStart[z - fit.zFirst()];
            if (picks != null && (copies || (long) fit.count(z) * WINDOW_COST < per)) {
                for (int i = 0; i < per; i++) {
                    if (picks[i]) {
                        ex.window(pre, z, i, sample, r * d);
                        r++;
                    }
                }
                return;
            }
            if (buf[0] == null) {
                buf[0] = new float[per * d];
            }
            float[] sec = buf[0];
            ex.section(pre, z, sec);
            if (picks == null) {
                System.arraycopy(sec, 0, sample, r * d, per * d);
            } else {
                for (int i = 0; i < per; i++) {
                    if (picks[i]) {
                        System.arraycopy(sec, i * d, sample, r * d, d);
                        r++;
                    }
                }
            }
        }, "features " + mode.label(), msg -> err.println("picket-features extract: " + msg));
        long t2 = System.nanoTime();
        Npy.writeFloat32(outPath, sample, rows, d);
        AtomicFiles.writeString(specPath, Json.pretty(spec));
        long t3 = System.nanoTime();
        err.println("picket-features extract: " + mode.label() + ": " + rows + " of " + fit.total()
                + " windows x " + d + " features; read " + Cli.seconds(t1 - t0) + " s, features "
                + Cli.seconds(t2 - t1) + " s, write " + Cli.seconds(t3 - t2) + " s");
        return Cli.OK;
    }
}
