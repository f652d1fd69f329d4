package org.picketnf.core.s2;

import org.picketnf.core.Shape;

/** Argument checks shared by the S2 numerics. */
final class S2Checks {
    private S2Checks() {
    }

    /**
     * Checks that an array called {@code what} has length nx*ny*nz (the shape's dimensions are >= 0 by
     * construction) and returns it.
     */
    static int dims(Shape shape, int length, String what) {
        if (length < 0) {
            throw new IllegalArgumentException(what + " is null");
        }
        long n = shape.voxels();
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
