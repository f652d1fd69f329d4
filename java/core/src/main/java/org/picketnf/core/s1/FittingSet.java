package org.picketnf.core.s1;

import java.util.SplittableRandom;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Shape;

/**
 * Which neighborhoods the clusterers are fitted on: every window lying wholly inside the z-slab
 * [lowerZ, upperZ) (PickET's {@code tomogram[z_lb:z_ub]}, so window centres run from lowerZ+h to upperZ-h-1),
 * or, when there are more than {@code max} of them, a uniform random subset of exactly {@code max} without
 * replacement drawn with a seeded generator (selection sampling, Knuth's Algorithm S, in scan order: z, then y,
 * then x). PickET draws its subset unseeded; ours is reproducible.
 */
public final class FittingSet {
    private final int nx;
    private final int ny;
    private final int h;
    private final int zFirst;
    private final int zEnd;
    private final long total;
    private final long selected;
    private final boolean[][] picks; // per centre section: which interior voxels are in; null = all

    private FittingSet(int nx, int ny, int h, int zFirst, int zEnd, long total, long selected, boolean[][] picks) {
        this.nx = nx;
        this.ny = ny;
        this.h = h;
        this.zFirst = zFirst;
        this.zEnd = zEnd;
        this.total = total;
        this.selected = selected;
        this.picks = picks;
    }

    /**
     * @param lowerZ first section of the fitting slab (inclusive)
     * @param upperZ end of the slab (exclusive)
     * @param max    most neighborhoods to fit on; {@code <= 0} means no limit
     * @throws BadInputException if the slab is outside the volume or holds no whole window
     */
    public static FittingSet of(Shape shape, int n, int lowerZ, int upperZ, long max, long seed) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        int h = n / 2;
        if (lowerZ < 0 || upperZ > nz || lowerZ >= upperZ) {
            throw new BadInputException("z-limits [" + lowerZ + ", " + upperZ + ") are empty or outside the volume's"
                    + " 0.." + nz + " sections");
        }
        if (upperZ - lowerZ < n || nx < n || ny < n) {
            throw new BadInputException("the fitting slab " + nx + "x" + ny + "x" + (upperZ - lowerZ)
                    + " is smaller than one " + n + "^3 neighborhood");
        }
        int zFirst = lowerZ + h;
        int zEnd = upperZ - h;
        long perSection = (long) (nx - 2 * h) * (ny - 2 * h);
        long total = perSection * (zEnd - zFirst);
        if (max <= 0 || max >= total) {
            return new FittingSet(nx, ny, h, zFirst, zEnd, total, total, null);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[][] picks = new boolean[zEnd - zFirst][(int) perSection];
        long need = max;
        long left = total;
        for (int s = 0; s < picks.length; s++) {
            boolean[] p = picks[s];
            for (int i = 0; i < p.length; i++) {
                if (rng.nextDouble() * left < need) {
                    p[i] = true;
                    need--;
                }
                left--;
            }
        }
        return new FittingSet(nx, ny, h, zFirst, zEnd, total, max, picks);
    }

    /** First window-centre section. */
    public int zFirst() { return zFirst; }
    /** End (exclusive) of the window-centre sections. */
    public int zEnd() { return zEnd; }
    /** Windows in the slab. */
    public long total() { return total; }
    /** Windows fitted on ({@code <= total}). */
    public long selected() { return selected; }
    public boolean subsampled() { return picks != null; }
    /** Interior voxels per section ((nx-2h) * (ny-2h)). */
    public int perSection() { return (nx - 2 * h) * (ny - 2 * h); }

    /**
     * Which interior voxels of centre section {@code z} (row-major over y then x) are in the set, or null when all are.
     */
    public boolean[] picks(int z) {
        return picks == null ? null : picks[z - zFirst];
    }

    /** How many windows of centre section {@code z} are in the set. */
    public int count(int z) {
        boolean[] p = picks(z);
        if (p == null) {
            return perSection();
        }
        int c = 0;
        for (boolean b : p) {
            if (b) {
                c++;
            }
        }
        return c;
    }
}
