package org.picketnf.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ModelJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void kmeansModelRoundTrips() throws Exception {
        Phantoms.Mixture mix = Phantoms.twoBlobs(2000, 4, 1);
        KMeansModel m = KMeans.fit(mix.X(), mix.n(), 4, KMeans.Options.of(2, 42));
        String s = json.writeValueAsString(m);
        assertTrue(s.contains("\"centers\"") && s.contains("\"inertia\""), s);
        assertEquals(m, json.readValue(s, KMeansModel.class));
    }

    @Test
    void gmmModelRoundTripsWithAndWithoutPrecisionFactors() throws Exception {
        Phantoms.Mixture mix = Phantoms.twoBlobs(2000, 4, 2);
        GmmModel g = Gmm.fit(mix.X(), mix.n(), 4, 2, 42, 1);
        String s = json.writeValueAsString(g);
        assertEquals(g, json.readValue(s, GmmModel.class));
        // precisionsCholesky is derived: a JSON without it gets it recomputed from the covariances
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(s);
        tree.remove("precisionsCholesky");
        assertFalse(tree.toString().contains("precisionsCholesky"));
        GmmModel h = json.treeToValue(tree, GmmModel.class);
        assertEquals(g, h);
    }
}
