package org.picketnf.tools;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.Json;
import org.picketnf.core.mrc.MrcFile;

/**
 * {@code picket-tools evaluate --truth T --pred P (--threshold-voxels N | --threshold-angstrom A)}: precision,
 * recall and F1 of predicted particle positions against ground truth, both PickET's lenient way and one-to-one.
 * Prints one JSON object on stdout. See {@link Matching} for the definitions and {@link PointSets} for the formats.
 */
final class EvaluateCommand {
    static final String USAGE = "picket-tools evaluate --truth TRUTH --pred PRED (--threshold-voxels N |"
            + " --threshold-angstrom A [--voxel-size A | --tomogram TOMO.mrc])";

    private EvaluateCommand() {
    }

    static Options options() {
        return new Options()
                .addOption(Cli.opt("truth", "FILE", "ground truth coordinates (voxels): .csv with x,y,z columns,"
                        + " .star, .yaml (PickET), .ndjson"))
                .addOption(Cli.opt("pred", "FILE", "predicted coordinates, same formats"))
                .addOption(Cli.opt("threshold-voxels", "N", "match distance in voxels (a pair matches when the"
                        + " Euclidean distance is <= N)"))
                .addOption(Cli.opt("threshold-angstrom", "A", "match distance in Angstrom, converted as PickET does:"
                        + " round(A / voxel size) half to even, voxel size = the largest of x, y, z"))
                .addOption(Cli.opt("voxel-size", "A[,A,A]", "voxel size in Angstrom (one value or x,y,z)"))
                .addOption(Cli.opt("tomogram", "TOMO.mrc", "take the voxel size from this MRC header"))
                .addOption(Cli.opt("fbeta", "B", "also score as the Kaggle CZII cryo-ET challenge does: F-beta with this"
                        + " beta (the challenge: 4), a truth point hit when a prediction lies within"
                        + " --radius-fraction x the particle radius"))
                .addOption(Cli.opt("radius-fraction", "F", "with --fbeta: hit distance as a fraction of the particle"
                        + " radius (default 0.5, the challenge's)"))
                .addOption(Cli.opt("particle-radius", "VOXELS", "with --fbeta: the particle radius in voxels (default:"
                        + " the median of the truth's radius_vox column; without either the F-beta block is null)"))
                .addOption(Cli.opt("score-column", "NAME", "CSV column of a score per prediction (e.g. confidence of"
                        + " picket-tools consensus' candidates): adds 'curve', precision/recall/F1 (one-to-one) per"
                        + " score threshold"))
                .addOption(Cli.opt("min-score", "S", "with --score-column: score only the predictions with a score"
                        + " >= S (the curve still spans all)"))
                .addOption(Cli.opt("keep-column", "NAME", "with --score-column: score only the predictions whose"
                        + " column NAME is not 0 (picket-tools consensus' candidates: kept)"))
                .addOption(Cli.flag("help", "show this help"));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, USAGE, "Scores predictions against ground truth. Lenient (PickET): a prediction is right"
                    + " if any truth point is within the threshold, a truth point is found if any prediction is."
                    + " One-to-one: a maximum matching of prediction/truth pairs within the threshold, of least total"
                    + " distance (min-cost flow); TP = matched pairs. F1 = 2PR/(P+R), 0 when P or R is 0. Prints"
                    + " JSON; *_3dp fields are rounded to 3 decimals (half to even, as Python's round).", o);
            return Cli.OK;
        }
        if (!cl.getArgList().isEmpty()) {
            throw new BadInputException("unexpected argument '" + cl.getArgList().get(0) + "'");
        }
        for (String req : new String[] {"truth", "pred"}) {
            if (cl.getOptionValue(req) == null) {
                throw new BadInputException("--" + req + " is required");
            }
        }
        boolean vox = cl.hasOption("threshold-voxels");
        boolean ang = cl.hasOption("threshold-angstrom");
        if (vox == ang) {
            throw new BadInputException("give exactly one of --threshold-voxels and --threshold-angstrom");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        double threshold;
        if (vox) {
            threshold = Cli.doubleOpt(cl, "threshold-voxels", 0);
            if (threshold < 0) {
                throw new BadInputException("--threshold-voxels: must be >= 0, got " + threshold);
            }
        } else {
            double a = Cli.doubleOpt(cl, "threshold-angstrom", 0);
            if (a < 0) {
                throw new BadInputException("--threshold-angstrom: must be >= 0, got " + a);
            }
            double vs = voxelSize(cl);
            threshold = voxelThreshold(a, vs);
            res.put("threshold_angstrom", a);
            res.put("voxel_size_angstrom", vs);
        }
        Path truthPath = Path.of(cl.getOptionValue("truth"));
        Path predPath = Path.of(cl.getOptionValue("pred"));
        List<double[]> truth = PointSets.read(truthPath);
        List<double[]> pred = PointSets.read(predPath);
        List<Map<String, Object>> curve = null;
        if (cl.hasOption("score-column")) {
            double[] sc = ParticleCsv.column(predPath, cl.getOptionValue("score-column"));
            if (sc == null) {
                throw new BadInputException(predPath + ": no column '" + cl.getOptionValue("score-column") + "'");
            }
            curve = curve(pred, sc, truth, threshold);
            if (cl.hasOption("min-score")) {
                double min = Cli.doubleOpt(cl, "min-score", 0);
                res.put("min_score", min);
                pred = above(pred, sc, min);
            } else if (cl.hasOption("keep-column")) {
                double[] keep = ParticleCsv.column(predPath, cl.getOptionValue("keep-column"));
                if (keep == null) {
                    throw new BadInputException(predPath + ": no column '" + cl.getOptionValue("keep-column") + "'");
                }
                res.put("keep_column", cl.getOptionValue("keep-column"));
                pred = above(pred, keep, Double.MIN_VALUE);
            }
        } else if (cl.hasOption("min-score") || cl.hasOption("keep-column")) {
            throw new BadInputException("--min-score and --keep-column need --score-column");
        }
        Map<String, Object> scores = score(pred, truth, threshold);
        res.put("truth", truthPath.toString());
        res.put("pred", predPath.toString());
        res.putAll(scores);
        if (cl.hasOption("fbeta")) {
            res.put("fbeta", fbeta(cl, pred, truth, truthPath));
        }
        if (curve != null) {
            res.put("score_column", cl.getOptionValue("score-column"));
            res.put("curve", curve);
        }
        out.print(Json.pretty(res));
        return Cli.OK;
    }

    static List<double[]> above(List<double[]> pred, double[] score, double min) {
        List<double[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < pred.size(); i++) {
            if (score[i] >= min) {
                out.add(pred.get(i));
            }
        }
        return out;
    }

    /**
     * One-to-one precision, recall and F1 of the predictions with a score >= t, for t over the distinct scores
     * (highest first; at most 51 of them, evenly spaced in rank when there are more), as a precision/recall curve.
     * The candidate pairs are found once and each level keeps those of its predictions.
     */
    static List<Map<String, Object>> curve(List<double[]> pred, double[] score, List<double[]> truth, double threshold) {
        double[] t = java.util.Arrays.stream(score).distinct().sorted().toArray();
        java.util.TreeSet<Double> levels = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
        int n = t.length;
        int m = Math.min(n, 51);
        for (int i = 0; i < m; i++) {
            levels.add(t[m == 1 ? n - 1 : (int) Math.round((double) i * (n - 1) / (m - 1))]);
        }
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        Matching.Candidates all = Matching.candidates(pred, truth, threshold); // once; each level keeps its rows
        for (double lv : levels) {
            Matching.Candidates c = all.atLeast(score, lv);
            int np = c.truthOf().length;
            Matching.OneToOne one = Matching.oneToOne(c, truth.size());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("min_score", lv);
            row.put("n_pred", np);
            row.put("tp", one.tp());
            prf(row, frac(one.tp(), np), frac(one.tp(), truth.size()));
            out.add(row);
        }
        return out;
    }

    /** PickET's get_voxel_threshold: int(round(A / voxel size)), numpy rounding (half to even). */
    static double voxelThreshold(double angstrom, double voxelSize) {
        return Math.rint(angstrom / voxelSize);
    }

    static double voxelSize(CommandLine cl) {
        if (cl.hasOption("voxel-size")) {
            String v = cl.getOptionValue("voxel-size");
            String[] p = v.split(",");
            if (p.length != 1 && p.length != 3) {
                throw new BadInputException("--voxel-size: '" + v + "' should be one number or three (x,y,z)");
            }
            double max = 0;
            for (String s : p) {
                double d;
                try {
                    d = Double.parseDouble(s.strip());
                } catch (NumberFormatException e) {
                    throw new BadInputException("--voxel-size: '" + v + "' is not a number");
                }
                if (!(d > 0) || !Double.isFinite(d)) {
                    throw new BadInputException("--voxel-size: must be > 0, got '" + v + "'");
                }
                max = Math.max(max, d);
            }
            return max;
        }
        if (cl.hasOption("tomogram")) {
            MrcFile f = MrcFile.open(Path.of(cl.getOptionValue("tomogram")));
            if (f.voxelSizeDefaulted()) {
                throw new BadInputException(f.path() + ": the header has no voxel size; give --voxel-size");
            }
            Geometry g = f.geometry();
            return Math.max(g.voxelX(), Math.max(g.voxelY(), g.voxelZ()));
        }
        throw new BadInputException("--threshold-angstrom needs the voxel size: give --voxel-size or --tomogram");
    }

    /** Every score of {@code pred} against {@code truth} at {@code threshold} voxels. */
    static Map<String, Object> score(List<double[]> pred, List<double[]> truth, double threshold) {
        Matching.Candidates c = Matching.candidates(pred, truth, threshold);
        Matching.Lenient len = Matching.lenient(c, truth.size());
        Matching.OneToOne one = Matching.oneToOne(c, truth.size());
        int np = pred.size();
        int nt = truth.size();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_pred", np);
        m.put("n_true", nt);
        m.put("threshold_voxels", threshold == Math.rint(threshold) ? (Object) (long) threshold : threshold);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("tp_pred", len.predHits());
        l.put("tp_true", len.truthHits());
        prf(l, frac(len.predHits(), np), frac(len.truthHits(), nt));
        m.put("lenient", l);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("tp", one.tp());
        o.put("mean_distance_voxels", one.tp() > 0 ? one.totalDistance() / one.tp() : null);
        prf(o, frac(one.tp(), np), frac(one.tp(), nt));
        m.put("one_to_one", o);
        return m;
    }

    /**
     * The Kaggle CZII score of one particle type (from the challenge's public scoring code): a truth point is a true
     * positive when at least one prediction lies within {@code fraction x radius} (each truth point counted once),
     * FP = predictions - TP, FN = truth points - TP; F-beta = (1 + b^2) P R / (b^2 P + R). Null when the radius is
     * unknown (no --particle-radius and no radius_vox column in the truth).
     */
    static Map<String, Object> fbeta(CommandLine cl, List<double[]> pred, List<double[]> truth, Path truthPath) {
        double beta = Cli.doubleOpt(cl, "fbeta", 4);
        double fraction = Cli.doubleOpt(cl, "radius-fraction", 0.5);
        if (!(beta > 0) || !(fraction > 0)) {
            throw new BadInputException("--fbeta and --radius-fraction must be > 0, got " + beta + " and " + fraction);
        }
        double radius;
        String from;
        if (cl.hasOption("particle-radius")) {
            radius = Cli.doubleOpt(cl, "particle-radius", 0);
            if (!(radius > 0)) {
                throw new BadInputException("--particle-radius: must be > 0 voxels, got " + radius);
            }
            from = "--particle-radius";
        } else {
            double[] r = ParticleCsv.column(truthPath, "radius_vox");
            if (r == null || r.length == 0) {
                return null;
            }
            double[] sorted = r.clone();
            java.util.Arrays.sort(sorted);
            int n = sorted.length;
            radius = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            from = "median of the truth's radius_vox";
        }
        double hit = fraction * radius;
        Matching.Candidates c = Matching.candidates(pred, truth, hit);
        int tp = Matching.lenient(c, truth.size()).truthHits();
        double p = frac(tp, pred.size());
        double r = frac(tp, truth.size());
        double b2 = beta * beta;
        double f = (p > 0 && r > 0) ? (1 + b2) * p * r / (b2 * p + r) : 0.0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("beta", beta);
        m.put("particle_radius_voxels", radius);
        m.put("particle_radius_from", from);
        m.put("radius_fraction", fraction);
        m.put("hit_distance_voxels", hit);
        m.put("tp", tp);
        m.put("fp", pred.size() - tp);
        m.put("fn", truth.size() - tp);
        m.put("precision", p);
        m.put("recall", r);
        m.put("fbeta", f);
        m.put("fbeta_3dp", round3(f));
        return m;
    }

    private static double frac(int a, int b) {
        return b > 0 ? (double) a / b : 0.0;
    }

    private static void prf(Map<String, Object> m, double p, double r) {
        double f1 = (p > 0 && r > 0) ? 2 * p * r / (p + r) : 0.0;
        m.put("precision", p);
        m.put("recall", r);
        m.put("f1", f1);
        m.put("precision_3dp", round3(p));
        m.put("recall_3dp", round3(r));
        m.put("f1_3dp", round3(f1));
    }

    /** Python's round(x, 3): the exact binary value rounded half to even. */
    static double round3(double x) {
        return new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).doubleValue();
    }
}
