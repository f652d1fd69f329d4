package org.picketnf.core.export;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent reader of Dynamo text tables ({@code .tbl}) for the tests, from Dynamo's table convention
 * ({@code dthelp}, wiki page "Table convention"): one particle per line, numbers separated by blanks, column 1 the
 * tag, 20 the tomogram number, 24-26 x, y, z in pixels counted from 1. Columns are 1-based, as in Dynamo.
 */
public final class DynamoReader {
    public record Row(double[] columns) {
        /** Column {@code c}, 1-based. */
        public double col(int c) {
            return columns[c - 1];
        }
    }

    private DynamoReader() {
    }

    public static List<Row> read(String text) {
        List<Row> out = new ArrayList<>();
        int n = 0;
        int width = -1;
        for (String line : text.split("\n", -1)) {
            n++;
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] t = s.split("[ \t]+");
            if (t.length < 26) {
                throw new AssertionError("line " + n + ": " + t.length + " columns, a table needs x, y, z in 24-26");
            }
            if (width >= 0 && t.length != width) {
                throw new AssertionError("line " + n + ": " + t.length + " columns, earlier lines " + width);
            }
            width = t.length;
            double[] v = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                v[i] = Double.parseDouble(t[i]);
            }
            if (v[0] != Math.rint(v[0]) || v[0] < 1) {
                throw new AssertionError("line " + n + ": tag " + t[0] + " is not a positive integer");
            }
            out.add(new Row(v));
        }
        return out;
    }
}
