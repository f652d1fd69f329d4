package org.picketnf.core.sim;

import java.util.Locale;

import org.picketnf.core.BadInputException;

/** Contrast of particles against the background in a synthetic tomogram. */
public enum Polarity {
    /** Particles darker (lower values) than the background, as in cryo-ET density with the usual sign. */
    DARK(-1),
    /** Particles brighter (higher values) than the background. */
    BRIGHT(+1);

    private final int sign;

    Polarity(int sign) {
        this.sign = sign;
    }

    /** -1 for dark, +1 for bright: the sign of the particle density relative to the background. */
    public int sign() {
        return sign;
    }

    /** Lower-case name as used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "dark" or "bright" (case-insensitive). */
    public static Polarity parse(String s) {
        if (s != null) {
            for (Polarity p : values()) {
                if (p.label().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new BadInputException("polarity must be 'dark' or 'bright', got '" + s + "'");
    }
}
