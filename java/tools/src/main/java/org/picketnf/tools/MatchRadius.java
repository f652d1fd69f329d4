package org.picketnf.tools;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The match radius rank and consensus take from the localisation provenance: half the median
 * {@code particle_size.diameter_vox} over the provenance JSONs that have one (a number > 0), at least
 * {@link #MIN} voxels. Each tool has its own fallback when no provenance has a diameter.
 */
final class MatchRadius {
    /** The smallest automatic match radius, voxels. */
    static final double MIN = 2.0;

    private MatchRadius() {
    }

    /** The radius from {@code provs} (entries may be null), or null when none has a diameter. */
    static Double fromProvenance(List<JsonNode> provs) {
        List<Double> diams = new ArrayList<>();
        for (JsonNode p : provs) {
            JsonNode d = p == null ? null : p.path("particle_size").get("diameter_vox");
            if (d != null && d.isNumber() && d.asDouble() > 0) {
                diams.add(d.asDouble());
            }
        }
        return diams.isEmpty() ? null : Math.max(MIN, RankCommand.median(diams) / 2);
    }
}
