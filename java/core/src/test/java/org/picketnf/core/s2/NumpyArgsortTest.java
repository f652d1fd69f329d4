package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link NumpyArgsort} against permutations printed by numpy 1.24.2 itself (resource numpy124_argsort.txt, made
 * with Debian 12's python3-numpy on float64 arrays full of ties, where an unstable sort shows its order).
 */
class NumpyArgsortTest {
    @Test
    void matchesNumpy124() throws Exception {
        List<double[]> arrays = new ArrayList<>();
        List<int[]> perms = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                NumpyArgsortTest.class.getResourceAsStream("numpy124_argsort.txt"), StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("a ")) {
                    arrays.add(Arrays.stream(line.substring(2).split(" ")).mapToDouble(Double::parseDouble).toArray());
                } else if (line.startsWith("p ")) {
                    perms.add(Arrays.stream(line.substring(2).split(" ")).mapToInt(Integer::parseInt).toArray());
                }
            }
        }
        assertTrue(arrays.size() >= 10 && arrays.size() == perms.size());
        int unstable = 0;
        for (int c = 0; c < arrays.size(); c++) {
            int[] got = NumpyArgsort.argsort(arrays.get(c));
            assertArrayEquals(perms.get(c), got, "case " + c + " (n=" + arrays.get(c).length + ")");
            for (int i = 1; i < got.length; i++) {
                if (arrays.get(c)[got[i]] == arrays.get(c)[got[i - 1]] && got[i] < got[i - 1]) {
                    unstable++;
                    break;
                }
            }
        }
        assertTrue(unstable >= 3, "the goldens must exercise tie orders that a stable sort would not give");
    }

    @Test
    void sortsAnything() {
        Random rnd = new Random(11);
        for (int n = 0; n < 3000; n += 1 + n / 3) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextInt(1 + n / 10);
            }
            int[] p = NumpyArgsort.argsort(v);
            int[] seen = p.clone();
            Arrays.sort(seen);
            for (int i = 0; i < n; i++) {
                assertTrue(seen[i] == i, "a permutation");
                assertTrue(i == 0 || v[p[i - 1]] <= v[p[i]], "sorted");
            }
        }
    }
}
