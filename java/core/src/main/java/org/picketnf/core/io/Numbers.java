package org.picketnf.core.io;

import java.util.Locale;

/**
 * The number formats of every text output (CSV, STAR, JSON-adjacent text, HTML), in one place so that the same
 * value prints the same way in every file. All use {@link Locale#ROOT}: a German or French locale must not turn
 * "1.500" into "1,500" in a CSV.
 */
public final class Numbers {
    private Numbers() {
    }

    /** {@code v} with exactly {@code decimals} digits after the point, rounded half-up as {@link String#format}. */
    public static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Three decimals: coordinates (means of voxel indices) and the scores of the QC outputs. */
    public static String fixed3(double v) {
        return fixed(v, 3);
    }

    /** Java's shortest round-trip form ({@link Double#toString}): "0.1", "1.0E-5". */
    public static String shortest(double v) {
        return Double.toString(v);
    }

    /** A whole number without a fraction ("12"), anything else in its shortest form ("12.5"). */
    public static String integral(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
