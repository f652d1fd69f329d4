package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link NaturalOrder} against orders written out by hand. */
class NaturalOrderTest {
    private static int sign(int c) {
        return Integer.signum(c);
    }

    @Test
    void handCases() {
        NaturalOrder n = NaturalOrder.INSTANCE;
        String[][] less = {
            {"tomo2", "tomo10"}, {"tomo9", "tomo10"}, {"a9", "a10b"}, {"a10", "a10b"}, {"a10b", "a11"},
            {"t1", "t01"}, {"t01", "t001"}, {"t001", "t2"}, {"t0", "t1"}, {"t00", "t1"}, {"x", "x0"},
            {"sim1", "sim2"}, {"TS_9", "TS_10"}, {"TS_10", "TS_10_a"}, {"a1b2", "a1b10"}, {"a", "b"},
            {"tomo99999999999999999999", "tomo100000000000000000000"}, {"A1", "a1"}, {"", "a"},
        };
        for (String[] c : less) {
            assertEquals(-1, sign(n.compare(c[0], c[1])), c[0] + " < " + c[1]);
            assertEquals(1, sign(n.compare(c[1], c[0])), c[1] + " > " + c[0]);
        }
        for (String s : new String[] {"tomo1", "", "007", "a10b"}) {
            assertEquals(0, n.compare(s, s));
        }
        List<String> ids = new ArrayList<>(List.of("tomo10", "tomo2", "tomo1", "tomo100", "tomo20", "tomo3"));
        ids.sort(n);
        assertEquals(List.of("tomo1", "tomo2", "tomo3", "tomo10", "tomo20", "tomo100"), ids);
    }

    @Test
    void totalOrderConsistentWithEquals() {
        Random r = new Random(20261205);
        String alphabet = "ab0129_";
        List<String> s = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(7); k > 0; k--) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            s.add(b.toString());
        }
        NaturalOrder n = NaturalOrder.INSTANCE;
        for (String a : s) {
            for (String b : s) {
                int ab = sign(n.compare(a, b));
                assertEquals(-ab, sign(n.compare(b, a)), a + " vs " + b);
                assertEquals(ab == 0, a.equals(b), a + " vs " + b);
            }
        }
        // transitive: sorting agrees with every pair
        Collections.sort(s, n);
        for (int i = 1; i < s.size(); i++) {
            assertTrue(n.compare(s.get(i - 1), s.get(i)) <= 0);
        }
    }
}
