package org.picketnf.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Json;
import org.picketnf.core.io.Numbers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code picket-tools rank [--id ID] [--out-dir D] FILE|DIR ...}: ranks the workflows (particle sets) of one
 * tomogram without ground truth and writes {@code <id>_ranking.csv} and {@code <id>_ranking.json}.
 *
 * <p>Score = consensus x size consistency, both in [0, 1]:
 * <ul>
 *   <li>consensus: the mean, over every other workflow of the tomogram, of the one-to-one F1 between the two
 *       particle sets (pairs within the match radius, as {@code evaluate} matches). A set that agrees with the
 *       others - neither many extra particles nor many missed ones - scores high; a set of fragments, merged
 *       blobs or noise agrees with nobody;</li>
 *   <li>size consistency: exp(-CV) of the instance sizes (voxels column): one kind of particle gives instances of
 *       similar size, while merged clusters and fragments make the sizes spread.</li>
 * </ul>
 * Reported but not scored: the fraction of tiny instances (below 1/8 of the median size over all workflows) and
 * the count relative to the median count. Ties are broken by workflow name, so the ranking is deterministic.
 */
final class RankCommand {
    static final String USAGE = "picket-tools rank [--id ID] [--out-dir DIR] [--match-radius R] PARTICLES.csv|DIR ...";
    static final String SCORE_FORMULA = "consensus_f1 * size_consistency; size_consistency = exp(-size_cv)";

    private RankCommand() {
    }

    static Options options() {
        return new Options()
                .addOption(Cli.opt("id", "ID", "tomogram id; every file must be <ID>_<mode>_<clusterer>_<method>.csv"
                        + " (default: the id of the first file, and all must agree)"))
                .addOption(Cli.opt("out-dir", "DIR", "where <id>_ranking.csv and <id>_ranking.json go (default .)"))
                .addOption(Cli.opt("match-radius", "R", "voxels within which two workflows' particles count as the"
                        + " same particle (default: half the particle diameter, from the localisation provenance's"
                        + " particle_size when present, else from the median instance size)"))
                .addOption(Cli.flag("help", "show this help"));
    }

    /** One ranked workflow with every score component. */
    record Scored(Workflow wf, int particles, double consensus, Double sizeCv, double sizeConsistency,
            Double tinyFraction, double countRatio, double score, Map<String, Object> cluster) {
    }

    /** The ranking of one tomogram. */
    record Ranking(String id, double radius, String radiusFrom, List<Scored> ranked, List<String> names,
            double[][] pairF1) {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, USAGE, "Ranks one tomogram's workflows from the data alone (no ground truth). Inputs:"
                    + " the particle CSVs written by picket-localize, named <id>_<mode>_<clusterer>_<method>.csv"
                    + " (a directory stands for every *_connected_component_labeling.csv and"
                    + " *_watershed_segmentation.csv in it), with their provenance <name>.json beside them when"
                    + " available. Score = " + SCORE_FORMULA + "; consensus_f1 = mean one-to-one F1 against every"
                    + " other workflow at the match radius; size_cv = coefficient of variation of the instance"
                    + " sizes. Rank 1 = best. Writes <id>_ranking.csv and <id>_ranking.json (every component).", o);
            return Cli.OK;
        }
        List<Path> files = expand(cl.getArgList());
        if (files.isEmpty()) {
            throw new BadInputException("no particle CSVs given (" + USAGE + ")");
        }
        List<Workflow> wfs = workflows(files, cl.getOptionValue("id"));
        Double radius = null;
        if (cl.hasOption("match-radius")) {
            radius = Cli.doubleOpt(cl, "match-radius", 0);
            if (!(radius > 0)) {
                throw new BadInputException("--match-radius: must be > 0, got " + cl.getOptionValue("match-radius"));
            }
        }
        Path outDir = Path.of(cl.getOptionValue("out-dir", "."));
        String id = wfs.get(0).id();
        Path csvOut = outDir.resolve(id + "_ranking.csv");
        Path jsonOut = outDir.resolve(id + "_ranking.json");
        AtomicFiles.checkWritable(csvOut);
        List<List<double[]>> sets = new ArrayList<>();
        List<JsonNode> provs = new ArrayList<>();
        for (Workflow w : wfs) {
            sets.add(ParticleCsv.read(w.csv()));
            provs.add(w.provenance() == null ? null : readJson(w.provenance()));
        }
        Ranking r = rank(wfs, sets, provs, radius);
        AtomicFiles.writeString(csvOut, csv(r));
        AtomicFiles.writeString(jsonOut, Json.pretty(json(r)));
        Scored top = r.ranked().get(0);
        err.println("picket-tools rank: " + id + ": " + wfs.size() + " workflows, match radius "
                + Numbers.fixed(r.radius(), 2) + " voxels (" + r.radiusFrom() + "); rank 1 " + top.wf().name()
                + " (score " + Numbers.fixed(top.score(), 3) + ", " + top.particles() + " particles) -> " + csvOut);
        return Cli.OK;
    }

    /** Files as given; a directory stands for its particle CSVs, in name order. */
    static List<Path> expand(List<String> args) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                List<Path> in = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p, "*.csv")) {
                    for (Path f : ds) {
                        String n = f.getFileName().toString();
                        if (Workflow.METHODS.stream().anyMatch(m -> n.endsWith("_" + m + ".csv"))) {
                            in.add(f);
                        }
                    }
                }
                if (in.isEmpty()) {
                    throw new BadInputException(p + ": no *_connected_component_labeling.csv or"
                            + " *_watershed_segmentation.csv in this directory");
                }
                in.sort(Comparator.comparing(f -> f.getFileName().toString()));
                out.addAll(in);
            } else if (!Files.isRegularFile(p)) {
                throw new BadInputException(p + ": no such file");
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Parses the names; every file must belong to the same tomogram, no workflow twice. Sorted by name. */
    static List<Workflow> workflows(List<Path> files, String id) {
        Map<String, Workflow> byName = new TreeMap<>();
        String first = null;
        for (Path f : files) {
            Workflow w = Workflow.parse(f);
            if (id != null && !w.id().equals(id)) {
                throw new BadInputException(f + ": belongs to tomogram '" + w.id() + "', not --id " + id);
            }
            if (first == null) {
                first = f.toString();
            } else if (!w.id().equals(byName.values().iterator().next().id())) {
                throw new BadInputException(f + ": belongs to tomogram '" + w.id() + "' but " + first
                        + " to '" + byName.values().iterator().next().id() + "' (rank one tomogram at a time)");
            }
            Workflow prev = byName.put(w.name(), w);
            if (prev != null) {
                throw new BadInputException(f + ": workflow " + w.name() + " given twice (also " + prev.csv() + ")");
            }
        }
        return new ArrayList<>(byName.values());
    }

    static JsonNode readJson(Path p) {
        try {
            return Json.mapper().readTree(p.toFile());
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new BadInputException(p + ": not valid JSON (" + m + ")", e);
        }
    }

    /** Scores and ranks; {@code radius} null = automatic. */
    static Ranking rank(List<Workflow> wfs, List<List<double[]>> sets, List<JsonNode> provs, Double radius) {
        int n = wfs.size();
        String radiusFrom;
        double r;
        double medianSize = medianOfMedianSizes(sets);
        if (radius != null) {
            r = radius;
            radiusFrom = "--match-radius";
        } else {
            Double fromProv = MatchRadius.fromProvenance(provs);
            if (fromProv != null) {
                r = fromProv;
                radiusFrom = "half the median particle_size.diameter_vox of the provenance JSONs";
            } else if (medianSize > 0) {
                r = Math.max(MatchRadius.MIN, Math.cbrt(3 * medianSize / (4 * Math.PI)));
                radiusFrom = "equivalent-sphere radius of the median instance size (" + Numbers.fixed(medianSize, 1)
                        + " voxels)";
            } else {
                r = 5.0;
                radiusFrom = "no instance sizes: 5 voxels";
            }
        }
        double[][] f1 = new double[n][n];
        for (int i = 0; i < n; i++) {
            f1[i][i] = 1.0;
            for (int j = i + 1; j < n; j++) {
                f1[i][j] = f1[j][i] = pairF1(sets.get(i), sets.get(j), r);
            }
        }
        List<Double> counts = new ArrayList<>();
        for (List<double[]> s : sets) {
            counts.add((double) s.size());
        }
        double medCount = median(counts);
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<double[]> s = sets.get(i);
            double cons = 1.0;
            if (n > 1) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        sum += f1[i][j];
                    }
                }
                cons = sum / (n - 1);
            }
            Double cv = sizeCv(s);
            boolean hasSizes = !s.isEmpty() && !Double.isNaN(s.get(0)[3]);
            double consistency = s.isEmpty() ? 0.0 : !hasSizes ? 1.0 : cv == null ? 0.0 : Math.exp(-cv);
            Double tiny = null;
            if (hasSizes && medianSize > 0) {
                int t = 0;
                for (double[] p : s) {
                    if (p[3] < medianSize / 8) {
                        t++;
                    }
                }
                tiny = (double) t / s.size();
            }
            double ratio = medCount > 0 ? s.size() / medCount : 0.0;
            scored.add(new Scored(wfs.get(i), s.size(), cons, cv, consistency, tiny, ratio, cons * consistency,
                    cluster(provs.get(i))));
        }
        List<String> names = wfs.stream().map(Workflow::name).toList();
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.score()).thenComparing(s -> s.wf().name()));
        return new Ranking(wfs.get(0).id(), r, radiusFrom, scored, names, f1);
    }

    /** One-to-one F1 between two particle sets (symmetric): 2 TP / (n_a + n_b); 0 when either is empty. */
    static double pairF1(List<double[]> a, List<double[]> b, double r) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0.0;
        }
        Matching.OneToOne m = Matching.oneToOne(Matching.candidates(a, b, r), b.size());
        return 2.0 * m.tp() / (a.size() + b.size());
    }

    /** Coefficient of variation (population) of the voxels column; null for fewer than 2 particles or no sizes. */
    static Double sizeCv(List<double[]> s) {
        if (s.size() < 2 || Double.isNaN(s.get(0)[3])) {
            return null;
        }
        double mean = 0;
        for (double[] p : s) {
            mean += p[3];
        }
        mean /= s.size();
        if (mean <= 0) {
            return null;
        }
        double var = 0;
        for (double[] p : s) {
            var += (p[3] - mean) * (p[3] - mean);
        }
        return Math.sqrt(var / s.size()) / mean;
    }

    static double medianOfMedianSizes(List<List<double[]>> sets) {
        List<Double> meds = new ArrayList<>();
        for (List<double[]> s : sets) {
            if (!s.isEmpty() && !Double.isNaN(s.get(0)[3])) {
                List<Double> v = new ArrayList<>();
                for (double[] p : s) {
                    v.add(p[3]);
                }
                meds.add(median(v));
            }
        }
        return meds.isEmpty() ? 0.0 : median(meds);
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return 0.0;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    /** The particle cluster and how it was chosen, from the localisation provenance (whatever of it is there). */
    static Map<String, Object> cluster(JsonNode prov) {
        if (prov == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode pc = prov.get("particle_cluster");
        if (pc != null && pc.isObject()) {
            m.put("id", pc.get("id"));
            m.put("chosen_by", pc.get("chosen_by"));
        } else {
            JsonNode id = prov.path("parameters").get("particle_cluster_id");
            if (id != null) {
                m.put("id", id);
                m.put("chosen_by", "parameter");
            }
        }
        return m.isEmpty() ? null : m;
    }

    static String csv(Ranking r) {
        StringBuilder sb = new StringBuilder("rank,workflow,mode,clusterer,method,particles,score,consensus_f1,"
                + "size_cv,size_consistency,tiny_fraction,count_ratio\n");
        int k = 1;
        for (Scored s : r.ranked()) {
            Workflow w = s.wf();
            sb.append(k++).append(',').append(w.name()).append(',').append(w.mode()).append(',')
                    .append(w.clusterer()).append(',').append(w.method()).append(',').append(s.particles())
                    .append(',').append(Numbers.fixed(s.score(), 4)).append(',')
                    .append(Numbers.fixed(s.consensus(), 4)).append(',')
                    .append(s.sizeCv() == null ? "" : Numbers.fixed(s.sizeCv(), 4)).append(',')
                    .append(Numbers.fixed(s.sizeConsistency(), 4)).append(',')
                    .append(s.tinyFraction() == null ? "" : Numbers.fixed(s.tinyFraction(), 4)).append(',')
                    .append(Numbers.fixed(s.countRatio(), 4)).append('\n');
        }
        return sb.toString();
    }

    static Map<String, Object> json(Ranking r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("tool", "picket-tools " + Cli.version(ToolsMain.class));
        m.put("score", SCORE_FORMULA);
        m.put("consensus", "mean one-to-one F1 against every other workflow, pairs within match_radius_voxels");
        m.put("match_radius_voxels", r.radius());
        m.put("match_radius_from", r.radiusFrom());
        List<Map<String, Object>> rows = new ArrayList<>();
        int k = 1;
        for (Scored s : r.ranked()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("rank", k++);
            w.put("workflow", s.wf().name());
            w.put("mode", s.wf().mode());
            w.put("clusterer", s.wf().clusterer());
            w.put("method", s.wf().method());
            w.put("particles", s.particles());
            w.put("score", s.score());
            w.put("consensus_f1", s.consensus());
            w.put("size_cv", s.sizeCv());
            w.put("size_consistency", s.sizeConsistency());
            w.put("tiny_fraction", s.tinyFraction());
            w.put("count_ratio", s.countRatio());
            w.put("particle_cluster", s.cluster());
            w.put("csv", s.wf().csv().getFileName().toString());
            rows.add(w);
        }
        m.put("workflows", rows);
        Map<String, Object> pf = new LinkedHashMap<>();
        pf.put("workflows", r.names());
        List<List<Double>> mat = new ArrayList<>();
        for (double[] row : r.pairF1()) {
            mat.add(Arrays.stream(row).boxed().toList());
        }
        pf.put("f1", mat);
        m.put("pairwise_f1", pf);
        return m;
    }
}
