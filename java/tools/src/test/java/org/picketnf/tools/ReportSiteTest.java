package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.tools.ReportModel.Tomo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 15: the report as a folder of pages. Index rows and their quality flags from hand-made inputs, the SVG
 * plots counted, relative pictures (no base64), natural order, and the same bytes from the same inputs.
 */
class ReportSiteTest {
    @TempDir
    Path dir;

    static final ObjectMapper M = new ObjectMapper();
    static final String[] WFS = {"ffts_kmeans_watershed_segmentation", "ffts_kmeans_connected_component_labeling",
        "ffts_gmm_watershed_segmentation", "ffts_gmm_connected_component_labeling",
        "gabor_kmeans_watershed_segmentation", "gabor_kmeans_connected_component_labeling",
        "gabor_gmm_watershed_segmentation", "gabor_gmm_connected_component_labeling",
        "intensities_kmeans_watershed_segmentation", "intensities_kmeans_connected_component_labeling",
        "intensities_gmm_watershed_segmentation", "intensities_gmm_connected_component_labeling"};

    static JsonNode json(String s) throws IOException {
        return M.readTree(s);
    }

    /** A provenance with diameter {@code d} voxels, voxel size 8 A, cluster 1 chosen automatically as a minority. */
    static String prov(int particles, double d) {
        return "{\"method\": \"watershed_segmentation\", \"counts\": {\"particles\": " + particles + "},"
                + " \"parameters\": {\"particle_cluster_id\": 1, \"min_voxels\": 100, \"max_voxels\": 900},"
                + " \"particle_cluster\": {\"id\": 1, \"chosen_by\": \"auto\", \"votes\": {\"minority\": 1,"
                + " \"fragmentation\": 1, \"polarity\": 1}, \"evidence\": {\"0\": {\"fraction\": 0.64,"
                + " \"contrast_sd\": 0.4}, \"1\": {\"fraction\": 0.36, \"contrast_sd\": -0.9}}},"
                + " \"particle_size\": {\"diameter_vox\": " + d + "}, \"voxel_size_xyz\": [8.0, 8.0, 8.0]}";
    }

    /** A tomogram with {@code n} workflows of the given point sets and a ranking in the given order. */
    static Tomo tomo(String id, List<List<double[]>> sets, String consensus) throws IOException {
        Tomo t = new Tomo(id);
        StringBuilder rk = new StringBuilder("{\"id\": \"" + id + "\", \"match_radius_voxels\": 3.0, \"workflows\": [");
        for (int i = 0; i < sets.size(); i++) {
            ReportModel.Wf w = new ReportModel.Wf(WFS[i]);
            w.points = sets.get(i);
            w.csvCount = w.points.size();
            w.prov = json(prov(w.points.size(), 12.5));
            t.wfs.put(WFS[i], w);
            rk.append(i > 0 ? ", " : "").append("{\"rank\": ").append(i + 1).append(", \"workflow\": \"")
                    .append(WFS[i]).append("\", \"score\": 0.5}");
        }
        t.ranking = json(rk.append("]}").toString());
        for (JsonNode r : t.ranking.path("workflows")) {
            t.wfs.get(r.path("workflow").asText()).rank = r;
        }
        if (consensus != null) {
            t.consensus = json(consensus);
        }
        return t;
    }

    static List<double[]> grid(int n, double offset) {
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add(new double[] {10 * i + offset, 10, 10, 200 + 10 * i});
        }
        return p;
    }

    @Test
    void rowsCarryTheAnswerAndTheQualityInWords() throws IOException {
        // agreeing: 12 copies of 20 particles; consensus of 20 with F1 0.8 against the truth
        List<List<double[]>> same = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            same.add(grid(20, 0));
        }
        Tomo ok = tomo("ok", same, "{\"particles\": 20}");
        ok.consensusEval = json("{\"one_to_one\": {\"f1\": 0.8, \"precision\": 0.75, \"recall\": 0.857}}");
        ReportSite.Row r = ReportSite.row(ok, null, false, true);
        assertEquals("consensus", r.answer());
        assertEquals(20, r.particles());
        assertEquals(12.5, r.diameterVox(), 1e-12);
        assertEquals(100.0, r.diameterA(), 1e-9);   // 12.5 voxels x 8 A
        assertEquals("1 (auto)", r.cluster());
        assertEquals("ok", r.quality());
        assertEquals(0.8, r.f1(), 1e-12);
        assertEquals(0.75, r.precision(), 1e-12);
        // a placeholder voxel size: no Angstrom
        ReportSite.Row ph = ReportSite.row(ok, null, true, true);
        assertNull(ph.diameterA());
        String phIndex = ReportSite.index("t", List.of(ph), null);
        assertTrue(phIndex.contains(">?</span></td>") && phIndex.contains("Diameter in &Aring; \"?\""), phIndex);
        assertFalse(ReportSite.index("t", List.of(r), null).contains(">?</span>"));

        // the top set (first) shares nothing with the others (all 5 voxels off): mean F1 0 -> "workflows disagree";
        // no consensus: the answer is the top-ranked set, 7 particles -> "few particles"
        List<List<double[]>> apart = new ArrayList<>();
        apart.add(grid(7, 5));
        for (int i = 1; i < 12; i++) {
            apart.add(grid(7, 0));
        }
        Tomo bad = tomo("bad", apart, null);
        ReportSite.Row b = ReportSite.row(bad, null, false, false);
        assertEquals("ffts kmeans WS", b.answer());
        assertEquals(7, b.particles());
        assertEquals("few particles; workflows disagree", b.quality());
        assertNull(b.f1());
        assertEquals(0.0, ReportSite.meanAgreement(bad, bad.wfs.get(WFS[0])), 1e-12);
        assertEquals(10.0 / 11, ReportSite.meanAgreement(bad, bad.wfs.get(WFS[1])), 1e-12);

        // no ranking; and a failure recorded for a tomogram with results
        Tomo none = new Tomo("none");
        ReportModel.Wf w = new ReportModel.Wf(WFS[0]);
        w.csvCount = 30;
        none.wfs.put(WFS[0], w);
        assertEquals("no ranking", ReportSite.row(none, null, false, false).quality());
        assertEquals("failed: EXPORT: cannot write; no ranking",
                ReportSite.row(none, "failed: EXPORT: cannot write", false, false).quality());

        // rows: natural order, a tomogram that failed before any result gets its row too
        Map<String, Tomo> tomos = new java.util.TreeMap<>(NaturalOrder.INSTANCE);
        for (String id : new String[] {"tomo10", "tomo2", "tomo1"}) {
            tomos.put(id, tomo(id, same, "{\"particles\": 20}"));
        }
        List<String[]> failures = new ArrayList<>();
        failures.add(new String[] {"tomo3", "PREPROCESS", "NaN in tomogram"});
        List<ReportSite.Row> rows = ReportSite.rows(tomos, failures, Map.of(), Map.of());
        assertEquals(List.of("tomo1", "tomo2", "tomo3", "tomo10"), rows.stream().map(ReportSite.Row::id).toList());
        assertEquals("failed: PREPROCESS: NaN in tomogram", rows.get(2).quality());
        assertFalse(rows.get(2).page());
        // the index has no F1 columns without truth, and a link per tomogram with a page
        String index = ReportSite.index("t", rows, "../report.html");
        assertFalse(index.contains("<th>F1</th>"));
        assertTrue(index.contains("<a href=\"tomo10.html\">tomo10</a>"));
        assertFalse(index.contains("tomo3.html"));
        assertTrue(index.indexOf(">tomo2<") < index.indexOf(">tomo10<"));
    }

    @Test
    void evidenceInOneSentence() throws IOException {
        assertEquals("cluster 1: minority (36%), more fragmented, darker than background",
                ReportSite.evidenceSentence(json(prov(3, 9))));
        JsonNode split = json("{\"particle_cluster\": {\"id\": 0, \"chosen_by\": \"auto\", \"votes\": {\"minority\":"
                + " 1, \"fragmentation\": 0, \"polarity\": 0}, \"evidence\": {\"0\": {\"fraction\": 0.7,"
                + " \"contrast_sd\": 0.5}, \"1\": {\"fraction\": 0.3}}}}");
        assertEquals("cluster 0: more fragmented, brighter than background (minority points to cluster 1)",
                ReportSite.evidenceSentence(split));
        assertEquals("cluster 2: set by the user", ReportSite.evidenceSentence(json("{\"particle_cluster\":"
                + " {\"id\": 2, \"chosen_by\": \"user\"}}")));
    }

    static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void svgPlotsHaveOneShapePerDatum() throws IOException {
        // heat map: 12 workflows -> 144 cells; 6 identical sets and 6 shifted ones: F1 1 within a group, 0 across
        List<List<double[]>> sets = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sets.add(grid(15, i < 6 ? 0 : 5));
        }
        Tomo t = tomo("h", sets, null);
        ReportSite.Agreement a = ReportSite.agreement(t);
        assertEquals(12, a.names().size());
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                assertEquals((i < 6) == (j < 6) ? 1.0 : 0.0, a.f1()[i][j], 1e-12, i + "," + j);
            }
        }
        String page = ReportSite.page("r", t, null);
        assertEquals(144, count(page, "<rect class=\"cell\""));
        assertEquals(12, count(page, "<rect class=\"bar\""));
        assertEquals(ReportSite.BINS, count(page, "<rect class=\"bin\""));
        assertEquals(2, count(page, "<line class=\"bound\""));   // min_voxels 100, max_voxels 900
        assertTrue(page.contains("<td class=\"l\">ffts kmeans WS</td>"));
        assertTrue(page.contains("<b>ffts kmeans WS</b>: cluster 1: minority (36%), more fragmented, darker than"
                + " background"));
        assertTrue(page.contains("<details><summary>provenance"));

        // histogram: values 1..10 in 5 bins over 0..10.5 (top = 10 x 1.05): bins of 2.1 -> 2, 2, 2, 2, 2 values
        String h = ReportSvg.histogram("x", new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, Double.NaN, Double.NaN);
        assertEquals(5, count(h, "<rect class=\"bin\""));
        assertEquals(5, count(h, " voxels: 2</title>"));
        assertEquals(0, count(h, "class=\"bound\""));
        // bars: the largest value spans the plot (440 - 150 - 50 = 240 px), half of it 120 px
        String bars = ReportSvg.bars("b", List.of("a", "b", "c"), new double[] {10, 5, Double.NaN});
        assertEquals(2, count(bars, "<rect class=\"bar\""));
        assertTrue(bars.contains("width=\"240.0\"") && bars.contains("width=\"120.0\""), bars);
        assertTrue(bars.contains(">n/a</text>"));
    }

    /** Two tomograms tomo2 and tomo10 of 12 workflows each, with a montage, staged flat as the pipeline does. */
    Path inputs() throws IOException {
        Path d = Files.createDirectories(dir.resolve("in"));
        BufferedImage im = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                im.setRGB(x, y, (x * 7 + y * 3) & 0xff);
            }
        }
        for (String id : new String[] {"tomo10", "tomo2"}) {
            for (int i = 0; i < 12; i++) {
                StringBuilder csv = new StringBuilder("x,y,z,voxels\n");
                for (int k = 0; k < 12 + i; k++) {
                    csv.append(10 * k).append(",20,30,").append(300 + k).append('\n');
                }
                Files.writeString(d.resolve(id + "_" + WFS[i] + ".csv"), csv);
                Files.writeString(d.resolve(id + "_" + WFS[i] + ".json"), prov(12 + i, 10));
            }
            ImageIO.write(im, "png", d.resolve(id + "_montage.png").toFile());
        }
        return d;
    }

    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void theCommandWritesPagesWithPicturesAsFilesAndTheSameBytesTwice() throws IOException {
        Path d = inputs();
        Path a = Files.createDirectories(dir.resolve("a"));
        ToolRun r = ToolRun.of("report", "--out", a.resolve("report.html").toString(), d.toString());
        assertEquals(0, r.rc(), r.err());
        Path site = a.resolve("report");
        for (String f : new String[] {"index.html", "tomo2.html", "tomo10.html", "tomo2_montage.png",
            "tomo2_thumb.png", "tomo10_montage.png", "tomo10_thumb.png"}) {
            assertTrue(Files.isRegularFile(site.resolve(f)), f);
        }
        // the thumbnail: the montage's top 0.45 x 300 = 135 rows, scaled to 120 px wide -> 54 rows
        BufferedImage th = ImageIO.read(site.resolve("tomo2_thumb.png").toFile());
        assertEquals(ReportSite.THUMB_W, th.getWidth());
        assertEquals(54, th.getHeight());
        assertArrayEquals(Files.readAllBytes(d.resolve("tomo2_montage.png")),
                Files.readAllBytes(site.resolve("tomo2_montage.png")));
        String index = Files.readString(site.resolve("index.html"));
        assertTrue(index.indexOf("tomo2.html") < index.indexOf("tomo10.html"), "natural order");
        assertTrue(Files.readString(a.resolve("report.html")).contains("<a href=\"report/index.html\">"));
        // every picture and link of the pages is a file next to them; no base64, no network, no absolute path
        Pattern ref = Pattern.compile("(?:src|href)=\"([^\"#]+)\"");
        for (Path f : files(a)) {
            if (!f.toString().endsWith(".html")) {
                continue;
            }
            String h = Files.readString(f);
            assertFalse(h.contains("base64") || h.contains("data:"), f.toString());
            assertFalse(h.contains("http://") || h.contains("https://") || h.contains(dir.toString()), f.toString());
            Matcher m = ref.matcher(h);
            while (m.find()) {
                assertTrue(Files.isRegularFile(f.getParent().resolve(m.group(1))), f + " -> " + m.group(1));
            }
        }
        // same inputs, same bytes
        Path b = Files.createDirectories(dir.resolve("b"));
        assertEquals(0, ToolRun.of("report", "--out", b.resolve("report.html").toString(), d.toString()).rc());
        List<Path> fa = files(a);
        List<Path> fb = files(b);
        assertEquals(fa.size(), fb.size());
        for (int i = 0; i < fa.size(); i++) {
            assertEquals(a.relativize(fa.get(i)), b.relativize(fb.get(i)));
            assertArrayEquals(Files.readAllBytes(fa.get(i)), Files.readAllBytes(fb.get(i)), fa.get(i).toString());
        }
    }

    @Test
    void aBadMontageIsOneLineNamingItExit2() throws IOException {
        Path d = inputs();
        Files.writeString(d.resolve("tomo2_montage.png"), "not a picture");
        ToolRun r = ToolRun.of("report", "--out", dir.resolve("x.html").toString(), d.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("tomo2_montage.png"), r.err());
        assertFalse(Files.exists(dir.resolve("x.html")));
    }
}
