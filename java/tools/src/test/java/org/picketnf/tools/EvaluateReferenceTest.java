package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.picketnf.core.TestData;

/**
 * Acceptance: PickET's own S2 outputs for tomo1 scored against the DeepFinder ground truth at 5 voxels reproduce
 * the numbers in the reference README (n, P, R, F1 lenient and F1 one-to-one, to 3 decimals), for all 12 files.
 */
class EvaluateReferenceTest {
    private static final Pattern LINE = Pattern.compile("^\\s*(predicted_centroids_\\S+\\.yaml) \\{'n': (\\d+),"
            + " 'P': ([0-9.]+), 'R': ([0-9.]+), 'F1': ([0-9.]+), 'F1_1to1': ([0-9.]+)\\}\\s*$");

    @Test
    void reproducesTheReferenceScores() throws IOException {
        Path readme = TestData.shared("reference/picket-py-tomo1/README.md");
        Path truthFile = TestData.shared("data/deepfinder-toy/tomo1_gt.csv");
        List<double[]> truth = PointSets.read(truthFile);
        assertEquals(27, truth.size());
        List<String> checked = new ArrayList<>();
        for (String line : Files.readAllLines(readme)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Path yaml = readme.resolveSibling(m.group(1));
            List<double[]> pred = PointSets.read(yaml);
            Map<String, Object> s = EvaluateCommand.score(pred, truth, 5);
            @SuppressWarnings("unchecked")
            Map<String, Object> len = (Map<String, Object>) s.get("lenient");
            @SuppressWarnings("unchecked")
            Map<String, Object> one = (Map<String, Object>) s.get("one_to_one");
            String f = m.group(1);
            assertEquals(Integer.parseInt(m.group(2)), s.get("n_pred"), f + " n");
            assertEquals(Double.parseDouble(m.group(3)), len.get("precision_3dp"), f + " P");
            assertEquals(Double.parseDouble(m.group(4)), len.get("recall_3dp"), f + " R");
            assertEquals(Double.parseDouble(m.group(5)), len.get("f1_3dp"), f + " F1");
            assertEquals(Double.parseDouble(m.group(6)), one.get("f1_3dp"), f + " F1_1to1");
            checked.add(f);
        }
        assertEquals(12, checked.size(), "README lines found: " + checked);
    }
}
