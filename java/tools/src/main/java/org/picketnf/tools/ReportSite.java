package org.picketnf.tools;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Numbers;
import org.picketnf.tools.ReportModel.Tomo;
import org.picketnf.tools.ReportModel.Wf;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The report as a folder of pages ({@code report/} beside {@code report.html}): {@code index.html}, the dataset
 * overview with one row per tomogram in {@link NaturalOrder}, sortable by any column (a few lines of inline script,
 * no network), and per tomogram {@code <id>.html} with its montage, ranking table, one sentence of evidence per
 * workflow and plots as inline SVG ({@link ReportSvg}). Pictures are files next to the pages ({@code
 * <id>_montage.png}, {@code <id>_thumb.png}), linked relatively, never embedded. No dates, no absolute paths: the
 * same inputs give the same bytes.
 */
final class ReportSite {
    /** Fewer particles than this in the answer: flagged "few particles". */
    static final int FEW_PARTICLES = 10;
    /** Mean F1 of the top-ranked set against the others below this: flagged "workflows disagree". */
    static final double DISAGREE_F1 = 0.5;
    /** Thumbnail width in pixels. */
    static final int THUMB_W = 120;
    /** The thumbnail shows the montage's top, at most this fraction of its width tall (its first row of panels). */
    static final double THUMB_TOP = 0.45;
    /** Bins of the instance-size histogram. */
    static final int BINS = 24;

    private ReportSite() {
    }

    /** One row of the index: the answer of one tomogram (null fields: not known). */
    record Row(String id, String answer, Integer particles, Double diameterVox, Double diameterA, String cluster,
               String quality, Double f1, Double precision, Double recall, boolean page, boolean thumb,
               boolean placeholder) {
    }

    /** Writes index.html, one page per tomogram and the pictures into {@code dir}; returns the index's bytes. */
    static long write(Path dir, String title, Map<String, Tomo> tomos, List<String[]> failures,
            Map<String, String> placeholders, String summary) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot create the report folder (" + e.getMessage() + ")");
        }
        Map<String, Boolean> thumbs = new LinkedHashMap<>();
        for (Tomo t : tomos.values()) {
            boolean thumb = false;
            if (t.montage != null) {
                byte[] png;
                try {
                    png = Files.readAllBytes(t.montage);
                } catch (IOException e) {
                    throw new BadInputException(t.montage + ": cannot read (" + e.getMessage() + ")");
                }
                writeBytes(dir.resolve(t.id + "_montage.png"), png);
                writeBytes(dir.resolve(t.id + "_thumb.png"), thumbnail(png, t.montage));
                thumb = true;
            }
            thumbs.put(t.id, thumb);
            AtomicFiles.writeString(dir.resolve(t.id + ".html"), page(title, t, placeholders.get(t.id)));
        }
        List<Row> rows = rows(tomos, failures, placeholders, thumbs);
        String index = index(title, rows, summary);
        AtomicFiles.writeString(dir.resolve("index.html"), index);
        return index.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static void writeBytes(Path target, byte[] bytes) {
        Path tmp = AtomicFiles.tempFor(target);
        try {
            Files.write(tmp, bytes);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw AtomicFiles.writeError(target, e);
        }
        AtomicFiles.commit(tmp, target);
    }

    /**
     * The top of the montage (at most {@link #THUMB_TOP} of its width tall: the tomogram's row, with the consensus
     * set) scaled to {@link #THUMB_W} pixels wide (bilinear), as PNG bytes.
     */
    static byte[] thumbnail(byte[] png, Path from) throws IOException {
        BufferedImage im = ImageIO.read(new java.io.ByteArrayInputStream(png));
        if (im == null) {
            throw new BadInputException(from + ": not a PNG picture");
        }
        int top = Math.min(im.getHeight(), (int) Math.round(im.getWidth() * THUMB_TOP));
        int w = Math.min(THUMB_W, im.getWidth());
        int h = Math.max(1, (int) Math.round((double) top * w / im.getWidth()));
        BufferedImage th = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = th.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(im, 0, 0, w, h, 0, 0, im.getWidth(), top, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(th, "png", out);
        return out.toByteArray();
    }

    // ---- the index ------------------------------------------------------------------------------------------

    /** The rows of the index: every tomogram with results, then those that failed before any, in natural order. */
    static List<Row> rows(Map<String, Tomo> tomos, List<String[]> failures, Map<String, String> placeholders,
            Map<String, Boolean> thumbs) {
        Map<String, String> failed = new java.util.TreeMap<>(NaturalOrder.INSTANCE);
        for (String[] f : failures) {
            failed.putIfAbsent(f[0], "failed: " + f[1] + ": " + f[2]);
        }
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(NaturalOrder.INSTANCE);
        ids.addAll(tomos.keySet());
        ids.addAll(failed.keySet());
        List<Row> rows = new ArrayList<>();
        for (String id : ids) {
            Tomo t = tomos.get(id);
            if (t == null) {
                rows.add(new Row(id, "", null, null, null, "", failed.get(id), null, null, null, false, false, false));
            } else {
                rows.add(row(t, failed.get(id), placeholders.containsKey(id), thumbs.getOrDefault(id, false)));
            }
        }
        return rows;
    }

    /** The top-ranked workflow, or null without a ranking. */
    static Wf top(Tomo t) {
        List<Wf> o = ReportModel.ordered(t);
        return o.isEmpty() || o.get(0).rank == null ? null : o.get(0);
    }

    /**
     * One tomogram's row: the answer is the consensus set when there is one, else the top-ranked set; {@code fail}:
     * its failure ("failed: STEP: reason") or null; {@code placeholder}: its voxel size is a placeholder (no
     * Angstrom).
     */
    static Row row(Tomo t, String fail, boolean placeholder, boolean thumb) {
        Wf top = top(t);
        String answer;
        Integer particles = null;
        JsonNode eval;
        if (t.consensus != null) {
            answer = "consensus";
            particles = t.consensus.path("particles").isNumber() ? t.consensus.path("particles").asInt() : null;
            eval = t.consensusEval;
        } else if (top != null) {
            answer = ReportHtml.abbrev(top.name);
            String c = ReportModel.count(top);
            particles = c.isEmpty() ? null : Integer.valueOf(c);
            eval = top.eval;
        } else {
            answer = "";
            eval = null;
        }
        Wf sizeFrom = top;
        if (sizeFrom == null || sizeFrom.prov == null) {
            sizeFrom = ReportModel.ordered(t).stream().filter(w -> w.prov != null).findFirst().orElse(null);
        }
        Double dv = null;
        Double da = null;
        String cluster = "";
        if (sizeFrom != null && sizeFrom.prov != null) {
            JsonNode d = sizeFrom.prov.path("particle_size").path("diameter_vox");
            if (d.isNumber()) {
                dv = d.asDouble();
                JsonNode vs = sizeFrom.prov.path("voxel_size_xyz").path(0);
                if (!placeholder && vs.isNumber() && vs.asDouble() > 0) {
                    da = dv * vs.asDouble();
                }
            }
            cluster = clusterWord(sizeFrom.prov);
        }
        List<String> q = new ArrayList<>();
        if (fail != null) {
            q.add(fail);
        }
        if (t.ranking == null) {
            q.add("no ranking");
        }
        if (particles != null && particles < FEW_PARTICLES) {
            q.add("few particles");
        }
        if (top != null) {
            double agree = meanAgreement(t, top);
            if (!Double.isNaN(agree) && agree < DISAGREE_F1) {
                q.add("workflows disagree");
            }
        }
        String quality = q.isEmpty() ? "ok" : String.join("; ", q);
        JsonNode one = eval == null ? null : eval.path("one_to_one");
        return new Row(t.id, answer, particles, dv, da, cluster, quality, dbl(one, "f1"), dbl(one, "precision"),
                dbl(one, "recall"), true, thumb, placeholder);
    }

    private static Double dbl(JsonNode n, String k) {
        return n == null || !n.path(k).isNumber() ? null : n.path(k).asDouble();
    }

    /** "1 (auto)", "1 (user)" or "1 (parameter)" from a localisation provenance; "" when it says nothing. */
    static String clusterWord(JsonNode prov) {
        JsonNode pc = prov.get("particle_cluster");
        if (pc != null && pc.isObject() && pc.has("id")) {
            return pc.path("id").asText() + " (" + pc.path("chosen_by").asText("?") + ")";
        }
        if (prov.path("parameters").has("particle_cluster_id")) {
            return prov.path("parameters").path("particle_cluster_id").asText() + " (parameter)";
        }
        return "";
    }

    /** Mean F1 of {@code w} against every other workflow of {@code t} ({@link #agreement}); NaN when unknown. */
    static double meanAgreement(Tomo t, Wf w) {
        Agreement a = agreement(t);
        if (a != null) {
            int i = a.names.indexOf(w.name);
            if (i >= 0 && a.names.size() > 1) {
                double s = 0;
                for (int j = 0; j < a.names.size(); j++) {
                    if (j != i) {
                        s += a.f1[i][j];
                    }
                }
                return s / (a.names.size() - 1);
            }
        }
        return w.rank != null && w.rank.path("consensus_f1").isNumber() ? w.rank.path("consensus_f1").asDouble()
                : Double.NaN;
    }

    /** Pairwise one-to-one F1 between a tomogram's workflows, in ranked order. */
    record Agreement(List<String> names, double[][] f1) {
    }

    private static final Map<Tomo, Agreement> AGREEMENT = java.util.Collections.synchronizedMap(
            new java.util.WeakHashMap<>());

    /**
     * The pairwise F1 of the workflows' particle sets, in ranked order: the ranking's {@code pairwise_f1} (RANK
     * matched them one to one within its match radius) when it names every workflow, else computed here from the
     * CSVs within the ranking's match radius (or {@link MatchRadius}'s from the provenance) when every workflow has
     * one, else the ranking's matrix as it is; null when there is neither.
     */
    static Agreement agreement(Tomo t) {
        Agreement cached = AGREEMENT.get(t);
        if (cached != null) {
            return cached;
        }
        List<Wf> o = ReportModel.ordered(t);
        Agreement a = fromRanking(t, o);
        if (a == null && o.size() > 1 && o.stream().allMatch(w -> w.points != null)) {
            double r;
            if (t.ranking != null && t.ranking.path("match_radius_voxels").isNumber()) {
                r = t.ranking.path("match_radius_voxels").asDouble();
            } else {
                List<JsonNode> provs = new ArrayList<>();
                o.forEach(w -> provs.add(w.prov));
                Double m = MatchRadius.fromProvenance(provs);
                r = m == null ? MatchRadius.MIN : m;
            }
            int n = o.size();
            double[][] f = new double[n][n];
            for (int i = 0; i < n; i++) {
                f[i][i] = 1.0;
                for (int j = i + 1; j < n; j++) {
                    f[i][j] = RankCommand.pairF1(o.get(i).points, o.get(j).points, r);
                    f[j][i] = f[i][j];
                }
            }
            List<String> names = new ArrayList<>();
            o.forEach(w -> names.add(w.name));
            a = new Agreement(names, f);
        } else if (a == null && t.ranking != null && t.ranking.has("pairwise_f1")) {
            JsonNode pf = t.ranking.get("pairwise_f1");
            List<String> names = new ArrayList<>();
            pf.path("workflows").forEach(n -> names.add(n.asText()));
            double[][] f = new double[names.size()][names.size()];
            for (int i = 0; i < names.size(); i++) {
                for (int j = 0; j < names.size(); j++) {
                    JsonNode v = pf.path("f1").path(i).path(j);
                    f[i][j] = v.isNumber() ? v.asDouble() : Double.NaN;
                }
            }
            a = new Agreement(names, f);
        }
        if (a != null) {
            AGREEMENT.put(t, a);
        }
        return a;
    }

    /** The ranking's pairwise F1 reordered to {@code o}'s order, or null unless it names every workflow of o. */
    private static Agreement fromRanking(Tomo t, List<Wf> o) {
        if (o.size() < 2 || t.ranking == null || !t.ranking.has("pairwise_f1")) {
            return null;
        }
        JsonNode pf = t.ranking.get("pairwise_f1");
        List<String> names = new ArrayList<>();
        pf.path("workflows").forEach(n -> names.add(n.asText()));
        int n = o.size();
        int[] at = new int[n];
        for (int i = 0; i < n; i++) {
            at[i] = names.indexOf(o.get(i).name);
            if (at[i] < 0) {
                return null;
            }
        }
        double[][] f = new double[n][n];
        List<String> ordered = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ordered.add(o.get(i).name);
            for (int j = 0; j < n; j++) {
                JsonNode v = pf.path("f1").path(at[i]).path(at[j]);
                if (!v.isNumber()) {
                    return null;
                }
                f[i][j] = v.asDouble();
            }
        }
        return new Agreement(ordered, f);
    }

    static final String SORT_JS = """
            document.querySelectorAll('table.sort th').forEach(function(th,c){th.addEventListener('click',function(){
            var tb=th.closest('table').tBodies[0],d=th.dataset.d==='1'?-1:1,r=Array.prototype.slice.call(tb.rows);
            th.dataset.d=d>0?'1':'0';r.sort(function(a,b){var x=a.cells[c].dataset.v,y=b.cells[c].dataset.v;
            if(x===y)return 0;if(x==='')return 1;if(y==='')return -1;var p=parseFloat(x),q=parseFloat(y);
            return d*(isNaN(p)||isNaN(q)?x.localeCompare(y,'en',{numeric:true}):p-q);});
            r.forEach(function(e){tb.appendChild(e);});});});
            """;

    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1em auto;max-width:1240px;\
            padding:0 12px;color:#222;background:#fafafa;box-sizing:border-box}
            h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin-top:1.4em;border-bottom:2px solid #ccc}
            .note{color:#555;font-size:.9em;max-width:75em}
            .wrap{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;font-size:.85em;margin:.6em 0}
            th,td{border:1px solid #ccc;padding:.2em .45em;text-align:right;vertical-align:middle}
            th{background:#eee}td.l,th.l{text-align:left}table.sort th{cursor:pointer}
            tr.top td{background:#e6f4e6;font-weight:600}
            td.q{text-align:left;max-width:26em}td.bad{color:#a22}
            img.thumb{width:120px;display:block}img.montage{max-width:100%;border:1px solid #999}
            .plots{display:flex;flex-wrap:wrap;gap:12px}svg.plot{background:#fff;border:1px solid #ccc}
            ul.ev{font-size:.9em}details{margin:.4em 0}summary{cursor:pointer;color:#335}
            pre{white-space:pre-wrap;word-break:break-word;font-size:.8em;background:#fff;border:1px solid #ddd;padding:.4em}
            """;

    private static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(ReportHtml.esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n"
                        + "<body>\n");
    }

    private static String opt(Double v, int dp) {
        return v == null ? "" : Numbers.fixed(v, dp);
    }

    private static void cell(StringBuilder h, String cls, String sortKey, String html) {
        h.append("<td").append(cls == null ? "" : " class=\"" + cls + "\"").append(" data-v=\"")
                .append(ReportHtml.esc(sortKey)).append("\">").append(html).append("</td>");
    }

    /**
     * The index page of {@code rows} (in their order); F1 columns when any row has one; {@code summary}: the
     * summary page relative to the index, or null.
     */
    static String index(String title, List<Row> rows, String summary) {
        boolean truth = rows.stream().anyMatch(r -> r.f1() != null);
        StringBuilder h = new StringBuilder(4096 + rows.size() * 600);
        head(h, title + ": dataset overview");
        h.append("<h1>").append(ReportHtml.esc(title)).append(": ").append(rows.size())
                .append(rows.size() == 1 ? " tomogram" : " tomograms").append("</h1>\n");
        h.append("<p class=\"note\">One row per tomogram; click a column's heading to sort by it, a tomogram or its"
                + " picture for its page. The answer is the consensus set when there is one, else the top-ranked"
                + " workflow's set. Quality: \"few particles\" (fewer than ").append(FEW_PARTICLES)
                .append("), \"workflows disagree\" (mean F1 of the top-ranked set against the others below ")
                .append(Numbers.fixed(DISAGREE_F1, 1)).append("), \"no ranking\", \"failed: step: reason\".")
                .append(truth ? " F1, precision and recall: the answer against the truth." : "")
                .append(rows.stream().anyMatch(Row::placeholder) ? " Diameter in &Aring; \"?\": the MRC header gives"
                        + " no real voxel size and none was set." : "")
                .append(summary == null ? "" : " <a href=\"" + ReportHtml.esc(summary) + "\">Run summary</a>.")
                .append("</p>\n");
        h.append("<div class=\"wrap\">\n<table class=\"sort\" id=\"overview\">\n<thead><tr><th class=\"l\">tomogram</th>"
                + "<th class=\"l\">montage</th><th class=\"l\">answer</th><th>particles</th><th>diameter (vox)</th>"
                + "<th>diameter (&Aring;)</th><th class=\"l\">cluster</th><th class=\"l\">quality</th>");
        if (truth) {
            h.append("<th>F1</th><th>precision</th><th>recall</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        int k = 0;
        for (Row r : rows) {
            String id = ReportHtml.esc(r.id());
            h.append("<tr>");
            cell(h, "l", String.format(Locale.ROOT, "%06d", k++),
                    r.page() ? "<a href=\"" + id + ".html\">" + id + "</a>" : id);
            cell(h, "l", r.thumb() ? "1" : "", r.thumb() ? "<a href=\"" + id + ".html\"><img class=\"thumb\" src=\""
                    + id + "_thumb.png\" alt=\"montage of " + id + "\" loading=\"lazy\"></a>" : "");
            cell(h, "l", r.answer(), ReportHtml.esc(r.answer()));
            String p = r.particles() == null ? "" : r.particles().toString();
            cell(h, null, p, p);
            cell(h, null, opt(r.diameterVox(), 1), opt(r.diameterVox(), 1));
            cell(h, null, opt(r.diameterA(), 0), r.placeholder() && r.diameterVox() != null
                    ? "<span title=\"the voxel size in the MRC header is a placeholder\">?</span>" : opt(r.diameterA(), 0));
            cell(h, "l", r.cluster(), ReportHtml.esc(r.cluster()));
            cell(h, "ok".equals(r.quality()) ? "q" : "q bad", r.quality(), ReportHtml.esc(r.quality()));
            if (truth) {
                cell(h, null, opt(r.f1(), 3), opt(r.f1(), 3));
                cell(h, null, opt(r.precision(), 3), opt(r.precision(), 3));
                cell(h, null, opt(r.recall(), 3), opt(r.recall(), 3));
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n<p class=\"note\">Made by picket-tools ")
                .append(ReportHtml.esc(Cli.version(ToolsMain.class))).append(".</p>\n<script>\n").append(SORT_JS)
                .append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    // ---- one tomogram's page --------------------------------------------------------------------------------

    /**
     * The evidence for a workflow's particle cluster in one sentence, e.g. "cluster 1: minority (36%), more
     * fragmented, darker than background"; "" without a provenance.
     */
    static String evidenceSentence(JsonNode prov) {
        if (prov == null) {
            return "";
        }
        JsonNode pc = prov.get("particle_cluster");
        if (pc == null || !pc.isObject()) {
            return prov.path("parameters").has("particle_cluster_id")
                    ? "cluster " + prov.path("parameters").path("particle_cluster_id").asText() + ": as given" : "";
        }
        int id = pc.path("id").asInt();
        if (!"auto".equals(pc.path("chosen_by").asText())) {
            return "cluster " + id + ": set by the user";
        }
        JsonNode votes = pc.path("votes");
        JsonNode ev = pc.path("evidence").path(Integer.toString(id));
        List<String> parts = new ArrayList<>();
        List<String> against = new ArrayList<>();
        for (String v : new String[] {"minority", "fragmentation", "polarity"}) {
            if (!votes.has(v) || votes.path(v).asInt() < 0) {
                continue;
            }
            boolean forIt = votes.path(v).asInt() == id;
            String word = switch (v) {
                case "minority" -> "minority" + (forIt && ev.path("fraction").isNumber()
                        ? " (" + Math.round(100 * ev.path("fraction").asDouble()) + "%)" : "");
                case "fragmentation" -> "more fragmented";
                default -> ev.path("contrast_sd").isNumber()
                        ? (ev.path("contrast_sd").asDouble() < 0 ? "darker" : "brighter") + " than background"
                        : "polarity";
            };
            if (forIt) {
                parts.add(word);
            } else {
                against.add(v + " points to cluster " + votes.path(v).asInt());
            }
        }
        String s = "cluster " + id + ": " + (parts.isEmpty() ? "no vote for it, the smaller cluster by convention"
                : String.join(", ", parts));
        return against.isEmpty() ? s : s + " (" + String.join(", ", against) + ")";
    }

    /** One tomogram's page. {@code placeholder}: its header's voxel size when that is a placeholder, else null. */
    static String page(String title, Tomo t, String placeholder) {
        StringBuilder h = new StringBuilder(16384);
        String id = ReportHtml.esc(t.id);
        head(h, t.id + " - " + title);
        h.append("<p><a href=\"index.html\">&larr; all tomograms</a></p>\n<h1>").append(id).append("</h1>\n");
        if (placeholder != null) {
            h.append("<p class=\"note\" id=\"pixel-size\">Voxel size: the MRC header's ")
                    .append(ReportHtml.esc(placeholder)).append(" &Aring; is a placeholder and none was set; the"
                            + " exported Angstrom coordinates assume it.</p>\n");
        }
        if (t.consensus != null) {
            ReportHtml.consensus(h, t, "../", false);
        }
        List<Wf> ordered = ReportModel.ordered(t);
        boolean truth = ordered.stream().anyMatch(w -> w.eval != null);
        if (t.ranking != null) {
            h.append("<p class=\"note\">Workflows ranked without truth: score = consensus F1 &times; size consistency"
                    + " (rank 1 = best); match radius ").append(ReportHtml.num(t.ranking.get("match_radius_voxels"), 2))
                    .append(" voxels.</p>\n");
        }
        // ranking table: numbers only
        h.append("<h2>Ranking</h2>\n<div class=\"wrap\">\n<table id=\"ranking\">\n<tr><th>rank</th>"
                + "<th class=\"l\">workflow</th><th>particles</th><th>score</th><th>consensus F1</th><th>size CV</th>"
                + "<th>tiny</th><th>cluster</th><th>diameter (vox)</th><th>min voxels</th><th>max voxels</th>"
                + "<th>segment s</th><th>localize s</th>");
        if (truth) {
            h.append("<th>F1</th><th>precision</th><th>recall</th>");
        }
        h.append("</tr>\n");
        for (Wf w : ordered) {
            boolean top = w.rank != null && w.rank.path("rank").asInt() == 1;
            JsonNode ps = w.prov == null ? null : w.prov.path("particle_size");
            JsonNode pr = w.prov == null ? null : w.prov.path("parameters");
            h.append(top ? "<tr class=\"top\">" : "<tr>");
            h.append("<td>").append(w.rank == null ? "" : ReportHtml.num(w.rank.get("rank"), 0)).append("</td>")
                    .append("<td class=\"l\">").append(ReportHtml.esc(ReportHtml.abbrev(w.name))).append("</td>")
                    .append("<td>").append(ReportModel.count(w)).append("</td>")
                    .append("<td>").append(w.rank == null ? "" : ReportHtml.num(w.rank.get("score"), 3)).append("</td>")
                    .append("<td>").append(w.rank == null ? "" : ReportHtml.num(w.rank.get("consensus_f1"), 3))
                    .append("</td><td>").append(w.rank == null ? "" : ReportHtml.num(w.rank.get("size_cv"), 2))
                    .append("</td><td>").append(w.rank == null ? "" : ReportHtml.num(w.rank.get("tiny_fraction"), 2))
                    .append("</td><td>").append(w.prov == null ? "" : ReportHtml.esc(clusterWord(w.prov)))
                    .append("</td><td>").append(ps == null ? "" : ReportHtml.num(ps.get("diameter_vox"), 1))
                    .append("</td><td>").append(pr == null ? "" : ReportHtml.num(pr.get("min_voxels"), 0))
                    .append("</td><td>").append(pr == null ? "" : ReportHtml.num(pr.get("max_voxels"), 0))
                    .append("</td>");
            Workflow wf = w.workflow;
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
            h.append("<td class=\"t\">").append(segS).append("</td><td class=\"t\">")
                    .append(w.prov == null || !w.prov.path("timings").has("localize_s") ? ""
                            : Numbers.fixed(w.prov.path("timings").path("localize_s").asDouble(), 2)).append("</td>");
            if (truth) {
                JsonNode one = w.eval == null ? null : w.eval.path("one_to_one");
                h.append("<td>").append(one == null ? "" : ReportHtml.num(one.get("f1"), 3)).append("</td><td>")
                        .append(one == null ? "" : ReportHtml.num(one.get("precision"), 3)).append("</td><td>")
                        .append(one == null ? "" : ReportHtml.num(one.get("recall"), 3)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n</div>\n");
        // evidence sentences
        List<String> ev = new ArrayList<>();
        for (Wf w : ordered) {
            String s = evidenceSentence(w.prov);
            if (!s.isEmpty()) {
                ev.add("<li><b>" + ReportHtml.esc(ReportHtml.abbrev(w.name)) + "</b>: " + ReportHtml.esc(s) + "</li>");
            }
        }
        if (!ev.isEmpty()) {
            h.append("<h2>Which cluster is the particle</h2>\n<ul class=\"ev\">\n").append(String.join("\n", ev))
                    .append("\n</ul>\n");
        }
        plots(h, t, ordered);
        if (t.montage != null) {
            h.append("<h2>Montage</h2>\n<p><a href=\"").append(id).append("_montage.png\"><img class=\"montage\" src=\"")
                    .append(id).append("_montage.png\" alt=\"QC montage of ").append(id).append("\"></a></p>\n");
        }
        // full provenance, collapsed
        h.append("<details><summary>provenance of every workflow (particle cluster and size)</summary>\n");
        for (Wf w : ordered) {
            if (w.prov == null) {
                continue;
            }
            h.append("<p><b>").append(ReportHtml.esc(ReportHtml.abbrev(w.name))).append("</b></p>\n<pre>")
                    .append(ReportHtml.esc("particle_cluster: " + ReportHtml.compact(w.prov.get("particle_cluster"))
                            + "\nparticle_size: " + ReportHtml.compact(w.prov.get("particle_size"))))
                    .append("</pre>\n");
        }
        h.append("</details>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The plots of a tomogram's page: particles per workflow, instance sizes, agreement. */
    static void plots(StringBuilder h, Tomo t, List<Wf> ordered) {
        if (ordered.isEmpty()) {
            return;
        }
        h.append("<h2>Plots</h2>\n<div class=\"plots\">\n");
        List<String> labels = new ArrayList<>();
        double[] counts = new double[ordered.size()];
        for (int i = 0; i < ordered.size(); i++) {
            Wf w = ordered.get(i);
            labels.add(ReportHtml.abbrev(w.name));
            String c = ReportModel.count(w);
            counts[i] = c.isEmpty() ? Double.NaN : Double.parseDouble(c);
        }
        h.append(ReportSvg.bars("particles per workflow (ranked order)", labels, counts));
        Wf top = top(t);
        Wf sizes = top != null && top.points != null ? top
                : ordered.stream().filter(w -> w.points != null).findFirst().orElse(null);
        if (sizes != null && !sizes.points.isEmpty() && !Double.isNaN(sizes.points.get(0)[3])) {
            double[] v = new double[sizes.points.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = sizes.points.get(i)[3];
            }
            JsonNode pr = sizes.prov == null ? null : sizes.prov.path("parameters");
            double lo = pr != null && pr.path("min_voxels").isNumber() ? pr.path("min_voxels").asDouble() : Double.NaN;
            double hi = pr != null && pr.path("max_voxels").isNumber() ? pr.path("max_voxels").asDouble() : Double.NaN;
            h.append(ReportSvg.histogram("instance sizes of " + ReportHtml.abbrev(sizes.name) + " (red: size filter)",
                    v, BINS, lo, hi));
        }
        Agreement a = agreement(t);
        if (a != null) {
            List<String> names = new ArrayList<>();
            a.names().forEach(n -> names.add(ReportHtml.abbrev(n)));
            h.append(ReportSvg.heatMap("agreement: pairwise F1 between workflows", names, a.f1()));
        }
        if (t.consensusEval != null && t.consensusEval.path("curve").size() > 0) {
            h.append(ReportHtml.prCurve(t.consensusEval.get("curve"),
                    t.consensus == null ? 0.5 : t.consensus.at("/rule/min_confidence").asDouble(0.5)));
        }
        h.append("</div>\n");
    }
}
