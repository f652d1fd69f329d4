package org.picketnf.tools;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.Numbers;
import org.picketnf.tools.ReportModel.Tomo;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The summary page report.html of {@link ReportModel}'s tomograms (inline CSS, no script, no network, no date, no
 * absolute paths: the same inputs give the same bytes), which links to {@link ReportSite}'s pages, and the text
 * helpers and pieces those pages share (escaping, numbers, the consensus paragraph, the precision/recall curve).
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
     * The summary page (report.html at the top of the results): title, the tomograms that failed (when {@code
     * failures} is not empty: id, step, message each), the placeholder voxel sizes ({@code placeholders}: id -> the
     * header's 0 or 1), how many tomograms have which quality flag ({@code rows}, {@link ReportSite#rows}), a link
     * to the report's index ({@code index}, relative to this page) and, when {@code versions} is not null, the
     * software versions.
     */
    static String html(String title, List<ReportSite.Row> rows, SoftwareVersions versions, List<String[]> failures,
            Map<String, String> placeholders, String index, java.util.Set<String> onPage) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        Map<String, Integer> flags = new java.util.TreeMap<>();
        for (ReportSite.Row r : rows) {
            for (String q : r.quality().split("; ")) {
                flags.merge(q.startsWith("failed") ? "failed" : q, 1, Integer::sum);
            }
        }
        List<String> counts = new ArrayList<>();
        flags.forEach((q, n) -> counts.add(n + " " + esc(q)));
        h.append("<p class=\"lead\"><a href=\"").append(esc(index)).append("\">Open the report</a>: ")
                .append(rows.size()).append(rows.size() == 1 ? " tomogram" : " tomograms")
                .append(counts.isEmpty() ? "" : " (" + String.join(", ", counts) + ")")
                .append(", one row each in the overview, and a page per tomogram with its montage, ranking and"
                        + " plots.</p>\n");
        if (!failures.isEmpty()) {
            failures(h, failures, onPage);
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
                + " truth), kept at confidence &ge; 0.5 and no two closer than the estimated diameter"
                + " (&lt;id&gt;/&lt;id&gt;_consensus.csv). Workflows are"
                + " ranked without ground truth: score = consensus &times; size consistency, where consensus is the"
                + " mean one-to-one F1 of a workflow's particles against every other workflow's (pairs within the"
                + " match radius) and size consistency = exp(&minus;CV of the instance sizes). Rank 1 = best. F1"
                + " columns appear when a truth file was given (one-to-one matching).</p>\n");
        if (versions != null) {
            versions(h, versions);
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** The consensus set of a tomogram: count, rule, F1 with truth and the precision/recall curve over the confidence. */
    static void consensus(StringBuilder h, Tomo t) {
        consensus(h, t, "", true);
    }

    /**
     * The consensus paragraph; {@code up}: the path from the page to the results folder ("" or "../"); {@code curve}:
     * whether the precision/recall curve follows it.
     */
    static void consensus(StringBuilder h, Tomo t, String up, boolean curve) {
        JsonNode c = t.consensus;
        h.append("<p><b>Consensus: ").append(num(c.get("particles"), 0)).append(" particles</b> (confidence &ge; ")
                .append(num(c.at("/rule/min_confidence"), 2)).append(") from ").append(c.path("sets").size())
                .append(" sets, match radius ").append(num(c.at("/rule/match_radius_vox"), 2)).append(" voxels");
        if (c.at("/rule/exclusion_distance_vox").isNumber()) {
            h.append(", none closer than ").append(num(c.at("/rule/exclusion_distance_vox"), 2))
                    .append(" voxels (").append(num(c.get("excluded"), 0)).append(" dropped)");
        }
        JsonNode e = t.consensusEval;
        if (e != null) {
            JsonNode one = e.path("one_to_one");
            h.append("; F1 ").append(num(one.get("f1"), 3)).append(" (precision ").append(num(one.get("precision"), 3))
                    .append(", recall ").append(num(one.get("recall"), 3)).append(")");
        }
        h.append(". <a href=\"").append(up).append(esc(t.id)).append("/").append(esc(t.id))
                .append("_consensus.csv\">").append(esc(t.id)).append("_consensus.csv</a></p>\n");
        if (curve && e != null && e.path("curve").size() > 0) {
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
