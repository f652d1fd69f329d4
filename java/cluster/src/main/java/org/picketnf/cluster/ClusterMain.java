package org.picketnf.cluster;

import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.cluster.ModelFile;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Json;
import org.picketnf.core.io.Npy;
import org.picketnf.core.s1.FeatureSpec;

/**
 * {@code picket-cluster --features SAMPLE.npy --spec SPEC.json --method kmeans|gmm --out MODEL.json}:
 * fits PickET's two-cluster model on a feature sample. KMeans: k-means++ with one init, seed 42 by default.
 * GMM: two full-covariance components initialised from that KMeans as scikit-learn does (tol 1e-3,
 * reg_covar 1e-6, at most 100 EM iterations). The model JSON holds the feature spec, the parameters, the seed and
 * the iteration counts, and nothing that changes between identical runs.
 */
public final class ClusterMain {
    static final String TOOL = "picket-cluster";

    private ClusterMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(TOOL, () -> run(args, System.out, System.err), System.err));
    }

    /** Runs the tool and returns its exit code; errors propagate as exceptions (see {@link Cli#run}). */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (Cli.printVersion(TOOL, ClusterMain.class, args, out)) {
            return Cli.OK;
        }
        Options o = new Options()
                .addOption(Cli.opt("features", "SAMPLE.npy", "fitting sample from picket-features extract"))
                .addOption(Cli.opt("spec", "SPEC.json", "its feature specification"))
                .addOption(Cli.opt("method", "M", "kmeans or gmm"))
                .addOption(Cli.opt("out", "MODEL.json", "fitted model"))
                .addOption(Cli.opt("seed", "S", "seed of the k-means++ draws (default 42, PickET's random_state)"))
                .addOption(Cli.opt("max-iter", "N", "iteration cap (default: KMeans 300, GMM 100)"))
                .addOption(Cli.opt("tol", "T", "convergence tolerance (default: KMeans 1e-4, GMM 1e-3)"))
                .addOption(Cli.opt("reg-covar", "R", "GMM covariance regularisation (default 1e-6)"))
                .addOption(Cli.opt("init-model", "KMEANS.json", "gmm: take the initial labels from this kmeans model of"
                        + " the same sample and seed instead of refitting it (same result, less time)"))
                .addOption(Cli.opt("threads", "N", "worker threads (default: available processors)"))
                .addOption(Cli.flag("help", "show this help"))
                .addOption(Cli.flag("version", "print the version and exit"));
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, TOOL + " --features SAMPLE.npy --spec SPEC.json --method kmeans|gmm --out MODEL.json",
                    "", o);
            return Cli.OK;
        }
        Path featPath = Path.of(Cli.required(cl, "features"));
        Path specPath = Path.of(Cli.required(cl, "spec"));
        String method = Cli.required(cl, "method");
        if (!method.equals("kmeans") && !method.equals("gmm")) {
            throw new BadInputException("--method: '" + method + "' is not one of kmeans, gmm");
        }
        Path outPath = Path.of(Cli.required(cl, "out"));
        long seed = Cli.longOpt(cl, "seed", 42);
        boolean gmm = method.equals("gmm");
        int maxIter = Cli.intOpt(cl, "max-iter", gmm ? 100 : 300);
        double tol = Cli.doubleOpt(cl, "tol", gmm ? 1e-3 : 1e-4);
        double reg = Cli.doubleOpt(cl, "reg-covar", 1e-6);
        if (maxIter < 1 || !(tol >= 0) || !(reg >= 0)) {
            throw new BadInputException("--max-iter must be >= 1, --tol and --reg-covar >= 0");
        }
        int threads = Cli.threads(cl);
        AtomicFiles.checkWritable(outPath);

        long t0 = System.nanoTime();
        FeatureSpec spec = Json.read(specPath, FeatureSpec.class);
        Npy.Matrix x = Npy.readFloat32(featPath);
        if (x.cols() != spec.dimension()) {
            throw new BadInputException(featPath + ": has " + x.cols() + " features per window but " + specPath
                    + " describes " + spec.mode() + " features of dimension " + spec.dimension()
                    + " (sample and spec from different runs?)");
        }
        if (x.rows() < 2) {
            throw new BadInputException(featPath + ": " + x.rows() + " windows, need at least 2 to fit 2 clusters");
        }
        for (float v : x.data()) {
            if (!Float.isFinite(v)) {
                throw new BadInputException(featPath + ": contains NaN or infinite feature values");
            }
        }
        long t1 = System.nanoTime();
        ModelFile init = null;
        if (cl.hasOption("init-model")) {
            if (!gmm) {
                throw new BadInputException("--init-model is for --method gmm");
            }
            Path ip = Path.of(cl.getOptionValue("init-model"));
            init = Json.read(ip, ModelFile.class);
            init.checkInitFor(spec, seed, ip.toString());
        }
        ModelFile.Settings settings = new ModelFile.Settings(method, seed, maxIter, tol, reg, threads);
        ModelFile model = ModelFile.fit(spec, settings, x, init, msg -> err.println(TOOL + ": " + msg));
        long t2 = System.nanoTime();
        AtomicFiles.writeString(outPath, Json.pretty(model));
        err.println(TOOL + ": " + spec.mode() + " " + method + " on " + x.rows() + " x " + x.cols() + ": read "
                + Cli.seconds(t1 - t0) + " s, fit " + Cli.seconds(t2 - t1) + " s, " + model.summary());
        return Cli.OK;
    }

}
