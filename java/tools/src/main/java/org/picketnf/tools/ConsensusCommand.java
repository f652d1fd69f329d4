package org.picketnf.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Json;
import org.picketnf.core.io.Numbers;
import org.picketnf.core.io.ParticleFormats;
import org.picketnf.core.s2.Particle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code picket-tools consensus}: one particle set per tomogram from several (the pipeline's workflows, or any
 * particle files such as PickET's YAMLs). The sets are fused ({@link Fusion}: particles within the match radius join
 * one group), each group gets the probability that it is a particle from which sets found it ({@link Agreement}), and
 * the groups with a probability of at least 0.5 are the consensus, less those closer to other kept groups than a
 * particle diameter (twice the match radius) that {@link Fusion#exclude} drops. Writes
 * {@code <id>_consensus.csv/.star/.yaml/.ndjson/.json} and every group in {@code <id>_consensus_candidates.csv}.
 */
final class ConsensusCommand {
    static final String USAGE = "picket-tools consensus [--id ID] [--out-dir DIR] [--sets watershed|all]"
            + " [--match-radius R] PARTICLES|DIR ...";
    static final double KEEP = 0.5;
    /** Kept groups must be at least this many match radii apart: twice the radius, the particle diameter. */
    static final double EXCLUSION_RADII = 2.0;

    private ConsensusCommand() {
    }

    static Options options() {
        return new Options()
                .addOption(Cli.opt("id", "ID", "tomogram id (default: from the pipeline's file names; required for"
                        + " other files)"))
                .addOption(Cli.opt("out-dir", "DIR", "where <id>_consensus.* go (default .)"))
                .addOption(Cli.opt("sets", "watershed|all", "which of the pipeline's sets take part (default"
                        + " watershed: one per segmentation; connected components are near copies of the watershed"
                        + " set of the same segmentation and would count twice). Other files always take part"))
                .addOption(Cli.opt("match-radius", "R", "voxels within which particles of different sets are one"
                        + " (default: half the median estimated particle diameter of the provenance JSONs)"))
                .addOption(Cli.flag("help", "show this help"));
    }

    /** One input set: its name (workflow or file stem), points, provenance (or null). */
    record Input(String name, Path file, List<double[]> points, JsonNode provenance) {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, USAGE, "Fuses several particle sets of one tomogram into one. Particles of different"
                    + " sets within the match radius form a group; each group's confidence is the probability that"
                    + " it is a particle given which sets found it, from a model fitted to all groups (Dawid-Skene:"
                    + " per set a recall and a false-find rate, no ground truth needed); groups with confidence >= 0.5"
                    + " are kept, except that no two kept particles are closer than twice the match radius (a particle"
                    + " diameter): of groups closer than that, those that conflict with the most others go first, then"
                    + " those fewer sets found. Inputs: particle CSVs named <id>_<mode>_<clusterer>_<method>.csv (a"
                    + " directory stands for all of them in it) or any .csv/.star/.yaml/.ndjson point file.", o);
            return Cli.OK;
        }
        Inputs given = inputs(cl);
        List<Input> inputs = given.sets();
        String id = given.id();
        if (id == null) {
            throw new BadInputException("--id is required when the files are not named <id>_<mode>_<clusterer>_"
                    + "<method>.csv");
        }
        Double radius = null;
        if (cl.hasOption("match-radius")) {
            radius = Cli.doubleOpt(cl, "match-radius", 0);
            if (!(radius > 0)) {
                throw new BadInputException("--match-radius: must be > 0, got " + cl.getOptionValue("match-radius"));
            }
        }
        Path outDir = Path.of(cl.getOptionValue("out-dir", "."));
        String stem = id + "_consensus";
        for (String suffix : SUFFIXES) {
            AtomicFiles.checkWritable(outDir.resolve(stem + suffix)); // before the work, as writeAll does again
        }
        Result r = compute(inputs, radius);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(stem + ".csv", ConsensusOutputs.csv(r, false));
        files.put(stem + "_candidates.csv", ConsensusOutputs.csv(r, true));
        List<Particle> ps = r.keptParticles();
        files.put(stem + ".star", ParticleFormats.star(ps, id, r.keptConfidence()));
        files.put(stem + ".ndjson", ParticleFormats.ndjson(ps));
        files.put(stem + ".yaml", ParticleFormats.yaml(ps, ConsensusOutputs.yamlMetadata(r)));
        files.put(stem + ".json", Json.pretty(provenance(id, r, new ArrayList<>(files.keySet()))));
        Map<Path, String> targets = new LinkedHashMap<>();
        files.forEach((name, text) -> targets.put(outDir.resolve(name), text));
        writeAll(targets);
        err.println("picket-tools consensus: " + id + ": " + r.inputs().size() + " sets, match radius "
                + Numbers.fixed(r.radius(), 2) + " voxels, " + r.groups().size() + " groups -> " + ps.size()
                + " particles (confidence >= " + KEEP + ", " + r.excluded() + " closer than "
                + Numbers.fixed(r.exclusionDistance(), 2) + " voxels to another dropped) -> "
                + outDir.resolve(stem + ".csv"));
        return Cli.OK;
    }

    /** The six outputs after {@code <id>_consensus}, in the order they are written. */
    static final List<String> SUFFIXES = List.of(".csv", "_candidates.csv", ".star", ".ndjson", ".yaml", ".json");

    /**
     * Writes the set of files or none of them: every target is checked, every text written to its temporary file
     * ({@link AtomicFiles#tempFor}), and only then are they renamed into place. A failure removes the temporary
     * files, and a rename that fails part way removes the targets renamed before it, so no partial set is left (a
     * set whose older files were replaced is gone, not mixed).
     */
    static void writeAll(Map<Path, String> files) {
        for (Path target : files.keySet()) {
            AtomicFiles.checkWritable(target);
        }
        List<Path> temps = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> e : files.entrySet()) {
                Path tmp = AtomicFiles.tempFor(e.getKey());
                if (Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS)) {
                    throw new BadInputException(e.getKey() + ": cannot write, its temporary file " + tmp
                            + " is a directory");
                }
                temps.add(tmp);
                try {
                    Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8);
                } catch (IOException ex) {
                    throw AtomicFiles.writeError(e.getKey(), ex);
                }
            }
        } catch (RuntimeException ex) {
            temps.forEach(AtomicFiles::deleteQuietly);
            throw ex;
        }
        List<Path> done = new ArrayList<>();
        for (Path target : files.keySet()) {
            try {
                AtomicFiles.commit(AtomicFiles.tempFor(target), target);
            } catch (RuntimeException ex) {
                temps.forEach(AtomicFiles::deleteQuietly);
                done.forEach(AtomicFiles::deleteQuietly);
                throw ex;
            }
            done.add(target);
        }
    }

    /**
     * The provenance of {@link ConsensusOutputs#provenance} with the exclusion step of the rule: its distance and
     * how many groups of confidence >= {@link #KEEP} it dropped.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> provenance(String id, Result r, List<String> files) {
        Map<String, Object> m = ConsensusOutputs.provenance(id, r, files);
        Map<String, Object> rule = (Map<String, Object>) m.get("rule");
        rule.put("exclusion", "no two kept groups closer than exclusion_distance_vox (twice the match radius, a"
                + " particle diameter): while any group of confidence >= min_confidence conflicts with another, the"
                + " one with the most conflicts is dropped (ties: lower support, lower confidence, later group)");
        rule.put("exclusion_distance_vox", r.exclusionDistance());
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            out.put(k, v);
            if (k.equals("particles")) {
                out.put("excluded", r.excluded());
            }
        });
        return out;
    }

    /** The fusion, the fitted model and which groups are kept (confidence >= KEEP, after the exclusion). */
    record Result(List<Input> inputs, List<Input> ignored, double radius, String radiusFrom,
            List<Fusion.Group> groups, Agreement.Fit fit, boolean[] keep) {
        boolean kept(int g) {
            return keep[g];
        }

        double exclusionDistance() {
            return EXCLUSION_RADII * radius;
        }

        /** Groups with confidence >= KEEP that the exclusion dropped. */
        int excluded() {
            int n = 0;
            for (int g = 0; g < groups.size(); g++) {
                if (fit.posterior()[g] >= KEEP && !keep[g]) {
                    n++;
                }
            }
            return n;
        }

        List<Particle> keptParticles() {
            List<Particle> out = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                if (kept(g)) {
                    Fusion.Group x = groups.get(g);
                    out.add(new Particle(out.size() + 1, x.x(), x.y(), x.z(), x.support()));
                }
            }
            return out;
        }

        double[] keptConfidence() {
            return java.util.stream.IntStream.range(0, groups.size()).filter(this::kept)
                    .mapToDouble(g -> fit.posterior()[g]).toArray();
        }
    }

    static Result compute(List<Input> all, Double radius) {
        List<Input> in = new ArrayList<>();
        List<Input> ignored = new ArrayList<>();
        for (Input i : all) {
            (i.provenance() == null && i.points().isEmpty() ? ignored : in).add(i);
        }
        if (in.isEmpty()) {
            in = all;
            ignored = List.of();
        }
        double r;
        String from;
        if (radius != null) {
            r = radius;
            from = "--match-radius";
        } else {
            List<JsonNode> provs = new ArrayList<>();
            for (Input i : in) {
                provs.add(i.provenance());
            }
            Double fromProv = MatchRadius.fromProvenance(provs);
            if (fromProv != null) {
                r = fromProv;
                from = "half the median particle_size.diameter_vox of the sets' provenance (at least 2)";
            } else {
                double nn = spacing(in);
                if (nn > 0) {
                    r = Math.max(MatchRadius.MIN, nn / 2);
                    from = "no particle size in the inputs: half the 10th percentile of the distances to the nearest"
                            + " particle of the same set (particles are at least a diameter apart; at least 2)";
                } else {
                    r = 5.0;
                    from = "no particle size and no spacing in the inputs: 5 voxels (give --match-radius)";
                }
            }
        }
        List<List<double[]>> sets = new ArrayList<>();
        for (Input i : in) {
            sets.add(i.points());
        }
        List<Fusion.Group> groups = Fusion.fuse(sets, r);
        Agreement.Fit fit = Agreement.fit(groups, sets.size(), Agreement.PSEUDO_COUNT);
        boolean[] candidate = new boolean[groups.size()];
        for (int g = 0; g < candidate.length; g++) {
            candidate[g] = fit.posterior()[g] >= KEEP;
        }
        boolean[] keep = Fusion.exclude(groups, candidate, fit.posterior(), EXCLUSION_RADII * r);
        return new Result(in, ignored, r, from, groups, fit, keep);
    }

    /** The tomogram id (from --id or the pipeline's file names, null when neither) and the sets. */
    record Inputs(String id, List<Input> sets) {
    }

    /**
     * The 10th percentile of every particle's distance to the nearest other particle of its own set, pooled over
     * the sets (0 when no set has two particles): a lower bound of the spacing, so at most about a diameter.
     */
    static double spacing(List<Input> sets) {
        List<Double> d = new ArrayList<>();
        for (Input i : sets) {
            List<double[]> p = i.points();
            if (p.size() < 2) {
                continue;
            }
            // sort by x and scan outwards: exact nearest neighbour without a quadratic sweep on spread-out sets
            List<double[]> byX = new ArrayList<>(p);
            byX.sort((a, b) -> Double.compare(a[0], b[0]));
            for (int k = 0; k < byX.size(); k++) {
                double best = Double.MAX_VALUE;
                double[] a = byX.get(k);
                for (int j = k - 1; j >= 0 && a[0] - byX.get(j)[0] < best; j--) {
                    best = Math.min(best, Fusion.dist(a, byX.get(j)));
                }
                for (int j = k + 1; j < byX.size() && byX.get(j)[0] - a[0] < best; j++) {
                    best = Math.min(best, Fusion.dist(a, byX.get(j)));
                }
                d.add(best);
            }
        }
        if (d.isEmpty()) {
            return 0;
        }
        d.sort(Double::compare);
        return d.get((int) Math.floor(0.1 * (d.size() - 1)));
    }

    /** The sets that take part, in name order (the fusion order), with their provenance. */
    static Inputs inputs(CommandLine cl) throws Exception {
        List<String> args = cl.getArgList();
        if (args.isEmpty()) {
            throw new BadInputException("no particle sets given (" + USAGE + ")");
        }
        String which = cl.getOptionValue("sets", "watershed").toLowerCase(Locale.ROOT);
        if (!which.equals("watershed") && !which.equals("all")) {
            throw new BadInputException("--sets: 'watershed' or 'all', got '" + which + "'");
        }
        Map<String, Input> byName = new TreeMap<>();
        String id = cl.getOptionValue("id");
        for (Path f : expand(args)) {
            String file = f.getFileName().toString();
            Workflow w = null;
            if (file.endsWith(".csv") && Workflow.METHODS.stream().anyMatch(m -> file.endsWith("_" + m + ".csv"))) {
                w = Workflow.parse(f);
                if (id != null && !w.id().equals(id)) {
                    throw new BadInputException(f + ": belongs to tomogram '" + w.id() + "', not " + id);
                }
                id = w.id();
                if (which.equals("watershed") && !w.method().equals("watershed_segmentation")) {
                    continue;
                }
            }
            String name = w != null ? w.name() : file.replaceFirst("\\.[^.]+$", "");
            JsonNode prov = w != null && w.provenance() != null ? RankCommand.readJson(w.provenance()) : null;
            Input i = new Input(name, f, PointSets.read(f), prov);
            Input prev = byName.put(name, i);
            if (prev != null) {
                throw new BadInputException(f + ": set " + name + " given twice (also " + prev.file() + ")");
            }
        }
        if (byName.isEmpty()) {
            throw new BadInputException("no watershed sets among the inputs (use --sets all)");
        }
        return new Inputs(id, new ArrayList<>(byName.values()));
    }

    /** Files as given; a directory stands for the pipeline's particle CSVs in it. */
    static List<Path> expand(List<String> args) throws Exception {
        for (String a : args) {
            if (!Files.exists(Path.of(a))) {
                throw new BadInputException(a + ": no such file");
            }
        }
        return RankCommand.expand(args);
    }
}
