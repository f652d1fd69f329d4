package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.picketnf.core.Shape;

/** Size estimates on analytic phantoms (balls of known radius) and the derived parameters, computed by hand. */
class ParticleSizeTest {
    private static final int N = 64;

    /** Balls of radius r (voxels with squared distance <= r^2) at the given centres, in an N^3 mask. */
    private static byte[] balls(int[][] centres, double r) {
        return balls(N, centres, r);
    }

    private static byte[] balls(int n, int[][] centres, double r) {
        byte[] m = new byte[n * n * n];
        for (int[] c : centres) {
            addBall(n, m, c[0], c[1], c[2], r);
        }
        return m;
    }

    private static void addBall(byte[] m, int cx, int cy, int cz, double r) {
        addBall(N, m, cx, cy, cz, r);
    }

    private static void addBall(int n, byte[] m, int cx, int cy, int cz, double r) {
        int ri = (int) Math.ceil(r);
        for (int z = cz - ri; z <= cz + ri; z++) {
            for (int y = cy - ri; y <= cy + ri; y++) {
                for (int x = cx - ri; x <= cx + ri; x++) {
                    double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);
                    if (d2 <= r * r) {
                        m[(z * n + y) * n + x] = 1;
                    }
                }
            }
        }
    }

    private static final int[][] EIGHT = {{16, 16, 16}, {48, 16, 16}, {16, 48, 16}, {48, 48, 16},
        {16, 16, 48}, {48, 16, 48}, {16, 48, 48}, {48, 48, 48}};

    @Test
    void maskDiameterOfBallsIsTheirExtent() {
        for (int r : new int[] {3, 5, 8, 11}) {
            byte[] m = balls(EIGHT, r);
            float[] edt = DistanceTransform.edt(m, new Shape(N, N, N), 1);
            ParticleSize.MaskEstimate e = ParticleSize.maskDiameter(edt, new Shape(N, N, N));
            // a voxelised ball of radius r (squared distance <= r^2) has its EDT maximum at the centre, the distance
            // to the nearest voxel outside, (r, 1, 0): sqrt(r^2 + 1)
            assertEquals(2 * Math.sqrt(r * r + 1), e.diameter(), 1e-4, "r=" + r);
            assertEquals(8, e.maxima(), "one maximum per ball, r=" + r);
        }
    }

    @Test
    void maskDiameterIgnoresSpecksAndFollowsTheVolumeOfBlobs() {
        // four balls of radius 7, forty small ones of radius 2.5 and one-voxel specks everywhere
        List<int[]> big = List.of(new int[] {14, 14, 14}, new int[] {48, 14, 30}, new int[] {14, 48, 48},
                new int[] {48, 48, 14});
        byte[] m = new byte[N * N * N];
        for (int[] c : big) {
            addBall(m, c[0], c[1], c[2], 7);
        }
        SplittableRandom rnd = new SplittableRandom(5);
        int small = 0;
        while (small < 40) {
            int x = 3 + rnd.nextInt(N - 6);
            int y = 3 + rnd.nextInt(N - 6);
            int z = 3 + rnd.nextInt(N - 6);
            boolean free = true;
            for (int[] c : big) {
                double d = Math.sqrt((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2]));
                free &= d > 12;
            }
            if (free) {
                addBall(m, x, y, z, 2.5);
                small++;
            }
        }
        for (int k = 0; k < 500; k++) {
            int i = rnd.nextInt(m.length);
            if (m[i] == 0) {
                m[i] = 1;
            }
        }
        float[] edt = DistanceTransform.edt(m, new Shape(N, N, N), 2);
        ParticleSize.MaskEstimate e = ParticleSize.maskDiameter(edt, new Shape(N, N, N));
        // maxima sqrt(50) (big) and sqrt(7) (small; specks have 1, below the 2 counted); weights r^3:
        // 4 x 353.6 = 1414 against 40 x 18.5 = 741: the median is a big ball's, diameter 2 sqrt(50)
        assertEquals(2 * Math.sqrt(50), e.diameter(), 1e-4);
    }

    @Test
    void emptyMaskHasNoEstimateAndNoParameters() {
        float[] edt = DistanceTransform.edt(new byte[N * N * N], new Shape(N, N, N), 1);
        ParticleSize.MaskEstimate e = ParticleSize.maskDiameter(edt, new Shape(N, N, N));
        assertTrue(Double.isNaN(e.diameter()));
        assertNull(ParticleSize.derive(Double.NaN, e.diameter(), Double.NaN));
    }

    /** A tomogram of balls of radius r with density {@code sign} on 0, plus seeded Gaussian noise of sd 0.5. */
    private static float[] tomogram(int n, int[][] centres, double r, float sign, long seed) {
        byte[] m = balls(n, centres, r);
        float[] t = new float[m.length];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < t.length; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            t[i] = (m[i] != 0 ? sign : 0f) + (float) (0.5 * g);
        }
        return t;
    }

    @Test
    void densityProfileMeasuresTheParticlesNotTheMask() {
        int n = 80;
        int[][] c = new int[8][];
        for (int k = 0; k < 8; k++) {
            c[k] = new int[] {(k & 1) == 0 ? 22 : 58, (k & 2) == 0 ? 22 : 58, (k & 4) == 0 ? 22 : 58};
        }
        for (float sign : new float[] {-1f, 1f}) {
            float[] t = tomogram(n, c, 6, sign, 3);
            // masks of radius 3 (thin, like KMeans) and 7 (fat, like GMM) around the same particles
            for (double maskR : new double[] {3, 7}) {
                byte[] m = balls(n, c, maskR);
                float[] edt = DistanceTransform.edt(m, new Shape(n, n, n), 1);
                int[] mx = ParticleSize.maxima(edt, new Shape(n, n, n), ParticleSize.MIN_PEAK_RADIUS);
                ParticleSize.MaskEstimate me = ParticleSize.maskDiameter(edt, mx, ParticleSize.MIN_PEAK_RADIUS);
                ParticleSize.ProfileEstimate pe = ParticleSize.profileDiameter(
                        (z0, z1, dst, off) -> System.arraycopy(t, z0 * n * n, dst, off, (z1 - z0) * n * n),
                        new Shape(n, n, n), mx, me.diameter());
                // contrast is full to shell 5, partial in shell 6 (distances 5.5-6.5, inside up to 6), 0 beyond:
                // half is crossed near 6, diameter about 12 whatever the mask's radius
                assertEquals(12.0, pe.diameter(), 1.0, "sign " + sign + " mask radius " + maskR + ": " + pe);
                assertEquals(8, pe.peaksUsed());
            }
        }
    }

    @Test
    void profileHalfContrastIsInterpolated() {
        // background level 2 (mean of the last three shells); contrast -1, -1, -0.8, -0.4, 0, 0, 0, 0, 0
        double[] prof = {1, 1, 1.2, 1.6, 2, 2, 2, 2, 2};
        ParticleSize.ProfileEstimate e = ParticleSize.fromProfile(prof, 5);
        // half of 1 is crossed between shell 2 (0.8) and 3 (0.4): 2 + 0.3/0.4 = 2.75
        assertEquals(5.5, e.diameter(), 1e-12);
        // a bright speck at the centre does not flip the side: the volume-weighted inner contrast is negative
        double[] speck = {3, 1, 1, 1.5, 2, 2, 2, 2, 2};
        // (from shell 1, contrast 1: half is reached exactly at shell 3 and crossed at shell 4: radius 3)
        assertEquals(6.0, ParticleSize.fromProfile(speck, 5).diameter(), 1e-12);
        // bright particles
        double[] bright = {3, 3, 2.8, 2.4, 2, 2, 2, 2, 2};
        assertEquals(5.5, ParticleSize.fromProfile(bright, 5).diameter(), 1e-12);
        assertTrue(Double.isNaN(ParticleSize.fromProfile(new double[] {2, 2, 2, 2, 2, 2, 2, 2}, 1).diameter()));
    }

    @Test
    void derivedParametersByHand() {
        // particle diameter 10 (profile or user), mask blob diameter 10: V = pi/6 1000 = 523.599
        ParticleSize.Derived d = ParticleSize.derive(10, 10, Double.NaN);
        assertEquals(8, d.minDistance());                 // round(0.8 x 10)
        assertEquals(131, d.minVoxels());                 // round(0.25 x 523.599) = round(130.90)
        assertEquals(4189, d.maxVoxels());                // round(8 x 523.599) = round(4188.79)
        // mask only, blob diameter 15: min_distance round(0.5 x 15) = round(7.5) = 8; V = 1767.146
        ParticleSize.Derived m = ParticleSize.derive(Double.NaN, 15, Double.NaN);
        assertEquals(8, m.minDistance());
        assertEquals(442, m.minVoxels());                 // round(441.79)
        assertEquals(14137, m.maxVoxels());               // round(14137.17)
        // profile 9 and mask 6: min from the mask (V(6) = 113.097 -> 28), max from the larger (V(9) = 381.704)
        ParticleSize.Derived pm = ParticleSize.derive(9, 6, Double.NaN);
        assertEquals(7, pm.minDistance());                // round(7.2)
        assertEquals(28, pm.minVoxels());                 // round(28.27)
        assertEquals(3054, pm.maxVoxels());               // round(3053.63)
        // a user diameter sets both ends of the filter
        ParticleSize.Derived u = ParticleSize.derive(4, 20, 4);
        assertEquals(3, u.minDistance());                 // round(3.2)
        assertEquals(8, u.minVoxels());                   // round(0.25 x 33.510) = round(8.38)
        assertEquals(268, u.maxVoxels());                 // round(268.08)
        // tiny particles: min_distance never below 2
        assertEquals(2, ParticleSize.derive(1.5, 1.5, Double.NaN).minDistance());
    }

    @Test
    void maximaAreOrderedByValueThenRaster() {
        float[] e = new float[27];
        e[4] = 3;   // (1,1,0)
        e[22] = 3;  // (1,1,2)
        e[13] = 2;  // centre, below both
        int[] mx = ParticleSize.maxima(e, new Shape(3, 3, 3), 1);
        assertEquals(List.of(4, 22), toList(mx));
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int v : a) {
            l.add(v);
        }
        return l;
    }
}
