package org.picketnf.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.Numbers;
import org.picketnf.tools.ReportModel.Tomo;
import org.picketnf.tools.ReportModel.Wf;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The report page of {@link ReportModel}'s tomograms: one self-contained HTML text (inline CSS, the montages as
 * data: URIs, no script, no network, no date, no absolute paths), so the same inputs give the same bytes.
 */
final class ReportHtml {
    private ReportHtml() {
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

    /**
     * The page: title, overview table, one section per tomogram, then (when {@code versions} is not null) the
     * software versions.
     */
    static String html(String title, Map<String, Tomo> tomos, SoftwareVersions versions) throws IOException {
        return html(title, tomos, versions, List.of(), Map.of());
    }

    /**
     * The page, led by the tomograms that failed (when {@code failures} is not empty: id, step, message each);
     * {@code placeholders}: the tomograms whose exported Angstrom coordinates assume a placeholder voxel size (id ->
     * the header's 0 or 1), noted after the failures and in each one's section.
     */
    static String html(String title, Map<String, Tomo> tomos, SoftwareVersions versions, List<String[]> failures,
            Map<String, String> placeholders) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        if (!failures.isEmpty()) {
            failures(h, failures, tomos.keySet());
        }
        if (!placeholders.isEmpty()) {
            List<String> named = new ArrayList<>();
            placeholders.forEach((id, a) -> named.add(esc(id) + " (" + esc(a) + " &Aring;)"));
            h.append("<p class=\"note\" id=\"pixel-size\"><b>Voxel size:</b> the MRC header gives no real voxel size"
                    + " for ").append(String.join(", ", named)).append(" and none was set (--pixel_size_A or the"
                    + " samplesheet's pixel_size_A column): the exported Angstrom coordinates (&lt;id&gt;/export/:"
                    + " RELION 5, copick) assume it and say it is a placeholder. Coordinates in voxels are not"
                    + " affected.</p>\n");
        }
        h.append("<p class=\"note\">Made by picket-tools ").append(esc(Cli.version(ToolsMain.class))).append(". The answer"
                + " per tomogram is the consensus set: the watershed sets fused (particles within half the particle"
                + " diameter are one), each particle with a confidence (the probability that it is a particle given"
                + " which workflows found it, from a model of each workflow's recall and false finds fitted without"
                + " truth), kept at confidence &ge; 0.5 (&lt;id&gt;/&lt;id&gt;_consensus.csv). Workflows are"
                + " ranked without ground truth: score = consensus &times; size consistency, where consensus is the"
                + " mean one-to-one F1 of a workflow's particles against every other workflow's (pairs within the"
                + " match radius) and size consistency = exp(&minus;CV of the instance sizes). Rank 1 = best. F1"
                + " columns appear when a truth file was given (one-to-one matching).</p>\n");
        // overview
        h.append("<table>\n<tr><th class=\"l\">tomogram</th><th>consensus particles</th><th>consensus F1</th>"
                + "<th class=\"l\">top-ranked workflow</th>"
                + "<th>particles</th><th>score</th><th>F1 of top</th><th>median F1</th><th>best F1</th></tr>\n");
        for (Tomo t : tomos.values()) {
            List<Wf> rows = ReportModel.ordered(t);
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
                    .append("</a></td><td>").append(t.consensus == null ? "" : num(t.consensus.get("particles"), 0))
                    .append("</td><td>").append(t.consensusEval == null ? ""
                            : num(t.consensusEval.path("one_to_one").get("f1"), 3))
                    .append("</td><td class=\"l\">").append(top == null ? "(no ranking)" : esc(top.name))
                    .append("</td><td>").append(top == null ? "" : ReportModel.count(top)).append("</td><td>")
                    .append(top == null ? "" : num(top.rank.get("score"), 3)).append("</td><td>")
                    .append(top == null || top.eval == null ? "" : num(top.eval.path("one_to_one").get("f1"), 3))
                    .append("</td><td>").append(f1s.isEmpty() ? "" : Numbers.fixed3(RankCommand.median(f1s)))
                    .append("</td><td>").append(best < 0 ? "" : Numbers.fixed3(best)).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (Tomo t : tomos.values()) {
            section(h, t, placeholders.get(t.id));
        }
        if (versions != null) {
            versions(h, versions);
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** One tomogram's section; {@code placeholder}: the header's voxel size when it is a placeholder, else null. */
    static void section(StringBuilder h, Tomo t, String placeholder) throws IOException {
        h.append("<h2 id=\"t-").append(esc(t.id)).append("\">").append(esc(t.id)).append("</h2>\n");
        if (placeholder != null) {
            h.append("<p class=\"note\">Voxel size: the MRC header's ").append(esc(placeholder)).append(" &Aring; is a"
                    + " placeholder and none was set; the exported Angstrom coordinates assume it.</p>\n");
        }
        if (t.ranking != null) {
            h.append("<p class=\"note\">Match radius ").append(num(t.ranking.get("match_radius_voxels"), 2))
                    .append(" voxels (").append(esc(t.ranking.path("match_radius_from").asText())).append(").</p>\n");
        }
        if (t.consensus != null) {
            consensus(h, t);
        }
        h.append("<div class=\"tomo\">\n");
        h.append("<div class=\"tables\">\n<table>\n<tr><th>rank</th><th class=\"l\">mode</th>"
                + "<th class=\"l\">clusterer</th><th class=\"l\">method</th><th>particles</th><th>score</th>"
                + "<th>consensus F1</th><th>size CV</th><th>tiny fraction</th><th class=\"l\">particle cluster</th>"
                + "<th class=\"l\">particle size</th><th>segment s</th>"
                + "<th>localize s</th><th>F1</th><th>precision</th><th>recall</th></tr>\n");
        for (Wf w : ReportModel.ordered(t)) {
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
            h.append("<td>").append(ReportModel.count(w)).append("</td>");
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

    /** The consensus set of a tomogram: count, rule, F1 with truth and the precision/recall curve over the confidence. */
    static void consensus(StringBuilder h, Tomo t) {
        JsonNode c = t.consensus;
        h.append("<p><b>Consensus: ").append(num(c.get("particles"), 0)).append(" particles</b> (confidence &ge; ")
                .append(num(c.at("/rule/min_confidence"), 2)).append(") from ").append(c.path("sets").size())
                .append(" sets, match radius ").append(num(c.at("/rule/match_radius_vox"), 2)).append(" voxels");
        JsonNode e = t.consensusEval;
        if (e != null) {
            JsonNode one = e.path("one_to_one");
            h.append("; F1 ").append(num(one.get("f1"), 3)).append(" (precision ").append(num(one.get("precision"), 3))
                    .append(", recall ").append(num(one.get("recall"), 3)).append(")");
        }
        h.append(". <a href=\"").append(esc(t.id)).append("/").append(esc(t.id))
                .append("_consensus.csv\">").append(esc(t.id)).append("_consensus.csv</a></p>\n");
        if (e != null && e.path("curve").size() > 0) {
            h.append(prCurve(e.get("curve"), c.at("/rule/min_confidence").asDouble(0.5)));
        }
    }

    /**
     * Precision (y) against recall (x) over the score thresholds of an evaluation's curve, as inline SVG (no script,
     * no network), the point of the kept threshold marked.
     */
    static String prCurve(JsonNode curve, double kept) {
        int w = 300;
        int hgt = 220;
        int l = 44;
        int b = 34;
        int pw = w - l - 10;
        int ph = hgt - b - 10;
        StringBuilder s = new StringBuilder();
        s.append("<svg width=\"").append(w).append("\" height=\"").append(hgt)
                .append("\" role=\"img\" aria-label=\"precision against recall over the confidence threshold\""
                        + " style=\"background:#fff;border:1px solid #ccc\">\n");
        s.append("<rect x=\"").append(l).append("\" y=\"10\" width=\"").append(pw).append("\" height=\"").append(ph)
                .append("\" fill=\"none\" stroke=\"#999\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double v = i / 4.0;
            int x = l + (int) Math.round(v * pw);
            int y = 10 + ph - (int) Math.round(v * ph);
            s.append("<text x=\"").append(x).append("\" y=\"").append(hgt - b + 14)
                    .append("\" font-size=\"10\" text-anchor=\"middle\">").append(Numbers.fixed(v, 2)).append("</text>");
            s.append("<text x=\"").append(l - 4).append("\" y=\"").append(y + 3)
                    .append("\" font-size=\"10\" text-anchor=\"end\">").append(Numbers.fixed(v, 2)).append("</text>\n");
        }
        s.append("<text x=\"").append(l + pw / 2).append("\" y=\"").append(hgt - 4)
                .append("\" font-size=\"11\" text-anchor=\"middle\">recall</text>");
        s.append("<text x=\"12\" y=\"").append(10 + ph / 2).append("\" font-size=\"11\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 12 ").append(10 + ph / 2).append(")\">precision</text>\n");
        StringBuilder pts = new StringBuilder();
        double[] mark = null;
        for (JsonNode r : curve) {
            double x = l + r.path("recall").asDouble() * pw;
            double y = 10 + ph - r.path("precision").asDouble() * ph;
            pts.append(pts.length() == 0 ? "" : " ").append(Numbers.fixed(x, 1)).append(',').append(Numbers.fixed(y, 1));
            if (r.path("min_score").asDouble() >= kept) {
                mark = new double[] {x, y};   // the last (lowest) threshold still >= the kept one
            }
        }
        s.append("<polyline fill=\"none\" stroke=\"#2a6\" stroke-width=\"2\" points=\"").append(pts).append("\"/>\n");
        if (mark != null) {
            s.append("<circle cx=\"").append(Numbers.fixed(mark[0], 1)).append("\" cy=\"").append(Numbers.fixed(mark[1], 1))
                    .append("\" r=\"4\" fill=\"#c33\"><title>confidence &#8805; ").append(Numbers.fixed(kept, 2))
                    .append(" (the consensus set)</title></circle>\n");
        }
        return s.append("</svg>\n").toString();
    }

    /** The "Software versions" section: one row per process and tool, sorted by process, then tool. */
    static void versions(StringBuilder h, SoftwareVersions versions) {
        h.append("<h2 id=\"software-versions\">Software versions</h2>\n<table>\n<tr><th class=\"l\">process</th>"
                + "<th class=\"l\">tool</th><th class=\"l\">version</th></tr>\n");
        versions.byProcess().forEach((process, tools) -> tools.forEach((tool, version) -> h
                .append("<tr><td class=\"l\">").append(esc(process)).append("</td><td class=\"l\">").append(esc(tool))
                .append("</td><td class=\"l\">").append(esc(version)).append("</td></tr>\n")));
        h.append("</table>\n");
    }

    static String abbrev(String wf) {
        return wf.replace("_connected_component_labeling", " CC").replace("_watershed_segmentation", " WS")
                .replace('_', ' ');
    }

    /** The "Failed" section: which tomogram stopped at which step, and the tool's one-line reason. */
    /**
     * The failed tomograms; {@code onPage}: the tomograms with results on the page. When each of those failed too,
     * no tomogram ran to the end, and the page says so instead of "every other tomogram ran to the end".
     */
    static void failures(StringBuilder h, List<String[]> failures, java.util.Set<String> onPage) {
        java.util.Set<String> failed = new java.util.HashSet<>();
        failures.forEach(f -> failed.add(f[0]));
        long ids = failures.stream().map(f -> f[0]).distinct().count();
        boolean others = onPage.stream().anyMatch(id -> !failed.contains(id));
        h.append("<h2 id=\"failed\">Failed: ").append(ids).append(ids == 1 ? " tomogram" : " tomograms")
                .append("</h2>\n<p>These tomograms have no results (or only those of the steps before the failure);")
                .append(others ? " every other tomogram ran to the end." : " no tomogram ran to the end.")
                .append("</p>\n<table>\n<tr><th class=\"l\">tomogram</th>"
                        + "<th class=\"l\">step</th><th class=\"l\">reason</th></tr>\n");
        for (String[] f : failures) {
            h.append("<tr><td class=\"l\">").append(esc(f[0])).append("</td><td class=\"l\">").append(esc(f[1]))
                    .append("</td><td class=\"l\">").append(esc(f[2])).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }
}
