package org.picketnf.tools;

import java.util.List;

import org.picketnf.core.io.Numbers;

/**
 * The report's plots as inline SVG text, drawn here (no chart library, no script, no network): bars, a histogram
 * with marked bounds, a heat map. Coordinates are written with fixed decimals, so the same data give the same bytes.
 * Each drawn datum carries a class ({@code bar}, {@code bin}, {@code cell}) and a {@code <title>} with its value.
 */
final class ReportSvg {
    private ReportSvg() {
    }

    private static String f1(double v) {
        return Numbers.fixed(v, 1);
    }

    private static String r(double v) {
        return Long.toString(Math.round(v));
    }

    private static StringBuilder open(int w, int h, String label) {
        return new StringBuilder().append("<svg class=\"plot\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\" aria-label=\"")
                .append(ReportHtml.esc(label)).append("\">\n");
    }

    private static void text(StringBuilder s, double x, double y, String anchor, int size, String t) {
        s.append("<text x=\"").append(f1(x)).append("\" y=\"").append(f1(y)).append("\" font-size=\"").append(size)
                .append("\" text-anchor=\"").append(anchor).append("\">").append(ReportHtml.esc(t)).append("</text>\n");
    }

    /** Horizontal bars, one per label (value {@code NaN}: no bar, "n/a"); the axis from 0 to the largest value. */
    static String bars(String label, List<String> labels, double[] values) {
        int n = labels.size();
        int l = 150;
        int w = 440;
        int row = 18;
        int h = 26 + n * row;
        double max = 1;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        int pw = w - l - 50;
        StringBuilder s = open(w, h, label);
        text(s, l, 12, "start", 11, label);
        for (int i = 0; i < n; i++) {
            double y = 20 + i * row;
            text(s, l - 4, y + 12, "end", 10, labels.get(i));
            double v = values[i];
            if (Double.isNaN(v)) {
                text(s, l + 2, y + 12, "start", 10, "n/a");
                continue;
            }
            double bw = pw * v / max;
            s.append("<rect class=\"bar\" x=\"").append(l).append("\" y=\"").append(f1(y + 2)).append("\" width=\"")
                    .append(f1(bw)).append("\" height=\"").append(row - 5).append("\" fill=\"#4a7bb7\"><title>")
                    .append(ReportHtml.esc(labels.get(i))).append(": ").append(Numbers.integral(v))
                    .append("</title></rect>\n");
            text(s, l + bw + 3, y + 12, "start", 10, Numbers.integral(v));
        }
        return s.append("</svg>\n").toString();
    }

    /**
     * A histogram of {@code values} in {@code bins} equal bins from 0 to the largest of the values and the bounds
     * (times 1.05), every bin drawn (an empty one with height 0); the bounds ({@code NaN}: none) as dashed red lines.
     */
    static String histogram(String label, double[] values, int bins, double lower, double upper) {
        int w = 440;
        int h = 200;
        int l = 40;
        int b = 30;
        int pw = w - l - 24;
        int ph = h - b - 22;
        double top = 1;
        for (double v : values) {
            top = Math.max(top, v);
        }
        if (!Double.isNaN(lower)) {
            top = Math.max(top, lower);
        }
        if (!Double.isNaN(upper)) {
            top = Math.max(top, upper);
        }
        top *= 1.05;
        int[] count = new int[bins];
        for (double v : values) {
            count[Math.min(bins - 1, Math.max(0, (int) (v / top * bins)))]++;
        }
        int cmax = 1;
        for (int c : count) {
            cmax = Math.max(cmax, c);
        }
        StringBuilder s = open(w, h, label);
        text(s, l, 12, "start", 11, label);
        s.append("<rect x=\"").append(l).append("\" y=\"18\" width=\"").append(pw).append("\" height=\"").append(ph)
                .append("\" fill=\"none\" stroke=\"#999\"/>\n");
        double bw = (double) pw / bins;
        for (int i = 0; i < bins; i++) {
            double bh = (double) ph * count[i] / cmax;
            s.append("<rect class=\"bin\" x=\"").append(f1(l + i * bw)).append("\" y=\"").append(f1(18 + ph - bh))
                    .append("\" width=\"").append(f1(bw - 1)).append("\" height=\"").append(f1(bh))
                    .append("\" fill=\"#6a9\"><title>").append(r(i * top / bins)).append('-')
                    .append(r((i + 1) * top / bins)).append(" voxels: ").append(count[i])
                    .append("</title></rect>\n");
        }
        for (int i = 0; i <= 4; i++) {
            text(s, l + i * pw / 4.0, h - b + 14, "middle", 10, r(i * top / 4));
        }
        text(s, l - 4, 22, "end", 10, String.valueOf(cmax));
        text(s, l - 4, 18 + ph, "end", 10, "0");
        text(s, l + pw / 2.0, h - 4, "middle", 11, "instance size (voxels)");
        for (double bound : new double[] {lower, upper}) {
            if (!Double.isNaN(bound)) {
                double x = l + pw * bound / top;
                s.append("<line class=\"bound\" x1=\"").append(f1(x)).append("\" y1=\"18\" x2=\"").append(f1(x))
                        .append("\" y2=\"").append(18 + ph).append("\" stroke=\"#c33\" stroke-dasharray=\"4 3\">"
                                + "<title>size filter bound ").append(r(bound))
                        .append(" voxels</title></line>\n");
            }
        }
        return s.append("</svg>\n").toString();
    }

    /** An n x n heat map of values in [0, 1] ({@code NaN}: grey), white to dark green, labels on both axes. */
    static String heatMap(String label, List<String> labels, double[][] v) {
        int n = labels.size();
        int cell = 22;
        int l = 150;
        int t = 24;
        int w = l + n * cell + 10;
        int h = t + n * cell + 150;
        StringBuilder s = open(w, h, label);
        text(s, l, 12, "start", 11, label);
        for (int i = 0; i < n; i++) {
            text(s, l - 4, t + i * cell + 15, "end", 10, labels.get(i));
            double x = l + i * cell + 15;
            double y = t + n * cell + 4;
            s.append("<text x=\"").append(f1(x)).append("\" y=\"").append(f1(y))
                    .append("\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-90 ").append(f1(x))
                    .append(' ').append(f1(y)).append(")\">").append(ReportHtml.esc(labels.get(i))).append("</text>\n");
            for (int j = 0; j < n; j++) {
                double f = v[i][j];
                String fill;
                if (Double.isNaN(f)) {
                    fill = "#ddd";
                } else {
                    double c = Math.max(0, Math.min(1, f));
                    fill = String.format(java.util.Locale.ROOT, "rgb(%d,%d,%d)", (int) Math.round(255 - 215 * c),
                            (int) Math.round(255 - 120 * c), (int) Math.round(255 - 195 * c));
                }
                s.append("<rect class=\"cell\" x=\"").append(l + j * cell).append("\" y=\"").append(t + i * cell)
                        .append("\" width=\"").append(cell - 1).append("\" height=\"").append(cell - 1)
                        .append("\" fill=\"").append(fill).append("\"><title>").append(ReportHtml.esc(labels.get(i)))
                        .append(" / ").append(ReportHtml.esc(labels.get(j))).append(": F1 ")
                        .append(Double.isNaN(f) ? "n/a" : Numbers.fixed(f, 2)).append("</title></rect>\n");
            }
        }
        return s.append("</svg>\n").toString();
    }
}
