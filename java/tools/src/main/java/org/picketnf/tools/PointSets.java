package org.picketnf.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.picketnf.core.BadInputException;
import org.picketnf.core.io.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads particle coordinates (x, y, z in voxels) from every format the project meets, chosen by extension, else by
 * content:
 * <ul>
 *   <li>{@code .yaml}/{@code .yml}: PickET's predicted_centroids YAML (list {@code Predicted_Particle_Centroid_
 *       Coordinates} of maps with x, y, z; block style as yaml.dump writes it, or flow style);</li>
 *   <li>{@code .star}: the first loop with {@code _rlnCoordinateX/Y/Z};</li>
 *   <li>{@code .ndjson}/{@code .jsonl}: one JSON object per line with {@code location.x/y/z} (CZI portal);</li>
 *   <li>{@code .csv}: a header naming columns x, y and z (any order, other columns ignored): our
 *       {@code x,y,z,voxels}, DeepFinder's {@code class_label,x,y,z}, the simulator's
 *       {@code x,y,z,radius_vox,class}.</li>
 * </ul>
 * Every problem is a one-line {@link BadInputException} naming the file (and line).
 */
final class PointSets {
    static final String YAML_KEY = "Predicted_Particle_Centroid_Coordinates";
    private static final Pattern FLOW_ITEM = Pattern.compile("\\{([^}]*)\\}");

    private PointSets() {
    }

    /** The format a file is read as. */
    enum Format { YAML, STAR, NDJSON, CSV }

    static Format detect(Path file, List<String> lines) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return Format.YAML;
        }
        if (n.endsWith(".star")) {
            return Format.STAR;
        }
        if (n.endsWith(".ndjson") || n.endsWith(".jsonl")) {
            return Format.NDJSON;
        }
        if (n.endsWith(".csv")) {
            return Format.CSV;
        }
        for (String l : lines) {
            String s = l.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (s.startsWith("{")) {
                return Format.NDJSON;
            }
            if (s.startsWith(YAML_KEY) || s.startsWith("metadata:")) {
                return Format.YAML;
            }
            if (s.startsWith("data_") || s.startsWith("loop_")) {
                return Format.STAR;
            }
            return Format.CSV;
        }
        return Format.CSV;
    }

    /** The lines of a text file; a missing or unreadable file is bad input naming it. */
    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadInputException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The points of {@code file}, as rows {x, y, z}. */
    static List<double[]> read(Path file) {
        List<String> lines = lines(file);
        return switch (detect(file, lines)) {
            case YAML -> yaml(file, lines);
            case STAR -> star(file, lines);
            case NDJSON -> ndjson(file, lines);
            case CSV -> csv(file, lines);
        };
    }

    private static double num(Path file, int line, String what, String v) {
        String s = v.strip();
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
            s = s.substring(1, s.length() - 1).strip();
        }
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new BadInputException(file + ": line " + line + ": " + what + " '" + v.strip()
                + "' is not a finite number");
    }

    static List<double[]> yaml(Path file, List<String> lines) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(YAML_KEY + ":")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new BadInputException(file + ": no top-level key " + YAML_KEY + " (not a PickET predictions YAML)");
        }
        List<double[]> out = new ArrayList<>();
        String rest = stripComment(lines.get(start).substring(YAML_KEY.length() + 1)).strip();
        if (!rest.isEmpty()) {
            if (!rest.startsWith("[")) {
                throw new BadInputException(file + ": line " + (start + 1) + ": " + YAML_KEY
                        + " is not a list");
            }
            StringBuilder flow = new StringBuilder(rest);
            int i = start + 1;
            String last = rest; // the last non-blank piece: the list ends when it ends with ']' (linear, not n^2)
            while (!last.strip().endsWith("]") && i < lines.size()) {
                String l = stripComment(lines.get(i++));
                flow.append(' ').append(l);
                if (!l.isBlank()) {
                    last = l;
                }
            }
            Matcher m = FLOW_ITEM.matcher(flow);
            while (m.find()) {
                Map<String, String> kv = new HashMap<>();
                for (String part : m.group(1).split(",")) {
                    int c = part.indexOf(':');
                    if (c > 0) {
                        kv.put(part.substring(0, c).strip(), part.substring(c + 1).strip());
                    }
                }
                out.add(xyz(file, start + 1, kv));
            }
            return out;
        }
        Map<String, String> item = null;
        int itemLine = 0;
        for (int i = start + 1; i < lines.size(); i++) {
            String raw = stripComment(lines.get(i));
            if (raw.isBlank()) {
                continue;
            }
            if (!Character.isWhitespace(raw.charAt(0)) && raw.charAt(0) != '-') {
                break; // next top-level key
            }
            String s = raw.strip();
            if (s.startsWith("- ") || s.equals("-")) {
                if (item != null) {
                    out.add(xyz(file, itemLine, item));
                }
                item = new HashMap<>();
                itemLine = i + 1;
                s = s.substring(1).strip();
                if (s.startsWith("{")) {
                    Matcher m = FLOW_ITEM.matcher(s);
                    if (m.find()) {
                        s = m.group(1);
                        for (String part : s.split(",")) {
                            addPair(file, i + 1, item, part);
                        }
                    }
                    continue;
                }
                if (s.isEmpty()) {
                    continue;
                }
            }
            if (item == null) {
                throw new BadInputException(file + ": line " + (i + 1) + ": expected '- x: ...' list items under "
                        + YAML_KEY);
            }
            addPair(file, i + 1, item, s);
        }
        if (item != null) {
            out.add(xyz(file, itemLine, item));
        }
        return out;
    }

    private static void addPair(Path file, int line, Map<String, String> item, String s) {
        int c = s.indexOf(':');
        if (c <= 0) {
            throw new BadInputException(file + ": line " + line + ": expected 'key: value', got '" + s.strip() + "'");
        }
        item.put(s.substring(0, c).strip(), s.substring(c + 1).strip());
    }

    private static String stripComment(String s) {
        int h = s.indexOf(" #");
        if (s.startsWith("#")) {
            return "";
        }
        return h >= 0 ? s.substring(0, h) : s;
    }

    private static double[] xyz(Path file, int line, Map<String, String> kv) {
        double[] p = new double[3];
        String[] keys = {"x", "y", "z"};
        for (int a = 0; a < 3; a++) {
            String v = kv.get(keys[a]);
            if (v == null) {
                throw new BadInputException(file + ": line " + line + ": list item has no " + keys[a]);
            }
            p[a] = num(file, line, keys[a], v);
        }
        return p;
    }

    static List<double[]> star(Path file, List<String> lines) {
        int i = 0;
        int n = lines.size();
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
            int cx = cols.indexOf("_rlnCoordinateX");
            int cy = cols.indexOf("_rlnCoordinateY");
            int cz = cols.indexOf("_rlnCoordinateZ");
            List<double[]> out = new ArrayList<>();
            while (i < n) {
                String s = lines.get(i).strip();
                if (s.isEmpty() || s.startsWith("data_") || s.equals("loop_") || s.startsWith("_")) {
                    break;
                }
                i++;
                if (s.startsWith("#")) {
                    continue;
                }
                if (cx < 0 || cy < 0 || cz < 0) {
                    continue;
                }
                String[] t = s.split("\\s+");
                if (t.length < cols.size()) {
                    throw new BadInputException(file + ": line " + i + ": " + t.length + " values for "
                            + cols.size() + " columns");
                }
                out.add(new double[] {num(file, i, "_rlnCoordinateX", t[cx]), num(file, i, "_rlnCoordinateY", t[cy]),
                        num(file, i, "_rlnCoordinateZ", t[cz])});
            }
            if (cx >= 0 && cy >= 0 && cz >= 0) {
                return out;
            }
        }
        throw new BadInputException(file + ": no STAR loop with _rlnCoordinateX, _rlnCoordinateY and"
                + " _rlnCoordinateZ (coordinates in voxels; _rlnCenteredCoordinate*Angst are not read)");
    }

    static List<double[]> ndjson(Path file, List<String> lines) {
        List<double[]> out = new ArrayList<>();
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
            JsonNode loc = o == null ? null : o.get("location");
            if (loc == null || !loc.isObject()) {
                throw new BadInputException(file + ": line " + (i + 1) + ": no \"location\" object");
            }
            double[] p = new double[3];
            String[] keys = {"x", "y", "z"};
            for (int a = 0; a < 3; a++) {
                JsonNode v = loc.get(keys[a]);
                if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
                    throw new BadInputException(file + ": line " + (i + 1) + ": location." + keys[a]
                            + " is missing or not a number");
                }
                p[a] = v.asDouble();
            }
            out.add(p);
        }
        return out;
    }

    static List<double[]> csv(Path file, List<String> lines) {
        int h = 0;
        while (h < lines.size() && lines.get(h).isBlank()) {
            h++;
        }
        if (h == lines.size()) {
            throw new BadInputException(file + ": empty file (a CSV needs a header naming x, y and z)");
        }
        String[] head = lines.get(h).split(",", -1);
        int[] col = {-1, -1, -1};
        for (int c = 0; c < head.length; c++) {
            String name = unquote(head[c]).toLowerCase(Locale.ROOT);
            int a = "xyz".indexOf(name);
            if (name.length() == 1 && a >= 0) {
                col[a] = c;
            }
        }
        if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
            throw new BadInputException(file + ": line " + (h + 1) + ": the CSV header must name columns x, y and"
                    + " z, got '" + lines.get(h).strip() + "'");
        }
        List<double[]> out = new ArrayList<>();
        for (int i = h + 1; i < lines.size(); i++) {
            String s = lines.get(i);
            if (s.isBlank()) {
                continue;
            }
            String[] t = s.split(",", -1);
            if (t.length < head.length) {
                throw new BadInputException(file + ": line " + (i + 1) + ": " + t.length + " fields, the header has "
                        + head.length);
            }
            out.add(new double[] {num(file, i + 1, "x", unquote(t[col[0]])), num(file, i + 1, "y",
                    unquote(t[col[1]])), num(file, i + 1, "z", unquote(t[col[2]]))});
        }
        return out;
    }

    /** {@code s} stripped, without one pair of surrounding double quotes. */
    static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }
}
