package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a header voxel size of 0 or 1 A with none set is noted in report.html and the tomogram's page (as in the log and the exported
 * STAR/provenance), for the tomograms the pipeline names with --pixel-size-placeholder, and only for them.
 */
class ReportPixelSizeTest {
    @TempDir
    Path dir;

    private Path twoTomograms() throws IOException {
        Path d = Files.createDirectories(dir.resolve("in"));
        for (String id : new String[] {"t1", "t2"}) {
            Files.writeString(d.resolve(id + "_intensities_kmeans_watershed_segmentation.csv"),
                    "x,y,z,voxels\n1,2,3,40\n5,6,7,50\n");
        }
        return d;
    }

    @Test
    void placeholderTomogramsAreNotedOnTopAndInTheirSectionOnly() throws IOException {
        Path d = twoTomograms();
        Path plain = dir.resolve("plain.html");
        ToolRun r = ToolRun.of("report", "--out", plain.toString(), d.toString());
        assertEquals(0, r.rc(), r.err());
        String without = Files.readString(plain);
        assertFalse(without.contains("Voxel size") || without.contains("placeholder"), without);

        Path html = dir.resolve("report.html");
        r = ToolRun.of("report", "--out", html.toString(), "--pixel-size-placeholder", "t2=1", d.toString());
        assertEquals(0, r.rc(), r.err());
        String with = Files.readString(html);
        String top = "<p class=\"note\" id=\"pixel-size\"><b>Voxel size:</b> the MRC header gives no real voxel size"
                + " for t2 (1 &Aring;) and none was set (--pixel_size_A or the samplesheet's pixel_size_A column):"
                + " the exported Angstrom coordinates (&lt;id&gt;/export/: RELION 5, copick) assume it and say it is a"
                + " placeholder. Coordinates in voxels are not affected.</p>\n";
        String section = "<p class=\"note\" id=\"pixel-size\">Voxel size: the MRC header's 1 &Aring; is a"
                + " placeholder and none was set; the exported Angstrom coordinates assume it.</p>\n";
        assertTrue(with.contains(top + "<p class=\"note\">Made by"), with);
        assertTrue(Files.readString(dir.resolve("report/t2.html")).contains("</h1>\n" + section));
        assertFalse(Files.readString(dir.resolve("report/t1.html")).contains("Voxel size"));
        // the summary is the plain one with exactly that paragraph added
        assertEquals(without, with.replace(top, ""));

        // both, given in any order, listed by id; 0 as given
        Path both = dir.resolve("both.html");
        assertEquals(0, ToolRun.of("report", "--out", both.toString(), "--pixel-size-placeholder", "t2=1, t1=0.0",
                d.toString()).rc());
        assertTrue(Files.readString(both).contains("voxel size for t1 (0.0 &Aring;), t2 (1 &Aring;) and none"));
        Path again = dir.resolve("again.html");
        assertEquals(0, ToolRun.of("report", "--out", again.toString(), "--pixel-size-placeholder", "t1=0.0,t2=1",
                d.toString()).rc());
        assertArrayEquals(Files.readAllBytes(both), Files.readAllBytes(again));
    }

    @Test
    void aMalformedEntryIsOneLineExit2AndNoPage() throws IOException {
        Path d = twoTomograms();
        Path html = dir.resolve("bad.html");
        for (String[] c : new String[][] {{"t1", "'t1' is not ID=A"}, {"=1", "'=1' is not ID=A"},
            {"t1=one", "'t1=one': 'one' is not a number"}}) {
            ToolRun r = ToolRun.of("report", "--out", html.toString(), "--pixel-size-placeholder", c[0], d.toString());
            assertEquals(2, r.rc(), r.err());
            assertTrue(r.oneErrorLine() && r.err().contains("--pixel-size-placeholder: " + c[1]), r.err());
            assertFalse(Files.exists(html));
        }
    }
}
