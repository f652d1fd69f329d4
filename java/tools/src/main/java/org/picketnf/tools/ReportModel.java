package org.picketnf.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@link ReportCommand} knows about each tomogram, gathered from the files by their names: its ranking
 * ({@code <id>_ranking.json}), montage ({@code <id>_montage.png}), and per workflow the rank, the localisation
 * provenance ({@code <id>_<mode>_<clusterer>_<method>.json}), the particle count of the CSV, the evaluation
 * ({@code .eval.json}); per segmentation its provenance ({@code <id>_<mode>_<clusterer>.json}). Other files are
 * ignored. {@link ReportHtml} writes the page from it.
 */
final class ReportModel {
    private ReportModel() {
    }

    /** Everything known about one workflow of one tomogram. */
    static final class Wf {
        final String name;
        Workflow workflow;
        JsonNode rank;
        JsonNode prov;
        JsonNode eval;
        Integer csvCount;
        /** The particles of its CSV (x, y, z, voxels or NaN), or null without the CSV. */
        List<double[]> points;

        Wf(String name) {
            this.name = name;
        }
    }

    /** Everything known about one tomogram. */
    static final class Tomo {
        final String id;
        JsonNode ranking;
        Path montage;
        final Map<String, Wf> wfs = new TreeMap<>();
        final Map<String, JsonNode> segs = new TreeMap<>();
        /** picket-tools consensus' provenance ({@code <id>_consensus.json}) and its evaluation, when there. */
        JsonNode consensus;
        JsonNode consensusEval;

        Tomo(String id) {
            this.id = id;
        }

        Wf wf(Workflow w) {
            Wf x = wfs.computeIfAbsent(w.name(), Wf::new);
            x.workflow = w;
            return x;
        }
    }

    private static String stripSuffix(String n, String suffix) {
        return n.endsWith(suffix) ? n.substring(0, n.length() - suffix.length()) : null;
    }

    /** Sorts the files into tomograms by name. */
    static Map<String, Tomo> collect(List<Path> files) {
        Map<String, Tomo> tomos = new TreeMap<>(NaturalOrder.INSTANCE);
        List<Path> segJsons = new ArrayList<>();
        List<Path> montages = new ArrayList<>();
        for (Path f : files) {
            String n = f.getFileName().toString();
            String s;
            if ((s = stripSuffix(n, "_ranking.json")) != null) {
                JsonNode r = RankCommand.readJson(f);
                String id = r.path("id").asText(s);
                tomos.computeIfAbsent(id, Tomo::new).ranking = r;
            } else if ((s = stripSuffix(n, "_consensus.eval.json")) != null) {
                tomos.computeIfAbsent(s, Tomo::new).consensusEval = RankCommand.readJson(f);
            } else if ((s = stripSuffix(n, "_consensus.json")) != null) {
                JsonNode c = RankCommand.readJson(f);
                tomos.computeIfAbsent(c.path("tomogram").asText(s), Tomo::new).consensus = c;
            } else if ((s = stripSuffix(n, "_montage.png")) != null) {
                montages.add(f);
            } else if ((s = stripSuffix(n, ".eval.json")) != null) {
                Workflow w = parseOrNull(f, s + ".csv");
                if (w != null) {
                    tomos.computeIfAbsent(w.id(), Tomo::new).wf(w).eval = RankCommand.readJson(f);
                }
            } else if (n.endsWith(".json") && !n.endsWith(".model.json")) {
                Workflow w = parseOrNull(f, n.substring(0, n.length() - 5) + ".csv");
                if (w != null) {
                    tomos.computeIfAbsent(w.id(), Tomo::new).wf(w).prov = RankCommand.readJson(f);
                } else {
                    segJsons.add(f);
                }
            } else if (n.endsWith(".csv")) {
                Workflow w = parseOrNull(f, n);
                if (w != null) {
                    Wf x = tomos.computeIfAbsent(w.id(), Tomo::new).wf(w);
                    x.points = ParticleCsv.read(f);
                    x.csvCount = x.points.size();
                }
            }
        }
        for (Tomo t : tomos.values()) {
            if (t.ranking != null) {
                for (JsonNode r : t.ranking.path("workflows")) {
                    t.wfs.computeIfAbsent(r.path("workflow").asText(), Wf::new).rank = r;
                }
            }
        }
        for (Path f : montages) {
            Tomo t = tomos.get(stripSuffix(f.getFileName().toString(), "_montage.png"));
            if (t != null) {
                t.montage = f;
            }
        }
        for (Path f : segJsons) {
            String stem = stripSuffix(f.getFileName().toString(), ".json");
            for (Tomo t : tomos.values()) {
                if (stem.startsWith(t.id + "_")) {
                    String seg = stem.substring(t.id.length() + 1);
                    if (seg.chars().filter(c -> c == '_').count() == 1) {
                        t.segs.put(seg, RankCommand.readJson(f));
                    }
                }
            }
        }
        return tomos;
    }

    private static Workflow parseOrNull(Path f, String csvName) {
        if (Workflow.METHODS.stream().noneMatch(m -> csvName.endsWith("_" + m + ".csv"))) {
            return null;
        }
        return Workflow.parse(f.resolveSibling(csvName));
    }

    /** The workflow's particle count as text: from its provenance, else its ranking entry, else its CSV; "" if none. */
    static String count(Wf w) {
        if (w.prov != null && w.prov.path("counts").has("particles")) {
            return w.prov.path("counts").path("particles").asText();
        }
        if (w.rank != null && w.rank.has("particles")) {
            return w.rank.path("particles").asText();
        }
        return w.csvCount == null ? "" : String.valueOf(w.csvCount);
    }

    /** Workflows by rank (unranked ones after, by name). */
    static List<Wf> ordered(Tomo t) {
        List<Wf> rows = new ArrayList<>(t.wfs.values());
        rows.sort(Comparator.comparingInt((Wf w) -> w.rank == null ? Integer.MAX_VALUE : w.rank.path("rank").asInt())
                .thenComparing(w -> w.name));
        return rows;
    }
}
