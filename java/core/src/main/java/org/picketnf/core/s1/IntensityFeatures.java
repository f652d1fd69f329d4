package org.picketnf.core.s1;

import org.picketnf.core.Volume;

/**
 * PickET's {@code intensities} feature: the n^3 voxel values of the window, in C order (index (dz*n + dy)*n + dx
 * for offset (dz-h, dy-h, dx-h)). Dimension n^3 (125 for n = 5). Exact copies, no arithmetic. Thread-safe.
 */
public final class IntensityFeatures implements SectionFeatures {
    private final int n;

    /** @param n window size, odd and &gt;= 1 */
    public IntensityFeatures(int n) {
        SectionFeatures.checkSize(n);
        this.n = n;
    }

    @Override
    public int dimension() {
        return n * n * n;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void section(Volume pre, int z, float[] out) {
        if (!SectionFeatures.checkSection(this, pre, z, out)) {
            return;
        }
        rows(pre, z, 0, pre.ny() - 2 * (n / 2), out);
    }

    /**
     * The windows of interior rows [rowFrom, rowTo) of section z (row r is centred on y = r + n/2), written to
     * {@code out} from index 0 exactly as {@link #section} writes those rows: the same values, so a caller can work on
     * a few rows at a time (in cache) instead of a whole section. No checks beyond the array bounds.
     */
    public void rows(Volume pre, int z, int rowFrom, int rowTo, float[] out) {
        int h = n / 2;
        int nx = pre.nx();
        int ny = pre.ny();
        float[] d = pre.data();
        int dim = dimension();
        int o = 0;
        for (int y = rowFrom + h; y < rowTo + h; y++) {
            for (int x = h; x < nx - h; x++) {
                copyWindow(d, nx, ny, z, y, x, out, o);
                o += dim;
            }
        }
    }

    /**
     * The window of interior voxel {@code index} of section z (index = row * (nx - n + 1) + column, the order of
     * {@link #section}) written to {@code out} at {@code off}: the same values as row {@code index} of section().
     */
    @Override
    public void window(Volume pre, int z, int index, float[] out, int off) {
        int h = n / 2;
        int ix = pre.nx() - 2 * h;
        int row = index / ix;
        copyWindow(pre.data(), pre.nx(), pre.ny(), z, row + h, index - row * ix + h, out, off);
    }

    private void copyWindow(float[] d, int nx, int ny, int z, int y, int x, float[] out, int off) {
        int h = n / 2;
        int k = off;
        for (int dz = 0; dz < n; dz++) {
            for (int dy = 0; dy < n; dy++) {
                int src = ((z - h + dz) * ny + (y - h + dy)) * nx + (x - h);
                System.arraycopy(d, src, out, k, n);
                k += n;
            }
        }
    }
}
