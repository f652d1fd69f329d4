package org.picketnf.core.s1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.Volume;

class PreprocessTest {
    /** scipy 1.17.1: gaussian_filter(v, sigma=2) of hashVolume(5, 7, 3), float32 bits, (z, y, x) order. */
    private static final int[] SCIPY_BLUR_5x7x3 = {
            0x4239e7ed, 0x423d5fcd, 0x42427535, 0x4246ddc2, 0x42493db5, 0x423cbe88, 0x423fb6e0, 0x42440bad,
            0x4247c6bf, 0x4249c62c, 0x42409816, 0x4242ebf4, 0x42463fdb, 0x424908ed, 0x424a7c16, 0x424339ec,
            0x424518ab, 0x4247a34b, 0x424997a3, 0x424a8347, 0x4243a217, 0x42454704, 0x42475525, 0x4248a7aa,
            0x42491d3a, 0x42428323, 0x42440ace, 0x4245c7a6, 0x42469d9c, 0x4246b004, 0x42416471, 0x4242dafb,
            0x4244672b, 0x4244f0e8, 0x4244c5af, 0x423abb0b, 0x423e5e09, 0x4243c930, 0x42489b50, 0x424b4652,
            0x423d3afb, 0x4240501a, 0x4244e784, 0x4248fda8, 0x424b4152, 0x4240a094, 0x4242fe47, 0x42467c52,
            0x42498f4c, 0x424b3fa3, 0x4242dc65, 0x4244baee, 0x424764cf, 0x42499f1d, 0x424ac92e, 0x4242e672,
            0x424492a9, 0x4246ce7e, 0x42487964, 0x42493b54, 0x42416635, 0x42430a68, 0x424516a3, 0x4246673b,
            0x4246dc32, 0x424000b1, 0x4241a675, 0x42439ece, 0x4244bf21, 0x424507cd, 0x423b8ecd, 0x423f5c9d,
            0x42451ce8, 0x424a57d3, 0x424d4d53, 0x423db828, 0x4240e9be, 0x4245c32f, 0x424a33b3, 0x424cbb1f,
            0x4240a9bd, 0x424310f8, 0x4246b8a4, 0x424a14ff, 0x424c0231, 0x42427f35, 0x42445d4b, 0x4247260f,
            0x4249a5fa, 0x424b0e46, 0x42422ac8, 0x4243de21, 0x42464763, 0x42484a5f, 0x42495882, 0x4240491c,
            0x424209b9, 0x4244650d, 0x42462fe5, 0x42470721, 0x423e9cd1, 0x424071b1, 0x4242d5db, 0x42448c42,
            0x4245486d
    };
    /** (b - b.min()) / (b.max() - b.min()) of the same, float32 bits. */
    private static final int[] SCIPY_NORM_5x7x3 = {
            0x00000000, 0x3e371a9c, 0x3ee1bea0, 0x3f2b0e88, 0x3f4a6693, 0x3e15d885, 0x3e99531d, 0x3f05d41b,
            0x3f3711a3, 0x3f516fb6, 0x3eb08c06, 0x3eedfd2c, 0x3f22ea74, 0x3f47adf0, 0x3f5ad0b6, 0x3ef60752,
            0x3f13b269, 0x3f353db5, 0x3f4f0983, 0x3f5b2fa0, 0x3f006286, 0x3f161621, 0x3f313643, 0x3f42aa3a,
            0x3f48b9e1, 0x3ee32e54, 0x3f05c89c, 0x3f1cb7e5, 0x3f27bfde, 0x3f28b2cd, 0x3ec59e69, 0x3eec3d25,
            0x3f0a8bab, 0x3f11a59d, 0x3f0f6b23, 0x3d2e2703, 0x3e6b88b2, 0x3f02668f, 0x3f420734, 0x3f653de8,
            0x3e2f82b6, 0x3ea91fd8, 0x3f1129ab, 0x3f471932, 0x3f64fbea, 0x3eb16c31, 0x3eefe0e1, 0x3f260880,
            0x3f4e9b71, 0x3f64e5b2, 0x3eec6279, 0x3f0edd33, 0x3f320501, 0x3f4f6c31, 0x3f5eca3c, 0x3eed6bc8,
            0x3f0cc9b4, 0x3f2a450c, 0x3f40477c, 0x3f4a472d, 0x3ec5cd04, 0x3ef1210c, 0x3f139799, 0x3f24f225,
            0x3f2af9e9, 0x3ea0efa6, 0x3ecc6d07, 0x3f00372a, 0x3f0f14a0, 0x3f12d3c9, 0x3dae6aa7, 0x3e900477,
            0x3f13ea59, 0x3f58f21c, 0x3f800000, 0x3e495343, 0x3eb8f782, 0x3f1c7cf7, 0x3f57154f, 0x3f787655,
            0x3eb25dfe, 0x3ef1ce47, 0x3f2924a4, 0x3f558013, 0x3f6eed88, 0x3ee2c698, 0x3f0a0955, 0x3f2ec8cc,
            0x3f4fc6c7, 0x3f625a2c, 0x3eda1200, 0x3f037af4, 0x3f234ddb, 0x3f3ddae5, 0x3f4bc84e, 0x3ea86745,
            0x3ed6a95a, 0x3f0a6fb9, 0x3f2217cb, 0x3f2d3092, 0x3e787b2e, 0x3eac9685, 0x3eebb5dc, 0x3f0c7533,
            0x3f1628be
    };

    /** v[i] = float32(((i * 2654435761) % 100003) / 1000), i the C-order index; the same in numpy. */
    static Volume hashVolume(int nx, int ny, int nz) {
        float[] v = new float[nx * ny * nz];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (((long) i * 2654435761L % 100003L) / 1000.0);
        }
        return new Volume(nx, ny, nz, v, Geometry.UNIT);
    }

    @Test
    void bitIdenticalToScipy() {
        // a volume smaller than the kernel radius on every axis: reflection repeats
        Volume v = hashVolume(5, 7, 3);
        float[] blur = Preprocess.gaussianBlur(v, 2.0, 2).data();
        float[] norm = Preprocess.blurAndNormalize(v, 2.0, 2).data();
        for (int i = 0; i < blur.length; i++) {
            assertEquals(Float.intBitsToFloat(SCIPY_BLUR_5x7x3[i]), blur[i], "blur voxel " + i);
            assertEquals(Float.intBitsToFloat(SCIPY_NORM_5x7x3[i]), norm[i], "normalised voxel " + i);
        }
    }

    static Volume random(int nx, int ny, int nz, long seed) {
        Random rnd = new Random(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rnd.nextGaussian() * 3 + 10);
        }
        return new Volume(nx, ny, nz, d, new Geometry(2, 2, 3, 1, 2, 3));
    }

    /** Reflect by repeated mirroring, written independently of the production formula. */
    static int mirror(int i, int len) {
        while (i < 0 || i >= len) {
            if (i < 0) {
                i = -i - 1;
            }
            if (i >= len) {
                i = 2 * len - 1 - i;
            }
        }
        return i;
    }

    /** Direct 3-D convolution in double with the separable scipy kernel (computed here from its definition). */
    static double[] naiveBlur(Volume v, double sigma) {
        int r = (int) (4.0 * sigma + 0.5);
        double[] k = new double[2 * r + 1];
        double s = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            s += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= s;
        }
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        double[] out = new double[v.size()];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double acc = 0;
                    for (int a = -r; a <= r; a++) {
                        for (int b = -r; b <= r; b++) {
                            for (int c = -r; c <= r; c++) {
                                acc += k[a + r] * k[b + r] * k[c + r]
                                        * v.get(mirror(x + c, nx), mirror(y + b, ny), mirror(z + a, nz));
                            }
                        }
                    }
                    out[(z * ny + y) * nx + x] = acc;
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"5,7,3,2.0", "12,9,10,2.0", "1,4,2,2.0", "6,5,7,1.0", "4,4,4,0.7"})
    void blurMatchesNaiveConvolution(int nx, int ny, int nz, double sigma) {
        Volume v = random(nx, ny, nz, 42 + nx);
        Volume b = Preprocess.gaussianBlur(v, sigma, 2);
        double[] ref = naiveBlur(v, sigma);
        assertEquals(v.geometry(), b.geometry());
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], b.data()[i], 1e-6 * Math.abs(ref[i]), "voxel " + i);
        }
    }

    @Test
    void reflectIsHalfSampleSymmetric() {
        // d c b a | a b c d | d c b a, and repeated for long extensions
        int[] idx = Preprocess.reflectIndex(4, 9);
        for (int i = 0; i < idx.length; i++) {
            assertEquals(mirror(i - 9, 4), idx[i]);
        }
        assertEquals(0, Preprocess.reflect(-1, 4));
        assertEquals(3, Preprocess.reflect(-4, 4));
        assertEquals(3, Preprocess.reflect(-5, 4));
        assertEquals(3, Preprocess.reflect(4, 4));
        assertEquals(0, Preprocess.reflect(7, 4));
        assertEquals(0, Preprocess.reflect(8, 4));
        assertEquals(0, Preprocess.reflect(-3, 1));
    }

    @Test
    void kernelIsScipys() {
        double[] w = Preprocess.halfKernel(2.0, 4.0);
        assertEquals(9, w.length);
        double s = w[0];
        for (int j = 1; j < w.length; j++) {
            s += 2 * w[j];
            assertTrue(w[j] < w[j - 1]);
        }
        assertEquals(1.0, s, 1e-15);
        // 1 / sum_{x=-8..8} exp(-x^2/8)
        assertEquals(0.199474647864745, w[0], 1e-15);
    }

    @Test
    void pairwiseSumMatchesPlainSumClosely() {
        Random rnd = new Random(1);
        for (int n : new int[] {0, 3, 8, 17, 128, 129, 1000}) {
            double[] a = new double[n];
            double s = 0;
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextDouble();
                s += a[i];
            }
            assertEquals(s, Preprocess.pairwiseSum(a, 0, n), 1e-12 * Math.max(1, n));
        }
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        assertEquals(153.0, Preprocess.pairwiseSum(a, 0, 17));
    }

    @Test
    void normalisationHitsZeroAndOneExactly() {
        Volume v = random(9, 8, 7, 3);
        Volume p = Preprocess.blurAndNormalize(v, 2.0, 1);
        float mn = Float.MAX_VALUE;
        float mx = -Float.MAX_VALUE;
        for (float f : p.data()) {
            mn = Math.min(mn, f);
            mx = Math.max(mx, f);
        }
        assertEquals(0f, mn);
        assertEquals(1f, mx);
        // float32 arithmetic: (v - min) / (max - min)
        float[] blur = Preprocess.gaussianBlur(v, 2.0, 1).data();
        float bmin = Float.MAX_VALUE;
        float bmax = -Float.MAX_VALUE;
        for (float f : blur) {
            bmin = Math.min(bmin, f);
            bmax = Math.max(bmax, f);
        }
        float range = bmax - bmin;
        for (int i = 0; i < blur.length; i++) {
            assertEquals((blur[i] - bmin) / range, p.data()[i]);
        }
    }

    @Test
    void threadCountDoesNotChangeBits() {
        Volume v = random(23, 17, 13, 5);
        float[] one = Preprocess.blurAndNormalize(v, 2.0, 1).data();
        float[] three = Preprocess.blurAndNormalize(v, 2.0, 3).data();
        assertArrayEquals(one, three);
    }

    @Test
    void inputIsNotModified() {
        Volume v = random(6, 6, 6, 8);
        float[] copy = v.data().clone();
        Preprocess.blurAndNormalize(v, 2.0, 2);
        assertArrayEquals(copy, v.data());
    }

    @Test
    void nonFiniteInputIsRejected() {
        Volume v = random(6, 6, 6, 9);
        v.data()[3] = Float.NaN;
        v.data()[7] = Float.POSITIVE_INFINITY;
        BadInputException e = assertThrows(BadInputException.class, () -> Preprocess.blurAndNormalize(v, 2.0, 1));
        assertTrue(e.getMessage().contains("contains 2 non-finite values"), e.getMessage());
    }

    @Test
    void constantVolumeIsRejected() {
        Volume v = new Volume(5, 5, 5, new float[125], Geometry.UNIT);
        java.util.Arrays.fill(v.data(), 3.5f);
        BadInputException e = assertThrows(BadInputException.class, () -> Preprocess.blurAndNormalize(v, 2.0, 1));
        assertTrue(e.getMessage().contains("constant"), e.getMessage());
    }

    @Test
    void zeroSigmaOnlyNormalises() {
        Volume v = random(4, 3, 2, 10);
        Volume p = Preprocess.blurAndNormalize(v, 0.0, 1);
        Volume q = new Volume(4, 3, 2, v.data().clone(), v.geometry());
        Preprocess.normalizeInPlace(q, 1);
        assertArrayEquals(q.data(), p.data());
        assertThrows(BadInputException.class, () -> Preprocess.blurAndNormalize(v, -1.0, 1));
    }
}
