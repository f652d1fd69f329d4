package org.picketnf.core.s1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.picketnf.core.Volume;

/**
 * One window's features from its own block ({@link SectionFeatures#window}) are the section's floats bit for bit,
 * for every interior window of every section, in all three modes and window sizes 3, 5 and 7 (the fitting sample
 * of a large tomogram is extracted this way).
 */
class SectionFeaturesWindowTest {

    @Test
    void everyWindowEqualsItsRowOfTheSection() {
        for (int n : new int[] {3, 5, 7}) {
            Volume v = FeaturesTest.random(17, 13, n + 3, 40 + n);
            int h = n / 2;
            int ns = n == 3 ? 4 : 10;
            int[] sel = GaborFeatures.selectFilters(GaborFeatures.bankStats(v, n, ns, h, v.nz() - h, null, 1).std(),
                    Math.min(64, ns * ns * ns));
            SectionFeatures[] fs = {new IntensityFeatures(n), new FftFeatures(n), new GaborFeatures(n, ns, sel)};
            for (SectionFeatures f : fs) {
                int d = f.dimension();
                int per = (v.nx() - 2 * h) * (v.ny() - 2 * h);
                float[] sec = new float[f.sectionLength(v)];
                float[] one = new float[d + 3];
                for (int z = h; z < v.nz() - h; z++) {
                    f.section(v, z, sec);
                    for (int i = 0; i < per; i++) {
                        Arrays.fill(one, Float.NaN);
                        f.window(v, z, i, one, 2);
                        assertArrayEquals(Arrays.copyOfRange(sec, i * d, (i + 1) * d), Arrays.copyOfRange(one, 2, 2 + d),
                                f.getClass().getSimpleName() + " n=" + n + " z=" + z + " window " + i);
                    }
                }
            }
        }
    }

    @Test
    void windowRefusesAnOutsideIndex() {
        Volume v = FeaturesTest.random(9, 9, 9, 1);
        FftFeatures f = new FftFeatures(5);
        assertThrows(IllegalArgumentException.class, () -> f.window(v, 1, 0, new float[63], 0));
        assertThrows(IllegalArgumentException.class, () -> f.window(v, 4, 25, new float[63], 0));
    }
}
