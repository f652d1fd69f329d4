package org.picketnf.core.s2;

/**
 * numpy 1.24's default {@code np.argsort(a)} (kind 'quicksort') for float64 keys: an introsort whose order of equal
 * keys is not raster order but a deterministic function of the input. scikit-image 0.19.3 sorts its peak candidates
 * with it, so reproducing PickET's reference outputs needs the same permutation. Written from numpy's documented
 * algorithm (median-of-three quicksort, partitions of at most 16 finished by insertion sort, the larger partition
 * pushed on a stack, heapsort once the depth exceeds 2 log2 n); checked against numpy 1.24.2 in the tests.
 */
final class NumpyArgsort {
    private static final int SMALL_QUICKSORT = 15;

    private NumpyArgsort() {
    }

    private static boolean less(double a, double b) {
        return a < b || (b != b && a == a);
    }

    /** The permutation that sorts {@code v} ascending, as numpy 1.24's {@code argsort(v)}. */
    static int[] argsort(double[] v) {
        int num = v.length;
        int[] t = new int[num];
        for (int i = 0; i < num; i++) {
            t[i] = i;
        }
        if (num <= 1) {
            return t;
        }
        int pl = 0;
        int pr = num - 1;
        int[] stack = new int[256];
        int sptr = 0;
        int[] depth = new int[128];
        int psdepth = 0;
        int cdepth = msb(num) * 2;
        for (;;) {
            if (cdepth < 0) {
                heapsort(v, t, pl, pr - pl + 1);
            } else {
                while (pr - pl > SMALL_QUICKSORT) {
                    int pm = pl + ((pr - pl) >> 1);
                    if (less(v[t[pm]], v[t[pl]])) {
                        swap(t, pm, pl);
                    }
                    if (less(v[t[pr]], v[t[pm]])) {
                        swap(t, pr, pm);
                    }
                    if (less(v[t[pm]], v[t[pl]])) {
                        swap(t, pm, pl);
                    }
                    double vp = v[t[pm]];
                    int pi = pl;
                    int pj = pr - 1;
                    swap(t, pm, pj);
                    for (;;) {
                        do {
                            ++pi;
                        } while (less(v[t[pi]], vp));
                        do {
                            --pj;
                        } while (less(vp, v[t[pj]]));
                        if (pi >= pj) {
                            break;
                        }
                        swap(t, pi, pj);
                    }
                    int pk = pr - 1;
                    swap(t, pi, pk);
                    if (pi - pl < pr - pi) {
                        stack[sptr++] = pi + 1;
                        stack[sptr++] = pr;
                        pr = pi - 1;
                    } else {
                        stack[sptr++] = pl;
                        stack[sptr++] = pi - 1;
                        pl = pi + 1;
                    }
                    depth[psdepth++] = --cdepth;
                }
                for (int pi = pl + 1; pi <= pr; ++pi) {
                    int vi = t[pi];
                    double vv = v[vi];
                    int pj = pi;
                    int pk = pi - 1;
                    while (pj > pl && less(vv, v[t[pk]])) {
                        t[pj--] = t[pk--];
                    }
                    t[pj] = vi;
                }
            }
            if (sptr == 0) {
                break;
            }
            pr = stack[--sptr];
            pl = stack[--sptr];
            cdepth = depth[--psdepth];
        }
        return t;
    }

    private static int msb(int n) {
        int d = 0;
        while ((n >>>= 1) != 0) {
            d++;
        }
        return d;
    }

    private static void swap(int[] t, int i, int j) {
        int x = t[i];
        t[i] = t[j];
        t[j] = x;
    }

    /** numpy's aheapsort on t[off .. off+n), 1-based heap indexing. */
    private static void heapsort(double[] v, int[] t, int off, int n) {
        int base = off - 1;
        for (int l = n >> 1; l > 0; --l) {
            int tmp = t[base + l];
            int i = l;
            for (int j = l << 1; j <= n; ) {
                if (j < n && less(v[t[base + j]], v[t[base + j + 1]])) {
                    j += 1;
                }
                if (less(v[tmp], v[t[base + j]])) {
                    t[base + i] = t[base + j];
                    i = j;
                    j += j;
                } else {
                    break;
                }
            }
            t[base + i] = tmp;
        }
        for (; n > 1; ) {
            int tmp = t[base + n];
            t[base + n] = t[base + 1];
            n -= 1;
            int i = 1;
            for (int j = 2; j <= n; ) {
                if (j < n && less(v[t[base + j]], v[t[base + j + 1]])) {
                    j++;
                }
                if (less(v[tmp], v[t[base + j]])) {
                    t[base + i] = t[base + j];
                    i = j;
                    j += j;
                } else {
                    break;
                }
            }
            t[base + i] = tmp;
        }
    }
}
