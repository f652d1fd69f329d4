package org.picketnf.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.picketnf.core.BadInputException;

/**
 * One workflow's particle set, named as the pipeline publishes it: {@code <id>_<mode>_<clusterer>_<method>.csv},
 * with its localisation provenance {@code <same name>.json} next to it (optional). The id may contain underscores:
 * the name is split from the end (method, then clusterer, then mode).
 */
record Workflow(String id, String mode, String clusterer, String method, Path csv, Path provenance) {
    static final List<String> METHODS = List.of("connected_component_labeling", "watershed_segmentation");

    /** The workflow's name without the id: {@code <mode>_<clusterer>_<method>}. */
    String name() {
        return mode + "_" + clusterer + "_" + method;
    }

    /** The segmentation's name without the id: {@code <mode>_<clusterer>}. */
    String segmentation() {
        return mode + "_" + clusterer;
    }

    /** Short method label for titles: CC or WS. */
    String methodShort() {
        return method.equals("watershed_segmentation") ? "WS" : "CC";
    }

    /** Parses {@code csv}'s file name; a name that does not follow the pattern is a one-line error. */
    static Workflow parse(Path csv) {
        String file = csv.getFileName().toString();
        if (!file.endsWith(".csv")) {
            throw new BadInputException(csv + ": not a particle CSV (expected <id>_<mode>_<clusterer>_<method>.csv)");
        }
        String stem = file.substring(0, file.length() - 4);
        String method = null;
        for (String m : METHODS) {
            if (stem.endsWith("_" + m)) {
                method = m;
            }
        }
        if (method == null) {
            throw new BadInputException(csv + ": the name does not end in _connected_component_labeling.csv or"
                    + " _watershed_segmentation.csv (expected <id>_<mode>_<clusterer>_<method>.csv)");
        }
        String rest = stem.substring(0, stem.length() - method.length() - 1);
        int c = rest.lastIndexOf('_');
        int m = c > 0 ? rest.lastIndexOf('_', c - 1) : -1;
        if (m <= 0) {
            throw new BadInputException(csv + ": cannot read <id>_<mode>_<clusterer> from '" + rest
                    + "' (expected <id>_<mode>_<clusterer>_<method>.csv)");
        }
        Path prov = csv.resolveSibling(stem + ".json");
        return new Workflow(rest.substring(0, m), rest.substring(m + 1, c), rest.substring(c + 1), method, csv,
                Files.isRegularFile(prov) ? prov : null);
    }
}
