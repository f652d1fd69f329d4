package org.picketnf.core.fuzz;

import java.nio.file.Path;

import org.picketnf.core.BadInputException;
import org.picketnf.core.cluster.ModelFile;
import org.picketnf.core.io.Json;
import org.picketnf.core.s1.Features;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target of the model JSON reader: {@link Json#read} of a {@link ModelFile} then {@link ModelFile#validate},
 * as picket-segment reads {@code *.model.json}. A model that validates must build its feature extractor and give a
 * classifier that labels a feature vector of the spec's dimension. Seeds are in
 * {@code src/test/resources/org/picketnf/core/fuzz/ModelJsonFuzzTestInputs/modelJson/}.
 */
class ModelJsonFuzzTest {

    @FuzzTest
    void modelJson(byte[] data) {
        Path f = FuzzContract.write("fuzz.model.json", data);
        try {
            ModelFile m = Json.read(f, ModelFile.class);
            FuzzContract.require(m != null, "a model, not null");
            m.validate(f.toString());
            int d = m.features().dimension();
            FuzzContract.require(d >= 1, "feature dimension >= 1");
            FuzzContract.require(Features.extractor(m.features()).dimension() == d,
                    "the feature spec's extractor gives vectors of the model's dimension");
            byte[] out = new byte[1];
            m.classifier().predict(new float[d], 1, out);
            FuzzContract.require(out[0] == 0 || out[0] == 1, "label 0 or 1");
            FuzzContract.require(m.summary() != null && !m.fitSummary().isEmpty(), "summaries");
        } catch (BadInputException e) {
            FuzzContract.checkRefusal(e, f);
        }
    }
}
