package org.picketnf.core.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent STAR reader for the tests, written from the STAR description in RELION's documentation
 * ("Conventions", STAR format: {@code data_NAME} blocks holding either {@code _label value} pairs or a
 * {@code loop_} of {@code _label [#n]} lines followed by rows of whitespace-separated values; {@code #} starts a
 * comment; values may be quoted with ' or "). It shares no code with the writers.
 */
public final class StarReader {
    /** One data block: its pairs and its loop (labels without the leading '_', rows of string values). */
    public record Block(String name, Map<String, String> pairs, List<String> labels, List<List<String>> rows) {
        public int column(String label) {
            int c = labels.indexOf(label);
            if (c < 0) {
                throw new AssertionError("block data_" + name + " has no column _" + label + " (has " + labels + ")");
            }
            return c;
        }

        public String value(int row, String label) {
            return rows.get(row).get(column(label));
        }

        public double number(int row, String label) {
            return Double.parseDouble(value(row, label));
        }
    }

    private StarReader() {
    }

    /** All blocks of {@code text} by name; a malformed file is an AssertionError naming the line. */
    public static Map<String, Block> read(String text) {
        Map<String, Block> out = new LinkedHashMap<>();
        Block cur = null;
        boolean inLoopLabels = false;
        boolean inLoop = false;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            List<String> tok = tokens(lines[n], n + 1);
            if (tok.isEmpty()) {
                continue;
            }
            String first = tok.get(0);
            if (first.startsWith("data_")) {
                cur = new Block(first.substring(5), new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
                if (out.put(cur.name(), cur) != null) {
                    throw new AssertionError("line " + (n + 1) + ": block data_" + cur.name() + " twice");
                }
                inLoopLabels = false;
                inLoop = false;
                continue;
            }
            if (cur == null) {
                throw new AssertionError("line " + (n + 1) + ": '" + first + "' before any data_ block");
            }
            if (first.equals("loop_")) {
                if (!cur.labels().isEmpty()) {
                    throw new AssertionError("line " + (n + 1) + ": a second loop_ in data_" + cur.name());
                }
                inLoopLabels = true;
                inLoop = true;
                continue;
            }
            if (first.startsWith("_")) {
                if (inLoopLabels) {
                    if (tok.size() > 2 || tok.size() == 2 && !tok.get(1).matches("#\\d+")) {
                        throw new AssertionError("line " + (n + 1) + ": loop label with a value: " + lines[n]);
                    }
                    cur.labels().add(first.substring(1));
                } else {
                    if (inLoop || tok.size() != 2) {
                        throw new AssertionError("line " + (n + 1) + ": expected '_label value', got " + lines[n]);
                    }
                    cur.pairs().put(first.substring(1), tok.get(1));
                }
                continue;
            }
            if (!inLoop) {
                throw new AssertionError("line " + (n + 1) + ": a value outside a loop: " + lines[n]);
            }
            inLoopLabels = false;
            if (tok.size() != cur.labels().size()) {
                throw new AssertionError("line " + (n + 1) + ": " + tok.size() + " values for " + cur.labels().size()
                        + " labels");
            }
            cur.rows().add(tok);
        }
        return out;
    }

    private static List<String> tokens(String line, int n) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '"' || c == '\'') {
                int e = line.indexOf(c, i + 1);
                if (e < 0) {
                    throw new AssertionError("line " + n + ": unterminated quote");
                }
                out.add(line.substring(i + 1, e));
                i = e + 1;
            } else {
                int e = i;
                while (e < line.length() && !Character.isWhitespace(line.charAt(e))) {
                    e++;
                }
                out.add(line.substring(i, e));
                i = e;
            }
        }
        return out;
    }
}
