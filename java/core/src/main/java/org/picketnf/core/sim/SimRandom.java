package org.picketnf.core.sim;

import java.util.SplittableRandom;

/**
 * Seeded random numbers for the simulator, built only on {@link SplittableRandom#nextLong()} (whose algorithm is
 * fixed) and {@link StrictMath}, so that the same seed gives the same numbers on every JVM and platform.
 *
 * <p>Each stage, and each plane within a stage, gets its own stream derived from (seed, stage, index) by
 * {@link #derive}; no stream is shared between threads, so results never depend on scheduling.
 */
final class SimRandom {
    /** Stream ids of the stages. */
    static final long STAGE_PARTICLES = 1;
    static final long STAGE_NOISE = 2;

    private final SplittableRandom r;
    private boolean haveSpare;
    private double spare;

    SimRandom(long seed) {
        this.r = new SplittableRandom(seed);
    }

    /** A stream for (seed, stage, index): a 64-bit mix of the three, so nearby indices give unrelated streams. */
    static SimRandom derive(long seed, long stage, long index) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        h = mix(h + stage * 0x9E3779B97F4A7C15L);
        h = mix(h + index * 0xBB67AE8584CAA73BL);
        return new SimRandom(h);
    }

    /** A bijective 64-bit finaliser (xor-shift-multiply). */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double uniform() {
        return (r.nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * uniform();
    }

    /** Uniform integer in [0, n), n &gt; 0 (multiply-shift on 32 high bits; bias below 2^-32 * n). */
    int nextInt(int n) {
        return (int) (((r.nextLong() >>> 32) * n) >>> 32);
    }

    /** A standard normal deviate (Marsaglia's polar method; the second value of each pair is kept). */
    double gaussian() {
        if (haveSpare) {
            haveSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * uniform() - 1;
            v = 2 * uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spare = v * m;
        haveSpare = true;
        return u * m;
    }

    /** A uniformly random unit vector (normalised Gaussian triple). */
    double[] unitVector() {
        double x;
        double y;
        double z;
        double n;
        do {
            x = gaussian();
            y = gaussian();
            z = gaussian();
            n = StrictMath.sqrt(x * x + y * y + z * z);
        } while (n < 1e-9);
        return new double[] {x / n, y / n, z / n};
    }

    /**
     * A uniformly random rotation as a row-major 3x3 matrix, from a uniform unit quaternion (a normalised
     * Gaussian 4-vector).
     */
    double[] rotation() {
        double a;
        double b;
        double c;
        double d;
        double n;
        do {
            a = gaussian();
            b = gaussian();
            c = gaussian();
            d = gaussian();
            n = StrictMath.sqrt(a * a + b * b + c * c + d * d);
        } while (n < 1e-9);
        a /= n;
        b /= n;
        c /= n;
        d /= n;
        return new double[] {
            1 - 2 * (c * c + d * d), 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), 1 - 2 * (b * b + d * d), 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), 1 - 2 * (b * b + c * c),
        };
    }
}
