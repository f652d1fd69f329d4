package org.picketnf.core.s2;

/** Argument checks shared by the S2 numerics. */
final class S2Checks {
    private S2Checks() {
    }

    /** Checks dimensions are >= 0 and that an array called {@code what} has length nx*ny*nz. */
    static int dims(int nx, int ny, int nz, int length, String what) {
        if (nx < 0 || ny < 0 || nz < 0) {
            throw new IllegalArgumentException("dimensions must be >= 0, got " + nx + "x" + ny + "x" + nz);
        }
        if (length < 0) {
            throw new IllegalArgumentException(what + " is null");
        }
        long n = (long) nx * ny * nz;
        if (n != length) {
            throw new IllegalArgumentException(what + " length " + length + " != nx*ny*nz = " + n);
        }
        return (int) n;
    }

    static void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }
}
