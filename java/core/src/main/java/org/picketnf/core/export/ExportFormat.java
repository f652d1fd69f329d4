package org.picketnf.core.export;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The coordinate exports, each with the key used on command lines and in parameters. */
public enum ExportFormat {
    /** RELION 5: {@code _relion5.star} (particles) and {@code _relion5_tomograms.star}. */
    RELION5("relion5"),
    /** Warp/M and RELION 3-4: {@code _warp.star}, pixel coordinates. */
    WARP("warp"),
    /** copick: a picks JSON under {@code _copick/ExperimentRuns/<run>/Picks/}. */
    COPICK("copick"),
    /** Dynamo: {@code _dynamo.tbl}. */
    DYNAMO("dynamo"),
    /** IMOD: {@code _imod.mod}, a binary model. */
    IMOD("imod");

    private final String key;

    ExportFormat(String key) {
        this.key = key;
    }

    /** The name on the command line. */
    public String key() {
        return key;
    }

    /**
     * Parses a comma-separated list of keys, or {@code all}; an unknown or empty entry is an
     * {@link IllegalArgumentException} naming it and the known keys.
     */
    public static Set<ExportFormat> parse(String list) {
        Set<ExportFormat> out = EnumSet.noneOf(ExportFormat.class);
        for (String raw : list.split(",", -1)) {
            String k = raw.strip().toLowerCase(Locale.ROOT);
            if (k.equals("all")) {
                out.addAll(EnumSet.allOf(ExportFormat.class));
                continue;
            }
            ExportFormat f = null;
            for (ExportFormat e : values()) {
                if (e.key.equals(k)) {
                    f = e;
                }
            }
            if (f == null) {
                throw new IllegalArgumentException("unknown format '" + raw.strip()
                        + "' (known: relion5, warp, copick, dynamo, imod, all)");
            }
            out.add(f);
        }
        return out;
    }
}
