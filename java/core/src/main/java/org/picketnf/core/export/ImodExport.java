package org.picketnf.core.export;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.picketnf.core.s2.Particle;

/**
 * An IMOD binary model ({@code .mod}) with one scattered-point object holding one contour with one point per
 * particle, as {@code point2model -scat} makes one. Layout from IMOD's "IMOD Binary Model File Format, Version 1,
 * Revision 2" ({@code html/binspec.html}) and its writer {@code imodel_write} ({@code libimod/imodel_files.c}):
 * big-endian; "IMOD" "V1.2"; the 232-byte model header; "OBJT" + the 176-byte object; "CONT" + 16 bytes
 * (psize, flags, time, surf) + psize x 3 floats; the object's "IMAT" chunk (16 bytes, IMOD's default material);
 * "IEOF".
 *
 * <p>Coordinates are image index coordinates of the output-pixel tomogram, where IMOD puts the centre of pixel
 * {@code i} at {@code i + 0.5} in X and Y and section {@code k} at {@code z = k}: IMOD's
 * {@code imodutil/clonevolume.c} converts "from image index to model coordinates" as {@code x = ix + 0.5,
 * y = iy + 0.5, z = iSlice}, 3dmod's Zap window maps a click on the left edge of pixel i to x = i
 * ({@code ZapFuncs::getixy}), and {@code boxstartend} centres a box on {@code nint(x - 0.5)}. So a 0-based output
 * pixel (x, y, z) is written (x + 0.5, y + 0.5, z). {@code model2point -float} prints these values; without
 * {@code -float} it rounds them to the nearest integer.
 */
public final class ImodExport {
    static final int IMODF_NEW_TO_3DMOD = 1 << 11;
    static final int IMODF_MULTIPLE_CLIP = 1 << 12;
    static final int IMODF_MAT1_IS_BYTES = 1 << 13;
    static final int OBJFLAG_OPEN = 1 << 3;
    static final int OBJFLAG_SCAT = 1 << 9;
    static final int UNITS_PIXEL = 0;
    static final int UNITS_ANGSTROM = -10;

    private ImodExport() {
    }

    /**
     * The model file of {@code ps} for the output pixel size of {@code g}; {@code objectName} names the object
     * (at most 63 ASCII characters). The header's xmax/ymax/zmax are the output tomogram size, the pixel size is the
     * output pixel size in Angstrom (units -10) when trusted, else 1 with units 0 ("pixels", IMOD's default).
     */
    public static byte[] model(List<Particle> ps, ExportGeometry g, String objectName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) { // DataOutputStream is big-endian
            out.writeBytes("IMODV1.2");
            fixed(out, "picket-nf " + g.tomogramName(), 128);
            out.writeInt((int) g.outputSize(0)); // xmax
            out.writeInt((int) g.outputSize(1)); // ymax
            out.writeInt((int) g.outputSize(2)); // zmax
            out.writeInt(1); // objsize
            out.writeInt(IMODF_NEW_TO_3DMOD | IMODF_MULTIPLE_CLIP | IMODF_MAT1_IS_BYTES); // flags as point2model
            out.writeInt(1); // drawmode
            out.writeInt(2); // mousemode: IMOD_MMOVIE
            out.writeInt(0); // blacklevel
            out.writeInt(255); // whitelevel
            for (int i = 0; i < 3; i++) {
                out.writeFloat(0f); // x/y/z offset
            }
            for (int i = 0; i < 3; i++) {
                out.writeFloat(1f); // x/y/z scale
            }
            out.writeInt(-1); // current object
            out.writeInt(-1); // current contour
            out.writeInt(-1); // current point
            out.writeInt(3); // res
            out.writeInt(128); // thresh
            out.writeFloat(g.pixelSizeTrusted() ? (float) g.outputPixelSize() : 1f); // pixsize
            out.writeInt(g.pixelSizeTrusted() ? UNITS_ANGSTROM : UNITS_PIXEL); // units
            out.writeInt(0); // csum
            for (int i = 0; i < 3; i++) {
                out.writeFloat(0f); // alpha, beta, gamma
            }
            out.writeBytes("OBJT");
            fixed(out, objectName, 64);
            for (int i = 0; i < 16; i++) {
                out.writeInt(0); // extra
            }
            out.writeInt(ps.isEmpty() ? 0 : 1); // contsize
            out.writeInt(OBJFLAG_SCAT | OBJFLAG_OPEN); // flags
            out.writeInt(0); // axis
            out.writeInt(1); // drawmode
            out.writeFloat(0f); // red
            out.writeFloat(1f); // green
            out.writeFloat(0f); // blue
            out.writeInt(5); // pdrawsize: sphere radius in 3D, pixels
            out.writeByte(0); // symbol: circle
            out.writeByte(5); // symsize
            out.writeByte(1); // linewidth2
            out.writeByte(1); // linewidth
            out.writeByte(0); // linesty
            out.writeByte(0); // symflags
            out.writeByte(0); // sympad
            out.writeByte(0); // trans
            out.writeInt(0); // meshsize
            out.writeInt(0); // surfsize
            if (!ps.isEmpty()) {
                out.writeBytes("CONT");
                out.writeInt(ps.size()); // psize
                out.writeInt(0); // flags
                out.writeInt(0); // time
                out.writeInt(0); // surf
                for (Particle p : ps) {
                    out.writeFloat((float) (g.toOutput(p.x()) + 0.5));
                    out.writeFloat((float) (g.toOutput(p.y()) + 0.5));
                    out.writeFloat((float) g.toOutput(p.z()));
                }
            }
            out.writeBytes("IMAT");
            out.writeInt(16);
            out.write(new byte[] {102, (byte) 255, 127, 4}); // ambient, diffuse, specular, shininess
            out.write(new byte[] {0, 0, 0, 0}); // fill red, green, blue, quality
            out.writeInt(0); // mat2
            out.write(new byte[] {0, (byte) 255, 0, 0}); // valblack, valwhite, matflags2, mat3b3
            out.writeBytes("IEOF");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void fixed(DataOutputStream out, String s, int length) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= length) {
            throw new IllegalArgumentException("'" + s + "' is longer than " + (length - 1) + " characters");
        }
        out.write(b);
        out.write(new byte[length - b.length]); // NUL-terminated and padded
    }
}
