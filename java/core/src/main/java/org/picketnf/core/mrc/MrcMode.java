package org.picketnf.core.mrc;

/** MRC2014 data modes, with the number of bits per stored voxel. */
public enum MrcMode {
    /** int8 (or uint8 in IMOD files whose flags say unsigned). */
    INT8(0, 8, true, "int8"),
    INT16(1, 16, true, "int16"),
    FLOAT32(2, 32, true, "float32"),
    COMPLEX_INT16(3, 32, false, "complex int16"),
    COMPLEX_FLOAT32(4, 64, false, "complex float32"),
    UINT16(6, 16, true, "uint16"),
    FLOAT16(12, 16, true, "float16"),
    /** 4-bit unsigned, two voxels per byte, low nibble first, each row padded to a whole byte. */
    UINT4(101, 4, true, "4-bit packed");

    private final int code;
    private final int bits;
    private final boolean real;
    private final String label;

    MrcMode(int code, int bits, boolean real, String label) {
        this.code = code;
        this.bits = bits;
        this.real = real;
        this.label = label;
    }

    /** The MODE word in the header. */
    public int code() { return code; }

    /** Bits per voxel in the file. */
    public int bits() { return bits; }

    /** True for real-valued modes that this project reads as density. */
    public boolean isReal() { return real; }

    public String label() { return label; }

    /** Bytes taken by one row of {@code nx} voxels (4-bit rows are padded to a whole byte). */
    public long rowBytes(long nx) {
        return bits == 4 ? (nx + 1) / 2 : nx * (bits / 8);
    }

    /** The mode with this code, or null when the code is not an MRC2014 mode. */
    public static MrcMode of(int code) {
        for (MrcMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }
}
