package org.picketnf.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.picketnf.core.io.Numbers;

/**
 * The text of a consensus set's files (besides the formats every particle set shares, {@code core.io.ParticleFormats}):
 * the CSV with confidence, support and the workflows that found each particle, the YAML metadata and the provenance.
 * Pure functions of the result: the same fusion gives the same bytes.
 */
final class ConsensusOutputs {
    static final String CSV_HEADER = "x,y,z,confidence,support,sets,workflows";

    private ConsensusOutputs() {
    }

    /**
     * One line per kept particle ({@code candidates} false) or per group ({@code candidates} true, with a last column
     * {@code kept}); support is the fraction of the fused sets that found the particle, workflows the names of those
     * sets joined by {@code ;}. Kept particles in the order of the fusion; candidates too.
     */
    static String csv(ConsensusCommand.Result r, boolean candidates) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append(candidates ? ",kept\n" : "\n");
        int k = r.inputs().size();
        for (int g = 0; g < r.groups().size(); g++) {
            if (!candidates && !r.kept(g)) {
                continue;
            }
            Fusion.Group x = r.groups().get(g);
            sb.append(Numbers.fixed3(x.x())).append(',').append(Numbers.fixed3(x.y())).append(',')
                    .append(Numbers.fixed3(x.z())).append(',').append(Numbers.fixed3(r.fit().posterior()[g]))
                    .append(',').append(Numbers.fixed3((double) x.support() / k)).append(',').append(x.support())
                    .append(',').append(workflows(r, x));
            if (candidates) {
                sb.append(',').append(r.kept(g) ? 1 : 0);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String workflows(ConsensusCommand.Result r, Fusion.Group x) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < x.member().length; j++) {
            if (x.member()[j] >= 0) {
                sb.append(sb.length() == 0 ? "" : ";").append(r.inputs().get(j).name());
            }
        }
        return sb.toString();
    }

    /** The metadata block of the PickET-style YAML. */
    static Map<String, Object> yamlMetadata(ConsensusCommand.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "consensus");
        m.put("match_radius_vox", r.radius());
        m.put("min_confidence", ConsensusCommand.KEEP);
        List<Object> sets = new ArrayList<>();
        for (ConsensusCommand.Input i : r.inputs()) {
            sets.add(i.name());
        }
        m.put("sets", sets);
        return m;
    }

    /** The provenance JSON: the rule, its constants, the fitted model per set and the counts. */
    static Map<String, Object> provenance(String id, ConsensusCommand.Result r, List<String> files) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tomogram", id);
        m.put("method", "consensus");
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("fusion", "sets in name order; each set's particles matched one-to-one to the groups so far"
                + " (closest first, within the match radius of the group's mean); unmatched particles open groups");
        rule.put("confidence", "posterior probability of 'particle' under a two-class Dawid-Skene model (per set a"
                + " recall and a false-find rate, fitted by EM without truth)");
        rule.put("pseudo_count", Agreement.PSEUDO_COUNT);
        rule.put("min_confidence", ConsensusCommand.KEEP);
        rule.put("match_radius_vox", r.radius());
        rule.put("match_radius_from", r.radiusFrom());
        m.put("rule", rule);
        List<Map<String, Object>> sets = new ArrayList<>();
        for (int j = 0; j < r.inputs().size(); j++) {
            ConsensusCommand.Input i = r.inputs().get(j);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", i.name());
            s.put("file", i.file().getFileName().toString());
            s.put("particles", i.points().size());
            s.put("estimated_recall", round(r.fit().recall()[j]));
            s.put("estimated_false_find_rate", round(r.fit().falseRate()[j]));
            sets.add(s);
        }
        m.put("sets", sets);
        List<String> ignored = new ArrayList<>();
        for (ConsensusCommand.Input i : r.ignored()) {
            ignored.add(i.name());
        }
        m.put("ignored_sets", ignored);
        m.put("estimated_particle_fraction", round(r.fit().prior()));
        m.put("em_iterations", r.fit().iterations());
        m.put("groups", r.groups().size());
        int kept = 0;
        int[] bySupport = new int[r.inputs().size() + 1];
        int[] keptBySupport = new int[r.inputs().size() + 1];
        for (int g = 0; g < r.groups().size(); g++) {
            int s = r.groups().get(g).support();
            bySupport[s]++;
            if (r.kept(g)) {
                kept++;
                keptBySupport[s]++;
            }
        }
        m.put("particles", kept);
        m.put("groups_by_support", bySupport);
        m.put("kept_by_support", keptBySupport);
        m.put("files", files);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
