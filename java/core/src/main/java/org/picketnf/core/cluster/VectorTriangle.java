package org.picketnf.core.cluster;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API tile of {@link TriangleKernel}: 8 matrix rows times 2 vectors of samples, 16 accumulators.
 * Only loaded when the {@code jdk.incubator.vector} module is present. The tile and the two epilogues are separate
 * small methods on purpose, and no vector crosses a method boundary (the 16 stores are written out in each tile): C2
 * keeps vectors in registers only within what it inlines, and one large method with the epilogue inlined, or
 * accumulators passed to a helper, ran three times slower (vectors boxed on the heap). {@link #tile} and
 * {@link #syrkTile} share their body on purpose too: one strided tile for both, with the update's rows first copied
 * into one block, made the M-step 20% slower (KernelRoofline, alternated in one session: 1.8-1.9 against 2.35-2.40
 * M rows per second).
 */
final class VectorTriangle {
    private VectorTriangle() {
    }

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Samples per tile: two vectors. */
    static final int STEP = 2 * L;

    /** At least 256-bit vectors (AVX2): below that the scalar path is as fast. */
    static boolean usable() {
        return L >= 4;
    }

    /**
     * {@code acc[r * STEP + v]} = sum over m &lt; mm of {@code p[m * 8 + r] * col[m * stride + i + v]}, as one fma chain
     * per lane from zero, for r &lt; 8 and v &lt; STEP.
     */
    static void tile(double[] col, int stride, int i, double[] p, int mm, double[] acc) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        DoubleVector a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int m = 0; m < mm; m++) {
            int o = m * stride + i;
            DoubleVector c0 = DoubleVector.fromArray(S, col, o);
            DoubleVector c1 = DoubleVector.fromArray(S, col, o + L);
            int po = m * 8;
            DoubleVector w = DoubleVector.broadcast(S, p[po]);
            a00 = w.fma(c0, a00);
            a01 = w.fma(c1, a01);
            w = DoubleVector.broadcast(S, p[po + 1]);
            a10 = w.fma(c0, a10);
            a11 = w.fma(c1, a11);
            w = DoubleVector.broadcast(S, p[po + 2]);
            a20 = w.fma(c0, a20);
            a21 = w.fma(c1, a21);
            w = DoubleVector.broadcast(S, p[po + 3]);
            a30 = w.fma(c0, a30);
            a31 = w.fma(c1, a31);
            w = DoubleVector.broadcast(S, p[po + 4]);
            a40 = w.fma(c0, a40);
            a41 = w.fma(c1, a41);
            w = DoubleVector.broadcast(S, p[po + 5]);
            a50 = w.fma(c0, a50);
            a51 = w.fma(c1, a51);
            w = DoubleVector.broadcast(S, p[po + 6]);
            a60 = w.fma(c0, a60);
            a61 = w.fma(c1, a61);
            w = DoubleVector.broadcast(S, p[po + 7]);
            a70 = w.fma(c0, a70);
            a71 = w.fma(c1, a71);
        }
        a00.intoArray(acc, 0);
        a01.intoArray(acc, L);
        a10.intoArray(acc, STEP);
        a11.intoArray(acc, STEP + L);
        a20.intoArray(acc, 2 * STEP);
        a21.intoArray(acc, 2 * STEP + L);
        a30.intoArray(acc, 3 * STEP);
        a31.intoArray(acc, 3 * STEP + L);
        a40.intoArray(acc, 4 * STEP);
        a41.intoArray(acc, 4 * STEP + L);
        a50.intoArray(acc, 5 * STEP);
        a51.intoArray(acc, 5 * STEP + L);
        a60.intoArray(acc, 6 * STEP);
        a61.intoArray(acc, 6 * STEP + L);
        a70.intoArray(acc, 7 * STEP);
        a71.intoArray(acc, 7 * STEP + L);
    }

    /** {@code q += c * (c * diag_j + (t + t) - b2_j)} for the tile's 8 rows j = j0 + r in order, c = column j. */
    static void symmetricRows(double[] q, int i, double[] col, int stride, int j0, double[] diag, double[] b2,
                              double[] acc) {
        DoubleVector q0 = DoubleVector.fromArray(S, q, i);
        DoubleVector q1 = DoubleVector.fromArray(S, q, i + L);
        for (int r = 0; r < 8; r++) {
            int j = j0 + r;
            DoubleVector aj = DoubleVector.broadcast(S, diag[j]);
            DoubleVector bj = DoubleVector.broadcast(S, b2[j]);
            DoubleVector c0 = DoubleVector.fromArray(S, col, j * stride + i);
            DoubleVector c1 = DoubleVector.fromArray(S, col, j * stride + i + L);
            DoubleVector t0 = DoubleVector.fromArray(S, acc, r * STEP);
            DoubleVector t1 = DoubleVector.fromArray(S, acc, r * STEP + L);
            q0 = q0.add(c0.mul(c0.mul(aj).add(t0.add(t0)).sub(bj)));
            q1 = q1.add(c1.mul(c1.mul(aj).add(t1.add(t1)).sub(bj)));
        }
        q0.intoArray(q, i);
        q1.intoArray(q, i + L);
    }

    /** {@code q += t * t} for the tile's 8 rows in order. */
    static void squareRows(double[] q, int i, double[] acc) {
        DoubleVector q0 = DoubleVector.fromArray(S, q, i);
        DoubleVector q1 = DoubleVector.fromArray(S, q, i + L);
        for (int r = 0; r < 8; r++) {
            DoubleVector t0 = DoubleVector.fromArray(S, acc, r * STEP);
            DoubleVector t1 = DoubleVector.fromArray(S, acc, r * STEP + L);
            q0 = q0.add(t0.mul(t0));
            q1 = q1.add(t1.mul(t1));
        }
        q0.intoArray(q, i);
        q1.intoArray(q, i + L);
    }

    /**
     * {@code acc[r * STEP + v]} = sum over i &lt; count of {@code row[i][j0 + r] * row[i][m0 + v]}, as one fma chain per
     * lane from zero, for r &lt; 8 and v &lt; STEP (the tile of a rank-k update; rows need j0 + 8 and m0 + STEP entries).
     */
    static void syrkTile(double[][] row, int count, int j0, int m0, double[] acc) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        DoubleVector a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int i = 0; i < count; i++) {
            double[] x = row[i];
            DoubleVector c0 = DoubleVector.fromArray(S, x, m0);
            DoubleVector c1 = DoubleVector.fromArray(S, x, m0 + L);
            DoubleVector w = DoubleVector.broadcast(S, x[j0]);
            a00 = w.fma(c0, a00);
            a01 = w.fma(c1, a01);
            w = DoubleVector.broadcast(S, x[j0 + 1]);
            a10 = w.fma(c0, a10);
            a11 = w.fma(c1, a11);
            w = DoubleVector.broadcast(S, x[j0 + 2]);
            a20 = w.fma(c0, a20);
            a21 = w.fma(c1, a21);
            w = DoubleVector.broadcast(S, x[j0 + 3]);
            a30 = w.fma(c0, a30);
            a31 = w.fma(c1, a31);
            w = DoubleVector.broadcast(S, x[j0 + 4]);
            a40 = w.fma(c0, a40);
            a41 = w.fma(c1, a41);
            w = DoubleVector.broadcast(S, x[j0 + 5]);
            a50 = w.fma(c0, a50);
            a51 = w.fma(c1, a51);
            w = DoubleVector.broadcast(S, x[j0 + 6]);
            a60 = w.fma(c0, a60);
            a61 = w.fma(c1, a61);
            w = DoubleVector.broadcast(S, x[j0 + 7]);
            a70 = w.fma(c0, a70);
            a71 = w.fma(c1, a71);
        }
        a00.intoArray(acc, 0);
        a01.intoArray(acc, L);
        a10.intoArray(acc, STEP);
        a11.intoArray(acc, STEP + L);
        a20.intoArray(acc, 2 * STEP);
        a21.intoArray(acc, 2 * STEP + L);
        a30.intoArray(acc, 3 * STEP);
        a31.intoArray(acc, 3 * STEP + L);
        a40.intoArray(acc, 4 * STEP);
        a41.intoArray(acc, 4 * STEP + L);
        a50.intoArray(acc, 5 * STEP);
        a51.intoArray(acc, 5 * STEP + L);
        a60.intoArray(acc, 6 * STEP);
        a61.intoArray(acc, 6 * STEP + L);
        a70.intoArray(acc, 7 * STEP);
        a71.intoArray(acc, 7 * STEP + L);
    }
}
