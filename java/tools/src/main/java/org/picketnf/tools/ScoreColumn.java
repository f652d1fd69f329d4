package org.picketnf.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.picketnf.core.BadInputException;
import org.picketnf.core.io.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The score column of a particle file, row for row with {@link PointSets#read}: a CSV column (default
 * {@code score}, else {@code confidence} as picket-tools consensus writes it; read by {@link ParticleCsv#column}, so
 * evaluate and export match a CSV column the same way), a STAR loop column (default {@code _rlnAutopickFigureOfMerit}, in the loop {@link PointSets} reads),
 * an ndjson field (default {@code score}). PickET's YAML has none. A default column that is absent means "no scores"
 * (null); a column asked for by name that is absent is bad input naming the file.
 */
final class ScoreColumn {
    static final String CSV_DEFAULT = "score";
    static final String CSV_CONFIDENCE = "confidence";
    static final String STAR_DEFAULT = "_rlnAutopickFigureOfMerit";

    private ScoreColumn() {
    }

    /** The scores of {@code file}, or null; {@code column} null for the format's default. */
    static double[] read(Path file, String column) {
        List<String> lines = PointSets.lines(file);
        double[] s = switch (PointSets.detect(file, lines)) {
            case CSV -> column != null ? ParticleCsv.column(file, lines, column) : csvDefault(file, lines);
            case STAR -> star(file, lines, column == null ? STAR_DEFAULT
                    : column.startsWith("_") ? column : "_" + column);
            case NDJSON -> ndjson(file, lines, column == null ? CSV_DEFAULT : column);
            case YAML -> null;
        };
        if (s == null && column != null) {
            throw new BadInputException(file + ": no score column '" + column + "' (--score-column)");
        }
        return s;
    }

    /** A CSV's default scores: its score column, else its confidence column (picket-tools consensus), else null. */
    private static double[] csvDefault(Path file, List<String> lines) {
        double[] s = ParticleCsv.column(file, lines, CSV_DEFAULT);
        return s != null ? s : ParticleCsv.column(file, lines, CSV_CONFIDENCE);
    }

    private static double num(Path file, int line, String col, String v) {
        String t = v.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        try {
            double d = Double.parseDouble(t);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new BadInputException(file + ": line " + line + ": " + col + " '" + v.strip()
                + "' is not a finite number");
    }

    private static double[] star(Path file, List<String> lines, String column) {
        int n = lines.size();
        int i = 0;
        while (i < n) {
            if (!lines.get(i).strip().equals("loop_")) {
                i++;
                continue;
            }
            i++;
            List<String> cols = new ArrayList<>();
            while (i < n && (lines.get(i).strip().startsWith("_") || lines.get(i).isBlank() && cols.isEmpty())) {
                String s = lines.get(i).strip();
                if (!s.isEmpty()) {
                    cols.add(s.split("\\s+")[0]);
                }
                i++;
            }
            if (!cols.containsAll(Arrays.asList("_rlnCoordinateX", "_rlnCoordinateY", "_rlnCoordinateZ"))) {
                continue; // PointSets reads the first loop with coordinates
            }
            int c = cols.indexOf(column);
            if (c < 0) {
                return null;
            }
            List<Double> out = new ArrayList<>();
            while (i < n) {
                String s = lines.get(i).strip();
                if (s.isEmpty() || s.startsWith("data_") || s.equals("loop_") || s.startsWith("_")) {
                    break;
                }
                i++;
                if (s.startsWith("#")) {
                    continue;
                }
                String[] t = s.split("\\s+");
                if (t.length <= c) {
                    throw new BadInputException(file + ": line " + i + ": no value in column " + column);
                }
                out.add(num(file, i, column, t[c]));
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return null;
    }

    private static double[] ndjson(Path file, List<String> lines, String field) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty()) {
                continue;
            }
            JsonNode o;
            try {
                o = Json.mapper().readTree(s);
            } catch (IOException e) {
                throw new BadInputException(file + ": line " + (i + 1) + ": not a JSON object");
            }
            JsonNode v = o == null ? null : o.get(field);
            if (v == null) {
                if (out.isEmpty()) {
                    return null; // no scores in this file
                }
                throw new BadInputException(file + ": line " + (i + 1) + ": no \"" + field + "\" while earlier"
                        + " lines have one");
            }
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new BadInputException(file + ": line " + (i + 1) + ": \"" + field + "\" is not a number");
            }
            out.add(v.asDouble());
        }
        return out.isEmpty() ? null : out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
