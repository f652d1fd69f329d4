package org.picketnf.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Numbers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code picket-tools report --out report.html FILE|DIR ...}: one self-contained HTML page (inline CSS, pictures
 * as data: URIs, no script, no network) with, per tomogram, its montage and a table of its workflows. Files are
 * recognised by name, as the pipeline stages them flat:
 * <ul>
 *   <li>{@code <id>_ranking.json} (picket-tools rank): ranks and score components;</li>
 *   <li>{@code <id>_montage.png} (picket-tools montage);</li>
 *   <li>{@code <id>_<mode>_<clusterer>_<method>.json} (picket-localize provenance): particle count, particle
 *       cluster and its evidence, particle size estimate, parameters, timings;</li>
 *   <li>{@code <id>_<mode>_<clusterer>_<method>.csv}: particle count when there is no provenance;</li>
 *   <li>{@code <id>_<mode>_<clusterer>_<method>.eval.json} (picket-tools evaluate): F1 against the truth;</li>
 *   <li>{@code <id>_<mode>_<clusterer>.json} (picket-segment provenance): segmentation timings.</li>
 * </ul>
 * Other files are ignored. The page has no date and no absolute paths: same inputs, same bytes.
 */
final class ReportCommand {
    static final String USAGE = "picket-tools report --out report.html [--title TEXT] FILE|DIR ...";

    private ReportCommand() {
    }

    static Options options() {
        return new Options()
                .addOption(Cli.opt("out", "HTML", "output page"))
                .addOption(Cli.opt("title", "TEXT", "page title (default 'picket-nf report')"))
                .addOption(Cli.flag("help", "show this help"));
    }

    /** Everything known about one workflow of one tomogram. */
    static final class Wf {
        final String name;
        Workflow workflow;
        JsonNode rank;
        JsonNode prov;
        JsonNode eval;
        Integer csvCount;

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

        Tomo(String id) {
            this.id = id;
        }

        Wf wf(Workflow w) {
            Wf x = wfs.computeIfAbsent(w.name(), Wf::new);
            x.workflow = w;
            return x;
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, USAGE, "Writes one self-contained HTML page (inline CSS and pictures, no network) from"
                    + " the pipeline's per-tomogram files, found by name: <id>_ranking.json, <id>_montage.png,"
                    + " <id>_<mode>_<clusterer>_<method>.json/.csv/.eval.json, <id>_<mode>_<clusterer>.json. A"
                    + " directory stands for the files in it (not its subdirectories).", o);
            return Cli.OK;
        }
        Path outPath = Path.of(Cli.required(cl, "out"));
        List<Path> files = new ArrayList<>();
        for (String a : cl.getArgList()) {
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                    for (Path f : ds) {
                        if (Files.isRegularFile(f)) {
                            files.add(f);
                        }
                    }
                }
            } else if (!Files.isRegularFile(p)) {
                throw new BadInputException(p + ": no such file");
            } else {
                files.add(p);
            }
        }
        files.sort(Comparator.comparing((Path f) -> f.getFileName().toString()).thenComparing(Path::toString));
        AtomicFiles.checkWritable(outPath);
        Map<String, Tomo> tomos = collect(files);
        if (tomos.isEmpty()) {
            throw new BadInputException("nothing to report: no <id>_ranking.json and no"
                    + " <id>_<mode>_<clusterer>_<method>.json/.csv among the inputs");
        }
        String html = html(cl.getOptionValue("title", "picket-nf report"), tomos);
        AtomicFiles.writeString(outPath, html);
        err.println("picket-tools report: " + tomos.size() + " tomograms, " + html.length() + " characters -> "
                + outPath);
        return Cli.OK;
    }

    private static String stripSuffix(String n, String suffix) {
        return n.endsWith(suffix) ? n.substring(0, n.length() - suffix.length()) : null;
    }

    /** Sorts the files into tomograms by name. */
    static Map<String, Tomo> collect(List<Path> files) {
        Map<String, Tomo> tomos = new TreeMap<>();
        List<Path> segJsons = new ArrayList<>();
        List<Path> montages = new ArrayList<>();
        for (Path f : files) {
            String n = f.getFileName().toString();
            String s;
            if ((s = stripSuffix(n, "_ranking.json")) != null) {
                JsonNode r = RankCommand.readJson(f);
                String id = r.path("id").asText(s);
                tomos.computeIfAbsent(id, Tomo::new).ranking = r;
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
                    tomos.computeIfAbsent(w.id(), Tomo::new).wf(w).csvCount = ParticleCsv.read(f).size();
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

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String num(JsonNode n, int dp) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "";
        }
        if (n.isIntegralNumber()) {
            return n.asText();
        }
        if (n.isNumber()) {
            return Numbers.fixed(n.asDouble(), dp);
        }
        return esc(n.asText());
    }

    /** Compact one-line text of a JSON value (objects as key=value pairs), for evidence cells. */
    static String compact(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "";
        }
        if (n.isNumber()) {
            if (n.isIntegralNumber()) {
                return n.asText();
            }
            String g = String.format(Locale.ROOT, "%.4g", n.asDouble());
            return g.contains("e") || !g.contains(".") ? g : g.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        if (n.isTextual() || n.isBoolean()) {
            return n.asText();
        }
        StringBuilder sb = new StringBuilder();
        if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(compact(n.get(i)));
            }
            return sb.append(']').toString();
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        boolean first = true;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append(first ? "" : "; ").append(e.getKey()).append(": ").append(compact(e.getValue()));
            first = false;
        }
        return (n.size() > 1 ? "{" : "") + sb + (n.size() > 1 ? "}" : "");
    }

    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em auto;max-width:1400px;\
            padding:0 1em;color:#222;background:#fafafa}
            h1{font-size:1.5em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #ccc;padding-bottom:.2em}
            .note{color:#555;font-size:.9em;max-width:70em}
            table{border-collapse:collapse;font-size:.85em;margin:.6em 0}
            th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right;vertical-align:top}
            th{background:#eee;position:sticky;top:0}td.l,th.l{text-align:left}
            tr.top td{background:#e6f4e6;font-weight:600}
            .tomo img{max-width:640px;width:100%;border:1px solid #999;margin-top:.8em}
            .tables{overflow-x:auto}
            details{margin:.4em 0}summary{cursor:pointer;color:#335}
            .ev{max-width:28em;text-align:left;font-size:.9em;color:#444;word-break:break-word}
            """;

    static String html(String title, Map<String, Tomo> tomos) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p class=\"note\">Made by picket-tools ").append(esc(Cli.version(ToolsMain.class))).append(". Workflows are"
                + " ranked without ground truth: score = consensus &times; size consistency, where consensus is the"
                + " mean one-to-one F1 of a workflow's particles against every other workflow's (pairs within the"
                + " match radius) and size consistency = exp(&minus;CV of the instance sizes). Rank 1 = best. F1"
                + " columns appear when a truth file was given (one-to-one matching).</p>\n");
        // overview
        h.append("<table>\n<tr><th class=\"l\">tomogram</th><th class=\"l\">top-ranked workflow</th>"
                + "<th>particles</th><th>score</th><th>F1 of top</th><th>median F1</th><th>best F1</th></tr>\n");
        for (Tomo t : tomos.values()) {
            List<Wf> rows = ordered(t);
            Wf top = rows.isEmpty() || rows.get(0).rank == null ? null : rows.get(0);
            List<Double> f1s = new ArrayList<>();
            double best = -1;
            for (Wf w : rows) {
                if (w.eval != null) {
                    double f = w.eval.path("one_to_one").path("f1").asDouble();
                    f1s.add(f);
                    best = Math.max(best, f);
                }
            }
            h.append("<tr><td class=\"l\"><a href=\"#t-").append(esc(t.id)).append("\">").append(esc(t.id))
                    .append("</a></td><td class=\"l\">").append(top == null ? "(no ranking)" : esc(top.name))
                    .append("</td><td>").append(top == null ? "" : count(top)).append("</td><td>")
                    .append(top == null ? "" : num(top.rank.get("score"), 3)).append("</td><td>")
                    .append(top == null || top.eval == null ? "" : num(top.eval.path("one_to_one").get("f1"), 3))
                    .append("</td><td>").append(f1s.isEmpty() ? "" : Numbers.fixed3(RankCommand.median(f1s)))
                    .append("</td><td>").append(best < 0 ? "" : Numbers.fixed3(best)).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (Tomo t : tomos.values()) {
            section(h, t);
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

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

    static void section(StringBuilder h, Tomo t) throws IOException {
        h.append("<h2 id=\"t-").append(esc(t.id)).append("\">").append(esc(t.id)).append("</h2>\n");
        if (t.ranking != null) {
            h.append("<p class=\"note\">Match radius ").append(num(t.ranking.get("match_radius_voxels"), 2))
                    .append(" voxels (").append(esc(t.ranking.path("match_radius_from").asText())).append(").</p>\n");
        }
        h.append("<div class=\"tomo\">\n");
        h.append("<div class=\"tables\">\n<table>\n<tr><th>rank</th><th class=\"l\">mode</th>"
                + "<th class=\"l\">clusterer</th><th class=\"l\">method</th><th>particles</th><th>score</th>"
                + "<th>consensus F1</th><th>size CV</th><th>tiny fraction</th><th class=\"l\">particle cluster</th>"
                + "<th class=\"l\">particle size</th><th>segment s</th>"
                + "<th>localize s</th><th>F1</th><th>precision</th><th>recall</th></tr>\n");
        for (Wf w : ordered(t)) {
            Workflow wf = w.workflow;
            String mode = wf != null ? wf.mode() : w.rank != null ? w.rank.path("mode").asText() : "";
            String clusterer = wf != null ? wf.clusterer() : w.rank != null ? w.rank.path("clusterer").asText() : "";
            String method = wf != null ? wf.methodShort()
                    : w.rank != null ? (w.rank.path("method").asText().startsWith("watershed") ? "WS" : "CC") : "";
            boolean top = w.rank != null && w.rank.path("rank").asInt() == 1;
            h.append(top ? "<tr class=\"top\">" : "<tr>");
            h.append("<td>").append(w.rank == null ? "" : num(w.rank.get("rank"), 0)).append("</td>");
            h.append("<td class=\"l\">").append(esc(mode)).append("</td><td class=\"l\">").append(esc(clusterer))
                    .append("</td><td class=\"l\">").append(esc(method)).append("</td>");
            h.append("<td>").append(count(w)).append("</td>");
            h.append("<td>").append(w.rank == null ? "" : num(w.rank.get("score"), 3)).append("</td>");
            h.append("<td>").append(w.rank == null ? "" : num(w.rank.get("consensus_f1"), 3)).append("</td>");
            h.append("<td>").append(w.rank == null ? "" : num(w.rank.get("size_cv"), 2)).append("</td>");
            h.append("<td>").append(w.rank == null ? "" : num(w.rank.get("tiny_fraction"), 2)).append("</td>");
            JsonNode pc = w.prov == null ? null : w.prov.get("particle_cluster");
            String cid = "";
            String ev = "";
            if (pc != null && pc.isObject()) {
                cid = num(pc.get("id"), 0);
                ev = esc(pc.path("chosen_by").asText(""));
                if (pc.has("evidence")) {
                    ev += " <details><summary>evidence</summary>" + esc(compact(pc.get("evidence")))
                            + "</details>";
                }
            } else if (w.prov != null && w.prov.path("parameters").has("particle_cluster_id")) {
                cid = num(w.prov.path("parameters").get("particle_cluster_id"), 0);
                ev = "parameter";
            }
            h.append("<td class=\"ev\">").append(cid).append(ev.isEmpty() ? "" : " (" + ev + ")").append("</td>");
            String size = "";
            if (w.prov != null) {
                JsonNode ps = w.prov.get("particle_size");
                JsonNode pr = w.prov.path("parameters");
                if (ps != null && ps.isObject()) {
                    size = esc(compact(ps));
                } else {
                    List<String> parts = new ArrayList<>();
                    if (pr.hasNonNull("min_distance") && "watershed_segmentation".equals(w.prov.path("method").asText())) {
                        parts.add("min_distance " + num(pr.get("min_distance"), 1));
                    }
                    if (pr.hasNonNull("min_voxels")) {
                        parts.add("min_voxels " + num(pr.get("min_voxels"), 0));
                    }
                    size = esc(String.join(", ", parts));
                }
            }
            h.append("<td class=\"ev\">").append(size).append("</td>");
            JsonNode seg = wf == null ? null : t.segs.get(wf.segmentation());
            String segS = "";
            if (seg != null && seg.has("timings")) {
                double sum = 0;
                for (String k : new String[] {"read_s", "features_and_predict_s", "write_s"}) {
                    sum += seg.path("timings").path(k).asDouble(0);
                }
                segS = Numbers.fixed(sum, 2);
            }
            // timing cells carry class "t": the only cells that differ between two runs of the same inputs
            h.append("<td class=\"t\">").append(segS).append("</td>");
            h.append("<td class=\"t\">").append(w.prov == null || !w.prov.path("timings").has("localize_s") ? ""
                    : Numbers.fixed(w.prov.path("timings").path("localize_s").asDouble(), 2)).append("</td>");
            JsonNode one = w.eval == null ? null : w.eval.path("one_to_one");
            h.append("<td>").append(one == null ? "" : num(one.get("f1"), 3)).append("</td><td>")
                    .append(one == null ? "" : num(one.get("precision"), 3)).append("</td><td>")
                    .append(one == null ? "" : num(one.get("recall"), 3)).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (t.ranking != null && t.ranking.has("pairwise_f1")) {
            JsonNode pf = t.ranking.get("pairwise_f1");
            h.append("<details><summary>agreement between workflows (one-to-one F1 of each pair)</summary>\n<table>\n"
                    + "<tr><th></th>");
            for (JsonNode n : pf.path("workflows")) {
                h.append("<th>").append(esc(abbrev(n.asText()))).append("</th>");
            }
            h.append("</tr>\n");
            int i = 0;
            for (JsonNode row : pf.path("f1")) {
                h.append("<tr><th class=\"l\">").append(esc(abbrev(pf.path("workflows").path(i++).asText())))
                        .append("</th>");
                for (JsonNode v : row) {
                    int shade = 255 - (int) Math.round(120 * Math.max(0, Math.min(1, v.asDouble())));
                    h.append("<td style=\"background:rgb(").append(shade).append(",255,").append(shade)
                            .append(")\">").append(num(v, 2)).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n</details>\n");
        }
        h.append("</div>\n");
        if (t.montage != null) {
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(t.montage));
            h.append("<div><img alt=\"QC montage of ").append(esc(t.id)).append("\" src=\"data:image/png;base64,")
                    .append(b64).append("\"></div>\n");
        }
        h.append("</div>\n");
    }

    static String abbrev(String wf) {
        return wf.replace("_connected_component_labeling", " CC").replace("_watershed_segmentation", " WS")
                .replace('_', ' ');
    }
}
