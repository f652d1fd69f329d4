package org.picketnf.core.s1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.Volume;

class FeaturesTest {

    /** Uniform [0,1) values, like a normalised tomogram (but uncorrelated). */
    static Volume random(int nx, int ny, int nz, long seed) {
        Random rnd = new Random(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat();
        }
        return new Volume(nx, ny, nz, d, Geometry.UNIT);
    }

    /** The window centred on (x, y, z), C order, in double. */
    static double[] window(Volume v, int n, int x, int y, int z) {
        int h = n / 2;
        double[] w = new double[n * n * n];
        for (int dz = 0; dz < n; dz++) {
            for (int dy = 0; dy < n; dy++) {
                for (int dx = 0; dx < n; dx++) {
                    w[(dz * n + dy) * n + dx] = v.get(x - h + dx, y - h + dy, z - h + dz);
                }
            }
        }
        return w;
    }

    /** |fftshift(fftn(w))| by the DFT definition, in double. */
    static double[] naiveShiftedFftMagnitudes(double[] w, int n) {
        int h = n / 2;
        double[] out = new double[n * n * n];
        for (int iz = 0; iz < n; iz++) {
            for (int iy = 0; iy < n; iy++) {
                for (int ix = 0; ix < n; ix++) {
                    // fftshift: shifted index i holds frequency i - h
                    int kz = iz - h;
                    int ky = iy - h;
                    int kx = ix - h;
                    double re = 0;
                    double im = 0;
                    for (int dz = 0; dz < n; dz++) {
                        for (int dy = 0; dy < n; dy++) {
                            for (int dx = 0; dx < n; dx++) {
                                double t = -2 * Math.PI * ((double) kz * dz + (double) ky * dy + (double) kx * dx) / n;
                                double val = w[(dz * n + dy) * n + dx];
                                re += val * Math.cos(t);
                                im += val * Math.sin(t);
                            }
                        }
                    }
                    out[(iz * n + iy) * n + ix] = Math.hypot(re, im);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------ intensities

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 7})
    void intensitiesAreTheWindowExactly(int n) {
        Volume v = random(11, 9, 8, 1 + n);
        IntensityFeatures f = new IntensityFeatures(n);
        assertEquals(n * n * n, f.dimension());
        float[] all = SectionRunner.all(f, v, 2);
        int h = n / 2;
        int k = 0;
        for (int z = h; z < v.nz() - h; z++) {
            for (int y = h; y < v.ny() - h; y++) {
                for (int x = h; x < v.nx() - h; x++) {
                    double[] w = window(v, n, x, y, z);
                    for (int i = 0; i < w.length; i++) {
                        assertEquals((float) w[i], all[k++]);
                    }
                }
            }
        }
        assertEquals(all.length, k);
    }

    // ------------------------------------------------------------------------------------ FFT

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 7})
    void fftMatchesNaiveDft(int n) {
        Volume v = random(12, 10, n + 3, 10 + n);
        FftFeatures f = new FftFeatures(n);
        int dim = (n * n * n + 1) / 2;
        assertEquals(dim, f.dimension());
        float[] all = SectionRunner.all(f, v, 2);
        int h = n / 2;
        int k = 0;
        double worst = 0;
        for (int z = h; z < v.nz() - h; z++) {
            for (int y = h; y < v.ny() - h; y++) {
                for (int x = h; x < v.nx() - h; x++) {
                    double[] ref = naiveShiftedFftMagnitudes(window(v, n, x, y, z), n);
                    float[] reduced = new float[dim];
                    System.arraycopy(all, k * dim, reduced, 0, dim);
                    k++;
                    float[] got = FftFeatures.expandToPicket(reduced);
                    double max = 0;
                    double norm2 = 0;
                    for (double r : ref) {
                        max = Math.max(max, r);
                        norm2 += r * r;
                    }
                    for (int i = 0; i < ref.length; i++) {
                        double err = Math.abs(got[i] - ref[i]) / max;
                        worst = Math.max(worst, err);
                        assertTrue(err < 1e-4, "n=" + n + " voxel " + x + "," + y + "," + z + " freq " + i
                                + ": " + got[i] + " vs " + ref[i]);
                    }
                    double rn2 = 0;
                    for (float r : reduced) {
                        rn2 += (double) r * r;
                    }
                    assertEquals(norm2, rn2, 1e-5 * norm2, "squared norm is preserved");
                }
            }
        }
        assertTrue(worst < 1e-5, "worst relative error " + worst);
    }

    @Test
    void fftReducedOrderingIsTheUpperHalf() {
        // a window that is a single voxel at offset (dz, dy, dx) = (0,0,1) from the corner: |X| = 1 everywhere
        // a plane wave along x with kx = 1: X non-zero only at (0,0,+-1)
        int n = 5;
        float[] d = new float[n * n * n];
        for (int dz = 0; dz < n; dz++) {
            for (int dy = 0; dy < n; dy++) {
                for (int dx = 0; dx < n; dx++) {
                    d[(dz * n + dy) * n + dx] = (float) Math.cos(2 * Math.PI * dx / n);
                }
            }
        }
        Volume v = new Volume(n, n, n, d, Geometry.UNIT);
        float[] r = new float[63];
        new FftFeatures(n).section(v, 2, r);
        // |X(0,0,1)| = 125/2; reduced index of (kz,ky,kx) = (0,0,1) is 1
        assertEquals(Math.sqrt(2) * 62.5, r[1], 1e-3);
        for (int j = 0; j < r.length; j++) {
            if (j != 1) {
                assertEquals(0, r[j], 1e-4, "index " + j);
            }
        }
        float[] full = FftFeatures.expandToPicket(r);
        assertEquals(62.5, full[63], 1e-4); // shifted (2,2,3)
        assertEquals(62.5, full[61], 1e-4); // shifted (2,2,1)
        assertThrows(IllegalArgumentException.class, () -> FftFeatures.expandToPicket(new float[62]));
    }

    // ------------------------------------------------------------------------------------ Gabor bank

    @Test
    void gaborBankHandValues() {
        float[][] bank = GaborFeatures.bank(5, 10);
        assertEquals(1000, bank.length);
        assertEquals(125, bank[0].length);
        // envelope: the all-zero-frequency filter is the envelope itself
        float[] g = bank[0];
        assertEquals(1.0f, g[62], 0f);
        assertEquals(0.5698, g[61], 1e-4); // face neighbour
        assertEquals(0.3247, g[56], 1e-4); // edge neighbour (dz=2,dy=1,dx=1)
        assertEquals(0.1054, g[60], 1e-4); // r = 2 along x
        assertEquals(0.00117, g[0], 1e-5); // corner
        // f = 0.5 along x (ix = 9): the wave on the centre line is [1, -0.707, 0, 0.707, -1]
        float[] fx = bank[9];
        double[] wave = {1, -Math.sqrt(0.5), 0, Math.sqrt(0.5), -1};
        for (int dx = 0; dx < 5; dx++) {
            int i = (2 * 5 + 2) * 5 + dx;
            assertEquals(wave[dx] * g[i], fx[i], 1e-6, "dx=" + dx);
        }
        // meshgrid swap: iy (middle digit) runs along the window's z axis, iz along its y axis
        float[] alongZ = bank[9 * 10];
        float[] alongY = bank[9 * 100];
        for (int t = 0; t < 5; t++) {
            int iz = (t * 5 + 2) * 5 + 2;
            int iy = (2 * 5 + t) * 5 + 2;
            assertEquals(wave[t] * g[iz], alongZ[iz], 1e-6);
            assertEquals(wave[t] * g[iy], alongY[iy], 1e-6);
        }
    }

    @Test
    void gaborFrequencies() {
        double[] f = GaborFeatures.frequencies(10);
        assertEquals(0.0, f[0]);
        assertEquals(0.5 / 9, f[1], 1e-17);
        assertEquals(0.5, f[9]);
    }

    /** Responses of selected filters vs plain dot products with the explicit bank. */
    @ParameterizedTest
    @ValueSource(ints = {3, 5, 7})
    void gaborMatchesDotProductsWithTheBank(int n) {
        int ns = n == 5 ? 10 : 4;
        float[][] bank = GaborFeatures.bank(n, ns);
        Random rnd = new Random(7);
        int[] sel = new int[n == 5 ? 64 : 20];
        for (int i = 0; i < sel.length; i++) {
            sel[i] = rnd.nextInt(bank.length);
        }
        sel[0] = 0;
        sel[1] = bank.length - 1;
        Volume v = random(13, 11, n + 2, 20 + n);
        GaborFeatures f = new GaborFeatures(n, ns, sel);
        assertEquals(sel.length, f.dimension());
        float[] all = SectionRunner.all(f, v, 2);
        int h = n / 2;
        int k = 0;
        for (int z = h; z < v.nz() - h; z++) {
            for (int y = h; y < v.ny() - h; y++) {
                for (int x = h; x < v.nx() - h; x++) {
                    double[] w = window(v, n, x, y, z);
                    double[] ref = new double[sel.length];
                    double max = 0;
                    for (int s = 0; s < sel.length; s++) {
                        for (int i = 0; i < w.length; i++) {
                            ref[s] += w[i] * bank[sel[s]][i];
                        }
                        max = Math.max(max, Math.abs(ref[s]));
                    }
                    for (int s = 0; s < sel.length; s++) {
                        float got = all[k * sel.length + s];
                        assertEquals(ref[s], got, 1e-4 * max, "filter " + sel[s] + " at " + x + "," + y + "," + z);
                        assertEquals(ref[s], got, 2e-6 * max + 1e-6);
                    }
                    k++;
                }
            }
        }
    }

    @Test
    void selectionIsArgsortTail() {
        double[] std = {0.5, 0.1, 0.9, 0.3, 0.9, Double.NaN, 0.2};
        // ascending: 1(0.1) 6(0.2) 3(0.3) 0(0.5) 2(0.9) 4(0.9) 5(NaN)
        assertArrayEquals(new int[] {2, 4, 5}, GaborFeatures.selectFilters(std, 3));
        assertArrayEquals(new int[] {0, 2, 4, 5}, GaborFeatures.selectFilters(std, 4));
        assertArrayEquals(new int[] {1, 6, 3, 0, 2, 4, 5}, GaborFeatures.selectFilters(std, 100));
        double[] ties = {1, 1, 1, 1};
        assertArrayEquals(new int[] {2, 3}, GaborFeatures.selectFilters(ties, 2));
        // -0.0 ties with 0.0 (as in numpy), so the index decides
        assertArrayEquals(new int[] {0, 1}, GaborFeatures.selectFilters(new double[] {-0.0, 0.0, -1}, 2));
        assertArrayEquals(new int[] {0, 1}, GaborFeatures.selectFilters(new double[] {0.0, -0.0, -1}, 2));
        assertThrows(BadInputException.class, () -> GaborFeatures.selectFilters(std, 0));
    }

    /** Bank statistics (sum, sum of squares, std) vs naive dot products, dense and sparse picks. */
    @Test
    void bankStatsMatchNaive() {
        int n = 5;
        int ns = 4;
        float[][] bank = GaborFeatures.bank(n, ns);
        Volume v = random(40, 9, 8, 99);
        int h = 2;
        int nxi = v.nx() - 2 * h;
        int nyi = v.ny() - 2 * h;
        Random rnd = new Random(3);
        boolean[][] picks = new boolean[v.nz()][];
        for (int z = h; z < v.nz() - h; z++) {
            boolean[] p = new boolean[nxi * nyi];
            for (int yi = 0; yi < nyi; yi++) {
                // alternate dense rows (vector path) and sparse rows (per-voxel path)
                double density = yi % 2 == 0 ? 0.8 : 0.05;
                for (int xi = 0; xi < nxi; xi++) {
                    p[yi * nxi + xi] = rnd.nextDouble() < density;
                }
            }
            picks[z] = z == h ? null : p;
        }
        GaborFeatures.BankStats st = GaborFeatures.bankStats(v, n, ns, h, v.nz() - h, z -> picks[z], 1);
        double[] sum = new double[bank.length];
        double[] sumSq = new double[bank.length];
        long count = 0;
        for (int z = h; z < v.nz() - h; z++) {
            for (int y = h; y < v.ny() - h; y++) {
                for (int x = h; x < v.nx() - h; x++) {
                    if (picks[z] != null && !picks[z][(y - h) * nxi + (x - h)]) {
                        continue;
                    }
                    count++;
                    double[] w = window(v, n, x, y, z);
                    for (int s = 0; s < bank.length; s++) {
                        double r = 0;
                        for (int i = 0; i < w.length; i++) {
                            r += w[i] * bank[s][i];
                        }
                        sum[s] += r;
                        sumSq[s] += r * r;
                    }
                }
            }
        }
        assertEquals(count, st.count());
        double[] std = st.std();
        for (int s = 0; s < bank.length; s++) {
            assertEquals(sum[s], st.sum()[s], 1e-5 * (Math.abs(sum[s]) + count * 1e-2));
            assertEquals(sumSq[s], st.sumSq()[s], 1e-5 * sumSq[s] + 1e-9);
            double mean = sum[s] / count;
            double ref = Math.sqrt(sumSq[s] / count - mean * mean);
            assertEquals(ref, std[s], 1e-4 * ref + 1e-6, "filter " + s);
        }
        // the same with 3 threads, to the bit
        GaborFeatures.BankStats st3 = GaborFeatures.bankStats(v, n, ns, h, v.nz() - h, z -> picks[z], 3);
        assertArrayEquals(st.sum(), st3.sum());
        assertArrayEquals(st.sumSq(), st3.sumSq());
    }

    /** The per-voxel path (few picked voxels) and the row path give the same bits. */
    @Test
    void sparseAndRowPathsAgreeToTheBit() {
        Volume v = random(30, 9, 7, 12);
        int nxi = 26;
        int[] all = new int[1000];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        GaborFeatures g = new GaborFeatures(5, 10, all);
        float[] feat = new float[g.sectionLength(v)];
        g.section(v, 3, feat);
        int voxel = 2 * nxi + 17;
        boolean[] one = new boolean[nxi * 5];
        one[voxel] = true;
        double[] sum = new double[1000];
        double[] sumSq = new double[1000];
        assertEquals(1, GaborFeatures.accumulateBankStats(v, 5, 10, 3, one, sum, sumSq));
        for (int s = 0; s < 1000; s++) {
            assertEquals(feat[voxel * 1000 + s], (float) sum[s], "filter " + s);
        }
    }

    // ------------------------------------------------------------------------------------ threads, modes

    @Test
    void threadCountDoesNotChangeBits() {
        Volume v = random(21, 14, 12, 5);
        int[] sel = GaborFeatures.selectFilters(
                GaborFeatures.bankStats(v, 5, 10, 2, 10, null, 2).std(), 64);
        SectionFeatures[] fs = {new IntensityFeatures(5), new FftFeatures(5), new GaborFeatures(5, 10, sel)};
        for (SectionFeatures f : fs) {
            assertArrayEquals(SectionRunner.all(f, v, 1), SectionRunner.all(f, v, 3), f.getClass().getSimpleName());
        }
    }

    @Test
    void sectionChecksArguments() {
        Volume v = random(8, 8, 8, 6);
        FftFeatures f = new FftFeatures(5);
        assertThrows(IllegalArgumentException.class, () -> f.section(v, 1, new float[f.sectionLength(v)]));
        assertThrows(IllegalArgumentException.class, () -> f.section(v, 6, new float[f.sectionLength(v)]));
        assertThrows(IllegalArgumentException.class, () -> f.section(v, 3, new float[10]));
        assertThrows(IllegalArgumentException.class, () -> new FftFeatures(4));
        assertThrows(IllegalArgumentException.class, () -> GaborFeatures.bank(1, 10));
        // too thin in x: no interior voxels, nothing written
        Volume thin = random(3, 8, 8, 6);
        assertEquals(0, f.sectionLength(thin));
        f.section(thin, 3, new float[0]);
    }

    @Test
    void modesParse() {
        assertSame(FeatureMode.INTENSITIES, FeatureMode.parse("intensities"));
        assertSame(FeatureMode.FFTS, FeatureMode.parse("ffts"));
        assertSame(FeatureMode.GABOR, FeatureMode.parse("gabor"));
        assertEquals("ffts", FeatureMode.FFTS.label());
        BadInputException e = assertThrows(BadInputException.class, () -> FeatureMode.parse("fft"));
        assertTrue(e.getMessage().contains("fft"));
        assertThrows(BadInputException.class, () -> FeatureMode.parse(null));
    }

    /** IntensityFeatures.rows and .window give exactly the values of section(), for any block of rows and any window. */
    @Test
    void intensityRowsAndWindowsEqualTheSection() {
        Volume v = random(13, 11, 9, 7);
        IntensityFeatures f = new IntensityFeatures(5);
        int d = f.dimension();
        int ix = 13 - 4;
        int iy = 11 - 4;
        for (int z = 2; z < 9 - 2; z++) {
            float[] section = new float[ix * iy * d];
            f.section(v, z, section);
            for (int block = 1; block <= iy; block++) {
                for (int r0 = 0; r0 < iy; r0 += block) {
                    int r1 = Math.min(iy, r0 + block);
                    float[] rows = new float[(r1 - r0) * ix * d];
                    f.rows(v, z, r0, r1, rows);
                    assertArrayEquals(java.util.Arrays.copyOfRange(section, r0 * ix * d, r1 * ix * d), rows,
                            "z " + z + " rows " + r0 + ".." + r1);
                }
            }
            for (int i = 0; i < ix * iy; i++) {
                float[] w = new float[d + 3];
                f.window(v, z, i, w, 3);
                assertArrayEquals(java.util.Arrays.copyOfRange(section, i * d, (i + 1) * d),
                        java.util.Arrays.copyOfRange(w, 3, d + 3), "z " + z + " window " + i);
                // window i is voxel (x, y) = (i % ix + 2, i / ix + 2): its centre value is the volume's
                assertEquals(v.data()[(z * 11 + i / ix + 2) * 13 + i % ix + 2], w[3 + d / 2], 0f);
            }
        }
    }
}
