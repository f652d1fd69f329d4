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
        int h = n / 2;
        int nx = pre.nx();
        int ny = pre.ny();
        float[] d = pre.data();
        int dim = dimension();
        int o = 0;
        for (int y = h; y < ny - h; y++) {
            for (int x = h; x < nx - h; x++) {
                int k = o;
                for (int dz = 0; dz < n; dz++) {
                    for (int dy = 0; dy < n; dy++) {
                        int src = ((z - h + dz) * ny + (y - h + dy)) * nx + (x - h);
                        System.arraycopy(d, src, out, k, n);
                        k += n;
                    }
                }
                o += dim;
            }
        }
    }
}
