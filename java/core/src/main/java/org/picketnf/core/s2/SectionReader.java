package org.picketnf.core.s2;

/** Reads the z-sections [z0, z1) of a volume into {@code dst} from {@code off} (x fastest, then y, then z). */
@FunctionalInterface
public interface SectionReader {
    void read(int z0, int z1, float[] dst, int off);
}
