package org.picketnf.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.picketnf.core.BadInputException;

/**
 * picket-localize's particle CSV {@code x,y,z,voxels}: rows {x, y, z, voxels}; voxels is NaN when the file has no
 * {@code voxels} column (then it is a plain point list, read like {@link PointSets#csv}).
 */
final class ParticleCsv {
    private ParticleCsv() {
    }

    static List<double[]> read(Path file) {
        List<String> lines = PointSets.lines(file);
        List<double[]> xyz = PointSets.csv(file, lines);
        int h = 0;
        while (lines.get(h).isBlank()) {
            h++;
        }
        String[] head = lines.get(h).split(",", -1);
        int vc = -1;
        for (int c = 0; c < head.length; c++) {
            if (head[c].strip().toLowerCase(Locale.ROOT).equals("voxels")) {
                vc = c;
            }
        }
        List<double[]> out = new ArrayList<>(xyz.size());
        int k = 0;
        for (int i = h + 1; i < lines.size(); i++) {
            String s = lines.get(i);
            if (s.isBlank()) {
                continue;
            }
            double[] p = xyz.get(k++);
            double v = Double.NaN;
            if (vc >= 0) {
                String t = s.split(",", -1)[vc].strip();
                try {
                    v = Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new BadInputException(file + ": line " + (i + 1) + ": voxels '" + t + "' is not a number");
                }
                if (!(v >= 0) || !Double.isFinite(v)) {
                    throw new BadInputException(file + ": line " + (i + 1) + ": voxels '" + t
                            + "' is not a count >= 0");
                }
            }
            out.add(new double[] {p[0], p[1], p[2], v});
        }
        return out;
    }

    /**
     * The values of the named column of a CSV with a header (x,y,z files), or null when the file has no such column.
     * The header names are matched without case and without surrounding double quotes, and a value may be quoted
     * ({@code "0.5"}); a row without the column, or a value that is not a finite number, is bad input naming the file
     * and line. Serves evaluate's --score-column/--keep-column/radius_vox and export's CSV scores
     * ({@link ScoreColumn}).
     */
    static double[] column(Path file, String name) {
        return column(file, PointSets.lines(file), name);
    }

    /** {@link #column(Path, String)} of lines already read from {@code file}. */
    static double[] column(Path file, List<String> lines, String name) {
        int h = 0;
        while (h < lines.size() && lines.get(h).isBlank()) {
            h++;
        }
        if (h == lines.size()) {
            return null;
        }
        String[] head = lines.get(h).split(",", -1);
        String want = name.toLowerCase(Locale.ROOT);
        int col = -1;
        for (int c = 0; c < head.length; c++) {
            if (PointSets.unquote(head[c]).toLowerCase(Locale.ROOT).equals(want)) {
                col = c;
            }
        }
        if (col < 0) {
            return null;
        }
        List<Double> v = new ArrayList<>();
        for (int i = h + 1; i < lines.size(); i++) {
            String s = lines.get(i);
            if (s.isBlank()) {
                continue;
            }
            String[] f = s.split(",", -1);
            if (f.length <= col) {
                throw new BadInputException(file + ": line " + (i + 1) + ": no value in column " + name);
            }
            String t = PointSets.unquote(f[col]);
            try {
                double d = Double.parseDouble(t);
                if (Double.isFinite(d)) {
                    v.add(d);
                    continue;
                }
            } catch (NumberFormatException ignored) {
                // below
            }
            throw new BadInputException(file + ": line " + (i + 1) + ": " + name + " '" + f[col].strip()
                    + "' is not a finite number");
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
