package org.picketnf.core.s2;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Helpers for the S2 tests: random masks, run-length decoding, coordinates. */
final class S2TestUtil {
    private S2TestUtil() {
    }

    /** A mask with each voxel set with probability p. */
    static byte[] randomMask(Random rnd, int n, double p) {
        byte[] m = new byte[n];
        for (int i = 0; i < n; i++) {
            m[i] = (byte) (rnd.nextDouble() < p ? 1 : 0);
        }
        return m;
    }

    /** Union of random balls (integer centres, radius in [rmin, rmax]) plus single voxels with probability noise. */
    static byte[] blobMask(Random rnd, int nx, int ny, int nz, int balls, double rmin, double rmax, double noise) {
        byte[] m = new byte[nx * ny * nz];
        for (int b = 0; b < balls; b++) {
            int cx = rnd.nextInt(nx), cy = rnd.nextInt(ny), cz = rnd.nextInt(nz);
            double r = rmin + rnd.nextDouble() * (rmax - rmin);
            ball(m, nx, ny, nz, cx, cy, cz, r * r);
        }
        for (int i = 0; i < m.length; i++) {
            if (rnd.nextDouble() < noise) {
                m[i] = 1;
            }
        }
        return m;
    }

    /** Sets the voxels with squared distance to (cx, cy, cz) &lt;= r2. */
    static void ball(byte[] m, int nx, int ny, int nz, int cx, int cy, int cz, double r2) {
        int i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    double d2 = (double) (x - cx) * (x - cx) + (double) (y - cy) * (y - cy) + (double) (z - cz) * (z - cz);
                    if (d2 <= r2) {
                        m[i] = 1;
                    }
                }
            }
        }
    }

    /** Decodes tokens "v" and "v*count". */
    static long[] rle(String[] tokens, int from, int n) {
        long[] out = new long[n];
        int k = 0;
        for (int t = from; t < tokens.length; t++) {
            String tok = tokens[t];
            int star = tok.indexOf('*');
            long v = Long.parseLong(star < 0 ? tok : tok.substring(0, star));
            int c = star < 0 ? 1 : Integer.parseInt(tok.substring(star + 1));
            for (int j = 0; j < c; j++) {
                out[k++] = v;
            }
        }
        if (k != n) {
            throw new IllegalArgumentException("run-length data holds " + k + " values, expected " + n);
        }
        return out;
    }

    static int[] ints(String[] tokens, int from) {
        List<Integer> l = new ArrayList<>();
        for (int t = from; t < tokens.length; t++) {
            if (!tokens[t].isEmpty()) {
                l.add(Integer.parseInt(tokens[t]));
            }
        }
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] toInts(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.toIntExact(a[i]);
        }
        return out;
    }

    static byte[] toBytes(long[] a) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) a[i];
        }
        return out;
    }
}
