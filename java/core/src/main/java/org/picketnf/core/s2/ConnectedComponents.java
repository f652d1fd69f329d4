package org.picketnf.core.s2;

import java.util.Arrays;

import org.picketnf.core.Shape;

/**
 * Connected-component labelling with 6-connectivity (faces), as {@code scipy.ndimage.label} with its default
 * structure.
 */
public final class ConnectedComponents {
    private ConnectedComponents() {
    }

    /**
     * 6-connectivity labelling of {@code mask != 0}; labels are numbered 1..count in raster order (x fastest, then y,
     * then z) of each component's first voxel, as scipy.ndimage.label numbers them.
     *
     * <p>One raster pass gives every voxel a provisional label, joined with its -x, -y and -z neighbours in a
     * union-find forest whose root is always the smallest provisional label (so the one given at the component's
     * first voxel); a second pass replaces provisional labels by their component's rank.
     *
     * @throws IllegalArgumentException if a dimension is negative or mask.length != nx*ny*nz
     */
    public static Instances label(byte[] mask, Shape shape) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        int n = S2Checks.dims(shape, mask == null ? -1 : mask.length, "mask");
        int[] labels = new int[n];
        int slice = nx * ny;
        // parent[l] for provisional labels l >= 1; parent[0] unused.
        int[] parent = new int[1024];
        int next = 1;
        int i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int left = 0; // provisional label of (x-1, y, z), 0 if background or x == 0
                for (int x = 0; x < nx; x++, i++) {
                    if (mask[i] == 0) {
                        left = 0;
                        continue;
                    }
                    int up = y > 0 ? labels[i - nx] : 0;
                    int back = z > 0 ? labels[i - slice] : 0;
                    int l = left;
                    if (l == 0) {
                        if (up != 0) {
                            l = up;
                            up = 0;
                        } else if (back != 0) {
                            l = back;
                            back = 0;
                        }
                    }
                    if (l == 0) {
                        if (next == parent.length) {
                            if (next == Integer.MAX_VALUE - 8) {
                                throw new IllegalStateException("too many provisional labels");
                            }
                            parent = Arrays.copyOf(parent, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * next));
                        }
                        parent[next] = next;
                        l = next++;
                    } else {
                        if (up != 0 && up != l) {
                            union(parent, l, up);
                        }
                        if (back != 0 && back != l) {
                            union(parent, l, back);
                        }
                    }
                    labels[i] = l;
                    left = l;
                }
            }
        }
        // Final numbering. Union always hangs the larger root under the smaller, and path halving only moves links
        // to smaller labels, so parent[l] < l for every non-root l. Roots are the smallest provisional label of their
        // tree, given at the component's first voxel in raster order, so ranking roots in increasing order numbers
        // components in raster order. In one increasing pass, parent[l] becomes the final number of l's component:
        // a root gets the next number; a non-root copies the (already final) entry of its parent.
        int count = 0;
        for (int l = 1; l < next; l++) {
            int p = parent[l];
            parent[l] = p == l ? ++count : parent[p];
        }
        for (int j = 0; j < n; j++) {
            int l = labels[j];
            if (l != 0) {
                labels[j] = parent[l];
            }
        }
        return new Instances(nx, ny, nz, labels, count);
    }

    private static int find(int[] parent, int a) {
        while (true) {
            int p = parent[a];
            if (p == a) {
                return a;
            }
            int gp = parent[p];
            parent[a] = gp;
            a = gp;
        }
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra < rb) {
            parent[rb] = ra;
        } else if (rb < ra) {
            parent[ra] = rb;
        }
    }
}
