package org.picketnf.core.s1;

import org.picketnf.core.Volume;

/**
 * Per-voxel features of PickET's cubic windows, one z-section at a time.
 *
 * <p>A window of odd size n = {@link #size()} (h = n/2) is centred on an interior voxel (h &lt;= x &lt; nx-h,
 * h &lt;= y &lt; ny-h, h &lt;= z &lt; nz-h) of a preprocessed volume ({@code data[(z*ny + y)*nx + x]}); flattened in C
 * order its element (dz*n + dy)*n + dx holds the voxel at offset (dz-h, dy-h, dx-h).
 *
 * <p>Threading: implementations are immutable and {@link #section} allocates its own (small) scratch, so one
 * instance may be called from several threads at once, for different or equal z. The result of a call depends only
 * on the volume and z, never on which thread or in which order sections are computed.
 */
public interface SectionFeatures {
    /** Number of floats per voxel. */
    int dimension();

    /** Window size n (odd, &gt;= 1). */
    int size();

    /**
     * Features of every interior voxel of section z (h &lt;= z &lt; nz-h): rows y = h..ny-h-1, in each row
     * x = h..nx-h-1, {@link #dimension()} floats per voxel, written to out from index 0 (voxel
     * (y-h)*(nx-2h) + (x-h) starts at that index times dimension()). Writes nothing if nx or ny is below n.
     *
     * @throws IllegalArgumentException if z is not interior or out is shorter than {@link #sectionLength}
     */
    void section(Volume pre, int z, float[] out);

    /**
     * The features of one interior window, voxel {@code index} of section z in {@link #section}'s order (index =
     * (y-h) * (nx-2h) + (x-h)), written to {@code out} at {@code off}: the same floats as that row of section().
     * By default {@link #section} of the window's own n x n x n block: every pass of the three modes is element-wise
     * along x and y (a voxel's value depends only on the voxels of its window, by the same operations in the same
     * order), so the block gives the section's values bit for bit (SectionFeaturesWindowTest). Costs one block's
     * passes, much less than a section when few of its windows are wanted (the fitting sample of a large tomogram).
     */
    default void window(Volume pre, int z, int index, float[] out, int off) {
        int n = size();
        int h = n / 2;
        int ix = pre.nx() - 2 * h;
        int iy = pre.ny() - 2 * h;
        if (z < h || z >= pre.nz() - h || ix <= 0 || iy <= 0 || index < 0 || index >= ix * iy) {
            throw new IllegalArgumentException("window " + index + " of section " + z + " is not interior for n=" + n
                    + " in " + pre);
        }
        int y = index / ix + h;
        int x = index % ix + h;
        float[] block = new float[n * n * n];
        float[] d = pre.data();
        for (int dz = 0; dz < n; dz++) {
            for (int dy = 0; dy < n; dy++) {
                System.arraycopy(d, ((z - h + dz) * pre.ny() + (y - h + dy)) * pre.nx() + (x - h), block,
                        (dz * n + dy) * n, n);
            }
        }
        float[] one = new float[dimension()];
        section(new Volume(n, n, n, block, pre.geometry()), h, one);
        System.arraycopy(one, 0, out, off, one.length);
    }

    /** Length of the array {@link #section} fills for this volume: (nx-2h)*(ny-2h)*dimension(), or 0. */
    default int sectionLength(Volume pre) {
        int h = size() / 2;
        long vox = (long) Math.max(0, pre.nx() - 2 * h) * Math.max(0, pre.ny() - 2 * h);
        long len = vox * dimension();
        if (len > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("section features of " + pre + " exceed one Java array");
        }
        return (int) len;
    }

    /** Checks n is odd and &gt;= 1; returns h = n/2. */
    static int checkSize(int n) {
        if (n < 1 || n % 2 == 0) {
            throw new IllegalArgumentException("neighborhood size must be odd and >= 1, got " + n);
        }
        return n / 2;
    }

    /** Common argument checks for {@link #section}; returns false if the section has no interior voxels. */
    static boolean checkSection(SectionFeatures f, Volume pre, int z, float[] out) {
        int h = f.size() / 2;
        if (z < h || z >= pre.nz() - h) {
            throw new IllegalArgumentException("section z=" + z + " is not interior for n=" + f.size()
                    + " in a volume with nz=" + pre.nz());
        }
        int len = f.sectionLength(pre);
        if (out.length < len) {
            throw new IllegalArgumentException("output array has " + out.length + " floats, section needs " + len);
        }
        return len > 0;
    }
}
