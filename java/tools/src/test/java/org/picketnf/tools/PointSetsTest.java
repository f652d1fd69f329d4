package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PointSets} on inputs too large for the fuzz tests: time linear in the file's size. */
class PointSetsTest {

    @Test
    void flowStyleYamlOverManyLinesReadsInLinearTime(@TempDir Path dir) throws IOException {
        int n = 200_000;
        List<String> lines = new ArrayList<>();
        lines.add(PointSets.YAML_KEY + ": [{x: 0, y: 2, z: 3},");
        for (int i = 1; i < n; i++) {
            lines.add("  {x: " + i + ", y: 2, z: 3}" + (i == n - 1 ? "]" : ","));
        }
        Path f = dir.resolve("flow.yaml");
        Files.write(f, lines);
        long t0 = System.nanoTime();
        List<double[]> pts = PointSets.read(f);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(n, pts.size());
        assertEquals(n - 1, pts.get(n - 1)[0]);
        // the list was re-joined and re-stripped once per line before (quadratic: minutes for 5 MB)
        assertTrue(seconds < 10, "read " + n + " flow-style items in " + seconds + " s");
    }
}
