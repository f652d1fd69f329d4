package org.picketnf.core.sim;

/**
 * A separable Gaussian low-pass in real space: a normalised kernel of radius ceil(3 sigma), edges handled by
 * repeating the edge value. Each output value is a fixed-order float sum, so results do not depend on threads.
 */
final class GaussianBlur {
    private final float[] w;
    private final int radius;

    /** @param sigma standard deviation in voxels, &gt; 0 */
    GaussianBlur(double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        }
        radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] d = new double[radius + 1];
        double sum = 0;
        for (int j = 0; j <= radius; j++) {
            d[j] = StrictMath.exp(-(double) j * j / (2 * sigma * sigma));
            sum += j == 0 ? d[j] : 2 * d[j];
        }
        w = new float[radius + 1];
        for (int j = 0; j <= radius; j++) {
            w[j] = (float) (d[j] / sum);
        }
    }

    int radius() {
        return radius;
    }

    /** Blurs {@code n} contiguous values of {@code a} from {@code off} in place; {@code tmp} holds at least n. */
    void row(float[] a, int off, int n, float[] tmp) {
        System.arraycopy(a, off, tmp, 0, n);
        int last = n - 1;
        for (int i = 0; i < n; i++) {
            float s = w[0] * tmp[i];
            for (int j = 1; j <= radius; j++) {
                int lo = i - j < 0 ? 0 : i - j;
                int hi = i + j > last ? last : i + j;
                s += w[j] * (tmp[lo] + tmp[hi]);
            }
            a[off + i] = s;
        }
    }

    /**
     * Blurs across rows: {@code src} holds {@code rows} rows of {@code rowLen} values from offset {@code off}; each
     * output row is the weighted sum of neighbouring input rows. Writes into {@code dst} from offset 0.
     */
    void acrossRows(float[] src, int off, int rowLen, int rows, float[] dst) {
        int last = rows - 1;
        for (int r = 0; r < rows; r++) {
            int o = r * rowLen;
            int c = off + o;
            float w0 = w[0];
            for (int x = 0; x < rowLen; x++) {
                dst[o + x] = w0 * src[c + x];
            }
            for (int j = 1; j <= radius; j++) {
                int lo = off + (r - j < 0 ? 0 : r - j) * rowLen;
                int hi = off + (r + j > last ? last : r + j) * rowLen;
                float wj = w[j];
                for (int x = 0; x < rowLen; x++) {
                    dst[o + x] += wj * (src[lo + x] + src[hi + x]);
                }
            }
        }
    }
}
