package org.picketnf.core.s1;

/**
 * Row kernels for odd-length correlations whose complex kernel k(e) = a(e) + i b(e), e = -h..h, has an even real
 * part (a(-e) = a(e)) and an odd imaginary part (b(-e) = -b(e)): a centred DFT or a centred Gabor factor.
 *
 * <p>Then sum_e k(e) Z(e) = a0 Z(0) + sum_{e=1..h} [a_e P_e + i b_e M_e] with P_e = Z(e) + Z(-e) and
 * M_e = Z(e) - Z(-e). The "sym" planes P_e, M_e are computed once per input and shared by every kernel applied to
 * it, which halves the multiplications.
 *
 * <p>Every loop indexes all its arrays with the same plain loop index (no offsets): JDK 17's C2 vectorises only
 * such loops. Rows that are shifted copies (x-pass taps) are therefore materialised with System.arraycopy.
 *
 * <p>Plane layouts of a sym buffer (array of planes, each at least len long):
 * real input: 0 = Z0, 2e-1 = P_e, 2e = M_e (1+2h planes);
 * complex input: 0 = Re Z0, 1 = Im Z0, 4e-2 = Re P_e, 4e-1 = Im P_e, 4e = Re M_e, 4e+1 = Im M_e (2+4h planes).
 * Inputs are n = 2h+1 tap rows: tap d holds Z(d - h) at index i.
 */
final class SymTaps {
    private SymTaps() {
    }

    static void symReal(float[][] in, int h, int len, float[][] sym) {
        System.arraycopy(in[h], 0, sym[0], 0, len);
        for (int e = 1; e <= h; e++) {
            float[] p = in[h + e];
            float[] m = in[h - e];
            float[] sp = sym[2 * e - 1];
            float[] sm = sym[2 * e];
            for (int i = 0; i < len; i++) {
                sp[i] = p[i] + m[i];
            }
            for (int i = 0; i < len; i++) {
                sm[i] = p[i] - m[i];
            }
        }
    }

    static void symComplex(float[][] re, float[][] im, int h, int len, float[][] sym) {
        System.arraycopy(re[h], 0, sym[0], 0, len);
        System.arraycopy(im[h], 0, sym[1], 0, len);
        for (int e = 1; e <= h; e++) {
            float[] pr = re[h + e];
            float[] mr = re[h - e];
            float[] pi = im[h + e];
            float[] mi = im[h - e];
            float[] sPr = sym[4 * e - 2];
            float[] sPi = sym[4 * e - 1];
            float[] sMr = sym[4 * e];
            float[] sMi = sym[4 * e + 1];
            for (int i = 0; i < len; i++) {
                sPr[i] = pr[i] + mr[i];
            }
            for (int i = 0; i < len; i++) {
                sMr[i] = pr[i] - mr[i];
            }
            for (int i = 0; i < len; i++) {
                sPi[i] = pi[i] + mi[i];
            }
            for (int i = 0; i < len; i++) {
                sMi[i] = pi[i] - mi[i];
            }
        }
    }

    /**
     * Applies kernel (a, sign*b) to a real-input sym buffer: Re = a0 Z0 + sum a_e P_e, Im = sign * sum b_e M_e.
     * outIm may be null (only the real part is wanted).
     */
    static void applyReal(float[][] sym, int h, int len, float[] a, float[] b, float sign,
                          float[] outRe, float[] outIm) {
        if (h == 2) {
            applyReal2(sym, len, a, b, sign, outRe, outIm);
            return;
        }
        float a0 = a[0];
        float[] z0 = sym[0];
        for (int i = 0; i < len; i++) {
            outRe[i] = a0 * z0[i];
        }
        for (int e = 1; e <= h; e++) {
            float ae = a[e];
            float[] pe = sym[2 * e - 1];
            for (int i = 0; i < len; i++) {
                outRe[i] += ae * pe[i];
            }
        }
        if (outIm == null) {
            return;
        }
        if (h == 0) {
            for (int i = 0; i < len; i++) {
                outIm[i] = 0f;
            }
            return;
        }
        float b1 = sign * b[1];
        float[] m1 = sym[2];
        for (int i = 0; i < len; i++) {
            outIm[i] = b1 * m1[i];
        }
        for (int e = 2; e <= h; e++) {
            float be = sign * b[e];
            float[] me = sym[2 * e];
            for (int i = 0; i < len; i++) {
                outIm[i] += be * me[i];
            }
        }
    }

    /**
     * Applies kernel (a, sign*b) to a complex-input sym buffer:
     * Re = a0 Re Z0 + sum (a_e Re P_e - s b_e Im M_e), Im = a0 Im Z0 + sum (a_e Im P_e + s b_e Re M_e).
     */
    static void applyComplex(float[][] sym, int h, int len, float[] a, float[] b, float sign,
                             float[] outRe, float[] outIm) {
        if (h == 2) {
            applyComplex2(sym, len, a, b, sign, outRe, outIm);
            return;
        }
        float a0 = a[0];
        float[] zr = sym[0];
        float[] zi = sym[1];
        for (int i = 0; i < len; i++) {
            outRe[i] = a0 * zr[i];
        }
        for (int i = 0; i < len; i++) {
            outIm[i] = a0 * zi[i];
        }
        for (int e = 1; e <= h; e++) {
            float ae = a[e];
            float be = sign * b[e];
            float[] pr = sym[4 * e - 2];
            float[] pi = sym[4 * e - 1];
            float[] mr = sym[4 * e];
            float[] mi = sym[4 * e + 1];
            for (int i = 0; i < len; i++) {
                outRe[i] += ae * pr[i] - be * mi[i];
            }
            for (int i = 0; i < len; i++) {
                outIm[i] += ae * pi[i] + be * mr[i];
            }
        }
    }

    /** {@link #applyReal} for h = 2 (n = 5), one pass per output. */
    private static void applyReal2(float[][] sym, int len, float[] a, float[] b, float sign,
                                   float[] outRe, float[] outIm) {
        float a0 = a[0];
        float a1 = a[1];
        float a2 = a[2];
        float[] z0 = sym[0];
        float[] p1 = sym[1];
        float[] p2 = sym[3];
        for (int i = 0; i < len; i++) {
            outRe[i] = a0 * z0[i] + a1 * p1[i] + a2 * p2[i];
        }
        if (outIm == null) {
            return;
        }
        float b1 = sign * b[1];
        float b2 = sign * b[2];
        float[] m1 = sym[2];
        float[] m2 = sym[4];
        for (int i = 0; i < len; i++) {
            outIm[i] = b1 * m1[i] + b2 * m2[i];
        }
    }

    /** {@link #applyComplex} for h = 2 (n = 5), one pass per output. */
    private static void applyComplex2(float[][] sym, int len, float[] a, float[] b, float sign,
                                      float[] outRe, float[] outIm) {
        float a0 = a[0];
        float a1 = a[1];
        float a2 = a[2];
        float b1 = sign * b[1];
        float b2 = sign * b[2];
        float[] zr = sym[0];
        float[] zi = sym[1];
        float[] pr1 = sym[2];
        float[] pi1 = sym[3];
        float[] mr1 = sym[4];
        float[] mi1 = sym[5];
        float[] pr2 = sym[6];
        float[] pi2 = sym[7];
        float[] mr2 = sym[8];
        float[] mi2 = sym[9];
        for (int i = 0; i < len; i++) {
            outRe[i] = a0 * zr[i] + a1 * pr1[i] + a2 * pr2[i] - (b1 * mi1[i] + b2 * mi2[i]);
        }
        for (int i = 0; i < len; i++) {
            outIm[i] = a0 * zi[i] + a1 * pi1[i] + a2 * pi2[i] + (b1 * mr1[i] + b2 * mr2[i]);
        }
    }

    /** Shifted copies for an x-pass: taps[d][i] = row[i + d], d = 0..n-1, i = 0..len-1. */
    static void shiftedTaps(float[] row, int n, int len, float[][] taps) {
        for (int d = 0; d < n; d++) {
            System.arraycopy(row, d, taps[d], 0, len);
        }
    }

    static float[][] planes(int count, int len) {
        return new float[count][len];
    }
}
