package org.picketnf.core.export;

import java.util.List;

import org.picketnf.core.io.Numbers;
import org.picketnf.core.s2.Particle;

/**
 * A Dynamo table ({@code .tbl}): plain text, one particle per line, 35 space-separated columns with the meanings of
 * Dynamo's table convention ({@code dthelp}; wiki page "Table convention", also teamtomo/dynamotable
 * {@code dynamotable/convention.py}):
 * 1 tag, 2 aligned, 3 averaged, 4-6 dx dy dz (shifts, pixels), 7-9 tdrot tilt narot (degrees), 10 cc, 11 cc2,
 * 12 cpu, 13 ftype, 14-17 ymintilt ymaxtilt xmintilt xmaxtilt, 18-19 fs1 fs2, 20 tomo (tomogram number), 21 reg,
 * 22 class, 23 annotation, 24-26 x y z (coordinates in the tomogram, pixels), 27 dshift, 28 daxis, 29 dnarot,
 * 30 dcc, 31 otag, 32 npar, 33 (unused), 34 ref, 35 sref.
 *
 * <p>Dynamo counts pixels from 1 (wiki page "Volume center": "Dynamo uses the convention of counting pixels with the
 * index 1, (not 0). The pixel on the corner ... is V[1,1,1]"), so x, y, z = 0-based output pixel + 1: voxel 10 at
 * binning 4 is written 41. (copick's Dynamo reader, {@code copick/util/formats.py}, takes them as 0-based; the
 * documentation of Dynamo itself is followed here.) Written: tag = 1..n, aligned = averaged = 1, no shifts or
 * angles, cc = the score (0 without scores), ftype 0 (full range, no wedge: picket-nf does not know the tilt
 * range), tomo = the given tomogram number, class 1, otag = tag; everything else 0.
 */
public final class DynamoExport {
    /** Number of columns written. */
    public static final int COLUMNS = 35;

    private DynamoExport() {
    }

    /** The table of {@code ps}; {@code tomo} is column 20 (Dynamo's index of the tomogram in its catalogue, >= 1). */
    public static String table(List<Particle> ps, double[] scores, ExportGeometry g, int tomo) {
        StarExports.checkScores(ps, scores);
        if (tomo < 1) {
            throw new IllegalArgumentException("Dynamo tomogram number must be >= 1, got " + tomo);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ps.size(); i++) {
            Particle p = ps.get(i);
            String[] col = new String[COLUMNS + 1];
            java.util.Arrays.fill(col, "0");
            col[1] = Integer.toString(i + 1);
            col[2] = "1";
            col[3] = "1";
            col[10] = scores == null ? "0" : Numbers.fixed(scores[i], StarExports.SCORE_DECIMALS);
            col[20] = Integer.toString(tomo);
            col[22] = "1";
            col[24] = Numbers.fixed3(g.toOutput(p.x()) + 1);
            col[25] = Numbers.fixed3(g.toOutput(p.y()) + 1);
            col[26] = Numbers.fixed3(g.toOutput(p.z()) + 1);
            col[31] = col[1];
            for (int c = 1; c <= COLUMNS; c++) {
                sb.append(col[c]).append(c < COLUMNS ? ' ' : '\n');
            }
        }
        return sb.toString();
    }
}
