package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.Geometry;
import org.picketnf.core.Volume;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;

/**
 * The montage of an analytic phantom (one dark ball in a 40^3 tomogram, its segmentation, one particle at its
 * centre) checked pixel by pixel where the answer is known, and the report built from it.
 */
class MontageReportTest {
    @TempDir
    Path dir;

    static final int N = 40;
    static final int C = 20;
    static final int R = 6;

    /** Tomogram: 1 outside, 0 inside the ball; segmentation: 1 inside. Plus the particle sets and a ranking. */
    Path phantom() throws IOException {
        Path d = Files.createDirectories(dir.resolve("in"));
        Volume t = Volume.zeros(N, N, N, Geometry.UNIT);
        Volume s = Volume.zeros(N, N, N, Geometry.UNIT);
        for (int z = 0; z < N; z++) {
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    boolean in = (x - C) * (x - C) + (y - C) * (y - C) + (z - C) * (z - C) <= R * R;
                    t.set(x, y, z, in ? 0f : 1f);
                    s.set(x, y, z, in ? 1f : 0f);
                }
            }
        }
        MrcWriter.write(d.resolve("ph.mrc"), t, MrcMode.FLOAT32);
        MrcWriter.write(d.resolve("ph_ffts_kmeans.mrc"), s, MrcMode.INT8);
        Files.writeString(d.resolve("ph_ffts_kmeans.json"), "{\"timings\": {\"read_s\": 0.5,"
                + " \"features_and_predict_s\": 1.25, \"write_s\": 0.25}}");
        // ball volume 4/3 pi 6^3 = 905 voxels: equivalent radius 6
        Files.writeString(d.resolve("ph_ffts_kmeans_watershed_segmentation.csv"), "x,y,z,voxels\n20,20,20,905\n");
        Files.writeString(d.resolve("ph_ffts_kmeans_connected_component_labeling.csv"),
                "x,y,z,voxels\n20,20,20,905\n");
        Files.writeString(d.resolve("ph_ffts_kmeans_watershed_segmentation.json"), "{\"method\":"
                + " \"watershed_segmentation\", \"counts\": {\"particles\": 1}, \"particle_cluster\": {\"id\": 1,"
                + " \"chosen_by\": \"auto\", \"evidence\": {\"contrast\": -3.5, \"note\": \"<darker>\"}},"
                + " \"timings\": {\"localize_s\": 0.125}}");
        Files.writeString(d.resolve("ph_ffts_kmeans_watershed_segmentation.eval.json"),
                "{\"one_to_one\": {\"f1\": 0.875, \"precision\": 1.0, \"recall\": 0.7777}}");
        assertEquals(0, ToolRun.of("rank", "--out-dir", d.toString(), "--match-radius", "3",
                d.resolve("ph_ffts_kmeans_watershed_segmentation.csv").toString(),
                d.resolve("ph_ffts_kmeans_connected_component_labeling.csv").toString()).rc());
        return d;
    }

    static int rgb(BufferedImage im, int x, int y) {
        return im.getRGB(x, y) & 0xffffff;
    }

    @Test
    void montageShowsTheBallTheOverlayAndTheCircleAndIsByteIdentical() throws IOException {
        Path d = phantom();
        Path png = dir.resolve("ph_montage.png");
        ToolRun r = ToolRun.of("montage", "--tomogram", d.resolve("ph.mrc").toString(), "--out", png.toString(),
                "--thick", "1", d.toString());
        assertEquals(0, r.rc(), r.err());
        BufferedImage im = ImageIO.read(png.toFile());
        // scale floor(240/40) = 6: panels 240 px; width = 3 panels + 2 gaps + 2 margins of 8
        assertEquals(3 * 240 + 4 * 8, im.getWidth());
        int pad = MontageRenderer.PAD;
        int titleH = BitmapFont.H * 2 + 6;
        int labelH = BitmapFont.H + 4;
        int row0 = pad + titleH + 2 * labelH; // top of the tomogram panels
        int row1 = row0 + 240 + pad + titleH; // top of the segmentation panels
        int cx = pad + (C * 6 + 3); // pixel centre of voxel x = 20 in the XY panel
        int cy = C * 6 + 3;
        // tomogram row: ball black (0 -> 1st percentile), background white
        assertEquals(0x000000, rgb(im, cx, row0 + cy));
        assertEquals(0xffffff, rgb(im, pad + 3, row0 + 3));
        // segmentation row: the ball tinted 40% magenta over black, the background left white
        int mag = MontageRenderer.OVERLAY_RGB;
        int expect = ((int) Math.round(0.4 * ((mag >> 16) & 255)) << 16)
                | ((int) Math.round(0.4 * ((mag >> 8) & 255)) << 8) | (int) Math.round(0.4 * (mag & 255));
        assertEquals(expect, rgb(im, cx, row1 + cy));
        assertEquals(0xffffff, rgb(im, pad + 3, row1 + 3));
        // the watershed particle's circle (radius 6 voxels = 36 px, drawn last) is yellow on the ball's rim
        int ring = 0;
        for (int dx = 30; dx <= 42; dx++) {
            if (rgb(im, cx + dx, row1 + cy) == MontageRenderer.WS_RGB) {
                ring++;
            }
        }
        assertTrue(ring > 0, "yellow circle crossing the x axis about 36 px right of the centre");
        // no circle far outside the ball
        assertEquals(0xffffff, rgb(im, cx + 60, row1 + cy));
        Path png2 = dir.resolve("again.png");
        assertEquals(0, ToolRun.of("montage", "--tomogram", d.resolve("ph.mrc").toString(), "--out",
                png2.toString(), "--thick", "1", d.toString()).rc());
        assertArrayEquals(Files.readAllBytes(png), Files.readAllBytes(png2));
    }

    /** The consensus set (one particle at the ball's centre, match radius 6) is drawn green on the tomogram row only. */
    @Test
    void montageDrawsTheConsensusOnTheTomogramRowAndTheReportLeadsWithIt() throws IOException {
        Path d = phantom();
        Path png = dir.resolve("plain.png");
        assertEquals(0, ToolRun.of("montage", "--tomogram", d.resolve("ph.mrc").toString(), "--out", png.toString(),
                "--thick", "1", d.toString()).rc());
        Files.writeString(d.resolve("ph_consensus.csv"), "x,y,z,confidence,support,sets,workflows\n"
                + "20.000,20.000,20.000,0.990,1.000,1,ffts_kmeans_watershed_segmentation\n");
        Files.writeString(d.resolve("ph_consensus.json"), "{\"tomogram\": \"ph\", \"method\": \"consensus\","
                + " \"rule\": {\"match_radius_vox\": 6.0, \"min_confidence\": 0.5}, \"sets\": [{\"name\": \"a\"}],"
                + " \"particles\": 1}");
        Path withC = dir.resolve("with.png");
        ToolRun r = ToolRun.of("montage", "--tomogram", d.resolve("ph.mrc").toString(), "--out", withC.toString(),
                "--thick", "1", d.toString());
        assertEquals(0, r.rc(), r.err());
        BufferedImage a = ImageIO.read(png.toFile());
        BufferedImage b = ImageIO.read(withC.toFile());
        int pad = MontageRenderer.PAD;
        int top = pad + BitmapFont.H * 2 + 6 + 2 * (BitmapFont.H + 4);
        int green = 0;
        int greenBelow = 0;
        for (int y = 0; y < b.getHeight(); y++) {
            for (int x = 0; x < b.getWidth(); x++) {
                if (rgb(b, x, y) == MontageRenderer.CONSENSUS_RGB) {
                    if (y < top + 240) {
                        green++;
                    } else {
                        greenBelow++;
                    }
                }
                if (y >= top && y < top + 240) {
                    assertTrue(rgb(a, x, y) != MontageRenderer.CONSENSUS_RGB);
                }
            }
        }
        // a circle of radius 6 voxels x 6 px in each of the three panels: at least the circumference, 2 px wide
        assertTrue(green > 3 * 2 * Math.PI * 30, "green pixels on the tomogram row: " + green);
        assertEquals(0, greenBelow);
        // the report: the consensus count in the overview, a curve when its evaluation has one
        Files.writeString(d.resolve("ph_consensus.eval.json"), "{\"one_to_one\": {\"f1\": 0.9, \"precision\": 1.0,"
                + " \"recall\": 0.8}, \"curve\": [{\"min_score\": 0.9, \"precision\": 1.0, \"recall\": 0.5},"
                + " {\"min_score\": 0.4, \"precision\": 0.8, \"recall\": 0.8}]}");
        Path html = dir.resolve("report.html");
        r = ToolRun.of("report", "--out", html.toString(), d.toString());
        assertEquals(0, r.rc(), r.err());
        // the overview: the answer is the consensus, its F1 against the truth
        String index = Files.readString(dir.resolve("report/index.html"));
        assertTrue(index.contains("<td class=\"l\" data-v=\"consensus\">consensus</td><td data-v=\"1\">1</td>"),
                index);
        assertTrue(index.contains("<th>F1</th>") && index.contains("<td data-v=\"0.900\">0.900</td>"), index);
        // the tomogram's page: the consensus paragraph and its curve
        String h = Files.readString(dir.resolve("report/ph.html"));
        assertTrue(h.contains("<b>Consensus: 1 particles</b>"), h);
        assertTrue(h.contains("F1 0.900 (precision 1.000, recall 0.800)"), h);
        assertTrue(h.contains("<a href=\"../ph/ph_consensus.csv\">"), h);
        // plot 246 x 176 px from (44, 10): recall 0.5 -> x 167, precision 1 -> y 10; recall 0.8 -> x 240.8, 0.8 -> y 45.2
        assertTrue(h.contains("points=\"167.0,10.0 240.8,45.2\""), h);
        assertTrue(h.contains("<circle cx=\"167.0\" cy=\"10.0\""), "the kept threshold (0.5) marks the 0.9 point");
        assertFalse(h.contains("http://") || h.contains("<script"));
    }

    @Test
    void montageBadInput() throws IOException {
        Path d = phantom();
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        MrcWriter.write(small.resolve("ph_gabor_gmm.mrc"), Volume.zeros(8, 8, 8, Geometry.UNIT), MrcMode.INT8);
        Path png = dir.resolve("bad.png");
        ToolRun r = ToolRun.of("montage", "--tomogram", d.resolve("ph.mrc").toString(), "--out", png.toString(),
                small.resolve("ph_gabor_gmm.mrc").toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("differs from the tomogram"), r.err());
        r = ToolRun.of("montage", "--tomogram", dir.resolve("nope.mrc").toString(), "--out", png.toString(),
                d.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("nope.mrc"), r.err());
        assertFalse(Files.exists(png));
    }

    @Test
    void reportIsSelfContainedAndCarriesEveryFigure() throws IOException {
        Path d = phantom();
        assertEquals(0, ToolRun.of("montage", "--tomogram", d.resolve("ph.mrc").toString(), "--out",
                d.resolve("ph_montage.png").toString(), d.toString()).rc());
        Path html = dir.resolve("report.html");
        ToolRun r = ToolRun.of("report", "--out", html.toString(), d.toString());
        assertEquals(0, r.rc(), r.err());
        String h = Files.readString(dir.resolve("report/ph.html"));
        // the montage is a file next to the page, linked, not embedded
        assertArrayEquals(Files.readAllBytes(d.resolve("ph_montage.png")),
                Files.readAllBytes(dir.resolve("report/ph_montage.png")));
        assertTrue(h.contains("src=\"ph_montage.png\""), h);
        assertFalse(h.contains("base64") || h.contains("data:"));
        assertFalse(h.contains("http://") || h.contains("https://") || h.contains("<script")
                || h.contains("<link"), "no network, no script");
        assertFalse(h.contains(dir.toString()), "no absolute paths");
        // F1, the cluster's evidence (escaped), timings: segment 0.5 + 1.25 + 0.25 s, localize 0.125 s
        assertTrue(h.contains("<td>0.875</td>"), h);
        assertTrue(h.contains("contrast: -3.5; note: &lt;darker&gt;"), h);
        assertTrue(h.contains("<td class=\"t\">2.00</td><td class=\"t\">0.13</td>"), h);
        Path again = Files.createDirectories(dir.resolve("again"));
        assertEquals(0, ToolRun.of("report", "--out", again.resolve("report.html").toString(), d.toString()).rc());
        assertArrayEquals(Files.readAllBytes(html), Files.readAllBytes(again.resolve("report.html")));
        for (String f : new String[] {"index.html", "ph.html", "ph_thumb.png"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("report").resolve(f)),
                    Files.readAllBytes(again.resolve("report").resolve(f)), f);
        }
        ToolRun bad = ToolRun.of("report", "--out", dir.resolve("x.html").toString(), dir.resolve("none").toString());
        assertEquals(2, bad.rc());
        assertTrue(bad.oneErrorLine() && bad.err().contains("no such file"), bad.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        bad = ToolRun.of("report", "--out", dir.resolve("x.html").toString(), empty.toString());
        assertEquals(2, bad.rc());
        assertTrue(bad.oneErrorLine() && bad.err().contains("nothing to report"), bad.err());
        assertFalse(Files.exists(dir.resolve("x.html")));
    }

    @Test
    void reportEndsWithTheSoftwareVersionsOnlyWhenGiven() throws IOException {
        Path d = phantom();
        Path plain = dir.resolve("plain.html");
        assertEquals(0, ToolRun.of("report", "--out", plain.toString(), d.toString()).rc());
        String without = Files.readString(plain);
        assertFalse(without.contains("Software versions") || without.contains("software-versions"), without);
        Path yml = Files.writeString(dir.resolve("picket_software_versions.yml"), """
                PREPROCESS:
                  picket-features: 0.1.0
                LOCALIZE:
                  picket-localize: 0.1.0
                Workflow:
                  Nextflow: 24.10.0
                  Java: 17.0.15
                  picket-nf: <0.1.0>
                """);
        Path html = dir.resolve("versions.html");
        ToolRun r = ToolRun.of("report", "--out", html.toString(), "--versions", yml.toString(), d.toString());
        assertEquals(0, r.rc(), r.err());
        String with = Files.readString(html);
        String table = "<h2 id=\"software-versions\">Software versions</h2>\n<table>\n"
                + "<tr><th class=\"l\">process</th><th class=\"l\">tool</th><th class=\"l\">version</th></tr>\n"
                + row("LOCALIZE", "picket-localize", "0.1.0") + row("PREPROCESS", "picket-features", "0.1.0")
                + row("Workflow", "Java", "17.0.15") + row("Workflow", "Nextflow", "24.10.0")
                + row("Workflow", "picket-nf", "&lt;0.1.0&gt;") + "</table>\n";
        // the page without --versions, the section inserted at its end: nothing else differs
        assertEquals(without.replace("</body>\n</html>\n", table + "</body>\n</html>\n"), with);
        // a bad versions file: one line naming it, exit 2, no page
        Files.writeString(yml, "Workflow:\n  Nextflow: 24.10.0\n    Java: 17\n");
        Path bad = dir.resolve("bad.html");
        r = ToolRun.of("report", "--out", bad.toString(), "--versions", yml.toString(), d.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("--versions " + yml + ": line 3: indented by 4 spaces"),
                r.err());
        r = ToolRun.of("report", "--out", bad.toString(), "--versions", dir.resolve("none.yml").toString(),
                d.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("none.yml: no such file"), r.err());
        assertFalse(Files.exists(bad));
    }

    @Test
    void reportLeadsWithTheFailedTomogramsOnlyWhenGiven() throws IOException {
        Path d = phantom();
        Path plain = dir.resolve("plain.html");
        assertEquals(0, ToolRun.of("report", "--out", plain.toString(), d.toString()).rc());
        String without = Files.readString(plain);
        Path tsv = Files.writeString(dir.resolve("picket_failures.tsv"),
                "nan\tPREPROCESS\tpicket-features: nan.mrc: input volume contains 1 non-finite values\n\n"
                        + "flat\tPREPROCESS\tpicket-features: flat.mrc: constant <volume>\n");
        Path html = dir.resolve("failed.html");
        ToolRun r = ToolRun.of("report", "--out", html.toString(), "--failures", tsv.toString(), d.toString());
        assertEquals(0, r.rc(), r.err());
        String section = "<h2 id=\"failed\">Failed: 2 tomograms</h2>\n";
        String with = Files.readString(html);
        int at = with.indexOf(section);
        assertTrue(at > 0 && at < with.indexOf("<h2", with.indexOf("<h1")) + 1, with);
        assertTrue(with.contains("<tr><td class=\"l\">nan</td><td class=\"l\">PREPROCESS</td><td class=\"l\">"
                + "picket-features: nan.mrc: input volume contains 1 non-finite values</td></tr>"), with);
        assertTrue(with.contains("constant &lt;volume&gt;"), with);
        // only the section is added
        int end = with.indexOf("</table>\n", at) + "</table>\n".length();
        assertEquals(dropLead(without), dropLead(with.substring(0, at) + with.substring(end)));
        assertTrue(with.contains("3 tomograms (2 failed, 1 "), with);
        assertTrue(with.contains("before the failure); every other tomogram ran to the end.</p>"), with);
        // every tomogram failed: a page with the failures alone, which says that none ran to the end
        Path empty = Files.createDirectories(dir.resolve("empty"));
        r = ToolRun.of("report", "--out", dir.resolve("only.html").toString(), "--failures", tsv.toString(),
                empty.toString());
        assertEquals(0, r.rc(), r.err());
        String only = Files.readString(dir.resolve("only.html"));
        assertTrue(only.contains("before the failure); no tomogram ran to the end.</p>"), only);
        // the tomogram on the page (ph) failed late too (EXPORT): none ran to the end either
        Path late = Files.writeString(dir.resolve("late.tsv"), "ph\tEXPORT\tno space left\nnan\tPREPROCESS\tbad\n");
        r = ToolRun.of("report", "--out", dir.resolve("late.html").toString(), "--failures", late.toString(),
                d.toString());
        assertEquals(0, r.rc(), r.err());
        String lateHtml = Files.readString(dir.resolve("late.html"));
        assertTrue(lateHtml.contains("<h2 id=\"failed\">Failed: 2 tomograms</h2>\n<p>These tomograms have no results"
                + " (or only those of the steps before the failure); no tomogram ran to the end.</p>"), lateHtml);
        // a malformed line: one line naming the file, exit 2, no page
        Files.writeString(tsv, "nan PREPROCESS no tabs\n");
        r = ToolRun.of("report", "--out", dir.resolve("bad.html").toString(), "--failures", tsv.toString(),
                d.toString());
        assertEquals(2, r.rc());
        assertTrue(r.oneErrorLine() && r.err().contains("--failures " + tsv + ": line 1"), r.err());
        assertFalse(Files.exists(dir.resolve("bad.html")));
    }

    /** The page without its lead paragraph (the link to the index and the counts of tomograms). */
    private static String dropLead(String page) {
        return page.replaceAll("<p class=\"lead\">[^\n]*</p>\n", "");
    }

    private static String row(String process, String tool, String version) {
        return "<tr><td class=\"l\">" + process + "</td><td class=\"l\">" + tool + "</td><td class=\"l\">"
                + version + "</td></tr>\n";
    }

    @Test
    void fontCoversPrintableAsciiAndBoxesTheRest() {
        for (char c = 32; c < 127; c++) {
            assertTrue(BitmapFont.has(c), "glyph for '" + c + "'");
        }
        assertFalse(BitmapFont.has('\u00e9'));
        BufferedImage im = new BufferedImage(20, 12, BufferedImage.TYPE_INT_RGB);
        BitmapFont.draw(im, "\u00e9", 0, 0, 1, 0xffffff);
        // the hollow box: corners and edges inked, inside empty
        assertEquals(0xffffff, rgb(im, 0, 0));
        assertEquals(0xffffff, rgb(im, 4, 6));
        assertEquals(0, rgb(im, 2, 3));
        assertEquals(5 * 6 - 1, BitmapFont.width("hello", 1));
    }
}
