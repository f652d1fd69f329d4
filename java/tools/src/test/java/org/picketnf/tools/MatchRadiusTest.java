package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.picketnf.core.io.Json;

import com.fasterxml.jackson.databind.JsonNode;

/** The match radius from the provenance: one function, the same radius in rank and consensus. */
class MatchRadiusTest {
    private static JsonNode prov(String json) throws Exception {
        return Json.mapper().readTree(json);
    }

    private static JsonNode diam(Object d) throws Exception {
        return prov("{\"particle_size\": {\"diameter_vox\": " + d + "}}");
    }

    /**
     * Diameters 10, 7 and 13 count; null, no particle_size, 0, -3 and a string do not. Median 10, radius 5. With
     * 10 and 7 only: median 8.5, radius 4.25. Diameters 3 and 2: median 2.5, half 1.25, raised to 2.
     */
    @Test
    void halfTheMedianDiameterOfTheProvenanceThatHaveOneAtLeastTwo() throws Exception {
        List<JsonNode> p = new ArrayList<>(Arrays.asList(diam(10), null, prov("{\"other\": 1}"), diam(0), diam(-3),
                diam("\"12\""), diam(7)));
        assertEquals(4.25, MatchRadius.fromProvenance(p));
        p.add(diam(13));
        assertEquals(5.0, MatchRadius.fromProvenance(p));
        assertEquals(2.0, MatchRadius.fromProvenance(List.of(diam(3), diam(2))));
        assertNull(MatchRadius.fromProvenance(Arrays.asList(null, diam(0), prov("{}"))));
        assertNull(MatchRadius.fromProvenance(List.of()));
    }

    /** rank and consensus take the same radius from the same provenance: diameters 9, 12, 20 give 6. */
    @Test
    void rankAndConsensusAgree() throws Exception {
        List<JsonNode> provs = List.of(diam(9), diam(20), diam(12));
        List<List<double[]>> sets = new ArrayList<>();
        List<Workflow> wfs = new ArrayList<>();
        List<ConsensusCommand.Input> inputs = new ArrayList<>();
        String[] modes = {"ffts", "gabor", "intensities"};
        for (int i = 0; i < 3; i++) {
            List<double[]> s = List.of(new double[] {10 + i, 10, 10, 100}, new double[] {40, 40 + i, 40, 120});
            sets.add(s);
            Path csv = Path.of("t_" + modes[i] + "_kmeans_watershed_segmentation.csv");
            wfs.add(new Workflow("t", modes[i], "kmeans", "watershed_segmentation", csv, null));
            inputs.add(new ConsensusCommand.Input(modes[i] + "_kmeans_watershed_segmentation", csv, s, provs.get(i)));
        }
        RankCommand.Ranking rank = RankCommand.rank(wfs, sets, provs, null);
        ConsensusCommand.Result cons = ConsensusCommand.compute(inputs, null);
        assertEquals(6.0, rank.radius());
        assertEquals(6.0, cons.radius());
        assertEquals("half the median particle_size.diameter_vox of the provenance JSONs", rank.radiusFrom());
        assertEquals("half the median particle_size.diameter_vox of the sets' provenance (at least 2)",
                cons.radiusFrom());
    }
}
