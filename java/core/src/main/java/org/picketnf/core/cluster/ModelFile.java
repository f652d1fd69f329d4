package org.picketnf.core.cluster;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.picketnf.core.BadInputException;
import org.picketnf.core.io.Npy;
import org.picketnf.core.s1.FeatureSpec;
import org.picketnf.core.s1.Features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The model JSON that picket-cluster writes and picket-segment reads: the feature spec, the method, the seed and
 * the fitted parameters. Everything in it is a function of the inputs and the seed (no times, no paths), so identical
 * runs give identical files.
 *
 * @param format   "picket-nf model 1"
 * @param method   kmeans or gmm
 * @param seed     seed of the k-means++ draws (the GMM's KMeans initialisation uses it too)
 * @param features what the feature vectors are
 * @param kmeans   the KMeans fit (for gmm: the initialising KMeans)
 * @param gmm      the mixture, for method gmm
 */
@JsonPropertyOrder({"format", "method", "seed", "features", "kmeans", "gmm"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelFile(
        @JsonProperty("format") String format,
        @JsonProperty("method") String method,
        @JsonProperty("seed") long seed,
        @JsonProperty("features") FeatureSpec features,
        @JsonProperty("kmeans") KMeansPart kmeans,
        @JsonProperty("gmm") GmmPart gmm) {

    public static final String FORMAT = "picket-nf model 1";
    /** Largest neighborhood size a model may name: n^3 feature values must fit in one Java array. */
    public static final int MAX_NEIGHBORHOOD = 1289;

    /** KMeans parameters. */
    @JsonPropertyOrder({"centers", "iterations", "converged", "inertia", "max_iter", "tol"})
    public record KMeansPart(
            @JsonProperty("centers") double[][] centers,
            @JsonProperty("iterations") int iterations,
            @JsonProperty("converged") boolean converged,
            @JsonProperty("inertia") double inertia,
            @JsonProperty("max_iter") int maxIter,
            @JsonProperty("tol") double tol) {
    }

    /** Gaussian mixture parameters (full covariances, scikit-learn layout). */
    @JsonPropertyOrder({"weights", "means", "covariances", "iterations", "converged", "lower_bound", "max_iter", "tol",
            "reg_covar"})
    public record GmmPart(
            @JsonProperty("weights") double[] weights,
            @JsonProperty("means") double[][] means,
            @JsonProperty("covariances") double[][][] covariances,
            @JsonProperty("iterations") int iterations,
            @JsonProperty("converged") boolean converged,
            @JsonProperty("lower_bound") double lowerBound,
            @JsonProperty("max_iter") int maxIter,
            @JsonProperty("tol") double tol,
            @JsonProperty("reg_covar") double regCovar) {
    }

    /** Labels a block of feature rows. */
    public interface Classifier {
        /** Writes the cluster (0 or 1) of each of the first n rows of row-major {@code x} to {@code out}. */
        void predict(float[] x, int n, byte[] out);
    }

    /**
     * What to fit and how.
     *
     * @param method   kmeans or gmm
     * @param seed     seed of the k-means++ draws
     * @param maxIter  iteration cap of the fit (for gmm: of the EM)
     * @param tol      tolerance of the fit (for gmm: of the EM)
     * @param regCovar gmm's covariance regularisation (unused for kmeans)
     * @param threads  number of threads; the result does not depend on it
     */
    public record Settings(String method, long seed, int maxIter, double tol, double regCovar, int threads) {
    }

    /**
     * Fits {@code settings.method()} on the rows of {@code x}. For gmm, KMeans (same seed, its own defaults) gives
     * the initial responsibilities, as scikit-learn's init_params='kmeans'; {@code maxIter} and {@code tol} then
     * apply to the EM.
     */
    public static ModelFile fit(FeatureSpec spec, Settings settings, Npy.Matrix x, Consumer<String> log) {
        return fit(spec, settings, x, null, log);
    }

    /**
     * As above; for gmm, {@code init} (a kmeans model of the same sample, spec and seed, with KMeans' default
     * iteration cap and tolerance, or null) replaces the initialising KMeans fit. Its labels are its predictions,
     * which equal the labels of that fit, so the result is the same as without it.
     */
    public static ModelFile fit(FeatureSpec spec, Settings settings, Npy.Matrix x, ModelFile init,
                                Consumer<String> log) {
        final String method = settings.method();
        final long seed = settings.seed();
        final int maxIter = settings.maxIter();
        final double tol = settings.tol();
        final double regCovar = settings.regCovar();
        final int threads = settings.threads();
        final int n = x.rows();
        final int d = x.cols();
        boolean gmm = method.equals("gmm");
        int kmIter = gmm ? KMeans.DEFAULT_MAX_ITER : maxIter;
        double kmTol = gmm ? KMeans.DEFAULT_TOL : tol;
        int[] labels = gmm ? new int[n] : null;
        long t0 = System.nanoTime();
        KMeansModel km;
        if (gmm && init != null) {
            km = new KMeansModel(init.kmeans().centers(), init.kmeans().iterations(), init.kmeans().inertia(),
                    init.kmeans().converged());
            km.predict(x.data(), n, labels, 0, threads);
        } else {
            KMeans.Options km0 = KMeans.Options.of(2, seed).withMaxIter(kmIter).withTol(kmTol).withThreads(threads);
            km = KMeans.fit(x.data(), n, d, km0, labels);
        }
        long t1 = System.nanoTime();
        log.accept(String.format(Locale.ROOT, "kmeans: %d iterations, %.2f s%s", km.iterations(), (t1 - t0) / 1e9,
                gmm && init != null ? " (labels from the given kmeans model)" : ""));
        KMeansPart kp = new KMeansPart(km.centers(), km.iterations(), km.converged(), km.inertia(), kmIter, kmTol);
        GmmPart gp = null;
        if (gmm) {
            GmmModel g;
            try {
                g = Gmm.fit(x.data(), n, d, labels, Gmm.Options.of(2).withTol(tol).withRegCovar(regCovar)
                        .withMaxIter(maxIter).withThreads(threads));
            } catch (CovarianceNotPositiveDefiniteException e) {
                throw new BadInputException("GMM fit failed: " + e.getMessage());
            }
            long t2 = System.nanoTime();
            log.accept(String.format(Locale.ROOT, "gmm: %d EM iterations (%s), %.2f s, %.3f s per iteration",
                    g.iterations(), g.converged() ? "converged" : "not converged", (t2 - t1) / 1e9,
                    (t2 - t1) / 1e9 / Math.max(1, g.iterations())));
            gp = new GmmPart(g.weights(), g.means(), g.covariances(), g.iterations(), g.converged(), g.lowerBound(),
                    maxIter, tol, regCovar);
        }
        return new ModelFile(FORMAT, method, seed, spec, kp, gp);
    }

    /**
     * Checks that the file is a complete model consistent with its feature spec.
     *
     * @throws BadInputException naming {@code file} otherwise
     */
    public void validate(String file) {
        if (!FORMAT.equals(format)) {
            throw new BadInputException(file + ": not a picket-nf model (format '" + format + "')");
        }
        if (features == null) {
            throw new BadInputException(file + ": model has no feature spec");
        }
        int d = features.dimension();
        if (d < 1) {
            throw new BadInputException(file + ": feature dimension must be >= 1, got " + d);
        }
        int n = features.neighborhoodSize();
        if (n < 1 || n % 2 == 0 || n > MAX_NEIGHBORHOOD) {
            // checked before the extractor is built: its tables grow with n
            throw new BadInputException(file + ": neighborhood_size must be odd and in 1.." + MAX_NEIGHBORHOOD
                    + ", got " + n);
        }
        if (features.gaborFilters() != null && features.gaborFilters().contains(null)) {
            throw new BadInputException(file + ": gabor_filters holds a null");
        }
        try {
            Features.extractor(features);
        } catch (IllegalArgumentException | BadInputException e) {
            throw new BadInputException(file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if ("kmeans".equals(method)) {
            if (kmeans == null || !isMatrix(kmeans.centers(), 2, d)) {
                throw new BadInputException(file + ": kmeans model needs 2 centres of dimension " + d);
            }
        } else if ("gmm".equals(method)) {
            if (gmm == null || gmm.weights() == null || gmm.weights().length != 2 || !isMatrix(gmm.means(), 2, d)
                    || gmm.covariances() == null || gmm.covariances().length != 2
                    || !isMatrix(gmm.covariances()[0], d, d) || !isMatrix(gmm.covariances()[1], d, d)) {
                throw new BadInputException(file + ": gmm model needs 2 components of dimension " + d);
            }
            if (kmeans == null || !isMatrix(kmeans.centers(), 2, d)) {
                throw new BadInputException(file + ": gmm model needs its initialising kmeans (2 centres of"
                        + " dimension " + d + ")");
            }
        } else {
            throw new BadInputException(file + ": unknown clustering method '" + method + "'");
        }
        try {
            classifier();
        } catch (IllegalArgumentException | BadInputException e) {
            throw new BadInputException(file + ": unusable " + method + " model: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static boolean isMatrix(double[][] a, int rows, int cols) {
        if (a == null || a.length != rows) {
            return false;
        }
        for (double[] r : a) {
            if (r == null || r.length != cols) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that this kmeans model can initialise a gmm fit of {@code spec} with {@code seed}.
     *
     * @throws BadInputException naming {@code file} otherwise
     */
    public void checkInitFor(FeatureSpec spec, long seed, String file) {
        validate(file);
        if (!"kmeans".equals(method)) {
            throw new BadInputException(file + ": --init-model must be a kmeans model, this is " + method);
        }
        if (this.seed != seed || !features.equals(spec)) {
            throw new BadInputException(file + ": --init-model was fitted with another seed or feature sample");
        }
        if (kmeans.maxIter() != KMeans.DEFAULT_MAX_ITER || kmeans.tol() != KMeans.DEFAULT_TOL) {
            throw new BadInputException(file + ": --init-model was fitted with non-default max_iter/tol");
        }
    }

    /** The fitted model as a classifier. */
    public Classifier classifier() {
        if ("gmm".equals(method)) {
            GmmModel g = new GmmModel(gmm.weights(), gmm.means(), gmm.covariances(), gmm.iterations(),
                    gmm.converged(), gmm.lowerBound());
            GmmModel.Predictor p = g.predictor();
            return p::predict;
        }
        KMeansModel k = new KMeansModel(kmeans.centers(), kmeans.iterations(), kmeans.inertia(), kmeans.converged());
        return (x, n, out) -> k.predict(x, n, out, 0, 1);
    }

    /** One line for logs. */
    public String summary() {
        if (gmm != null) {
            return String.format(Locale.ROOT, "kmeans init %d iterations, EM %d iterations (%s), lower bound %.6g",
                    kmeans.iterations(), gmm.iterations(), gmm.converged() ? "converged" : "not converged",
                    gmm.lowerBound());
        }
        return String.format(Locale.ROOT, "%d iterations (%s), inertia %.6g", kmeans.iterations(),
                kmeans.converged() ? "converged" : "not converged", kmeans.inertia());
    }

    /** Iteration counts and convergence, for provenance. */
    @JsonIgnore
    public Map<String, Object> fitSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kmeans_iterations", kmeans.iterations());
        m.put("kmeans_converged", kmeans.converged());
        if (gmm != null) {
            m.put("gmm_iterations", gmm.iterations());
            m.put("gmm_converged", gmm.converged());
            m.put("gmm_lower_bound", gmm.lowerBound());
        }
        return m;
    }
}
