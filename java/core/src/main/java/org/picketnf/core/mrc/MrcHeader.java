package org.picketnf.core.mrc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.picketnf.core.Geometry;
import org.picketnf.core.Shape;

/**
 * The 1024-byte MRC2014 main header, as stored (columns/rows/sections, before any axis permutation).
 * Immutable; parse with {@link #parse(ByteBuffer, String)}, make one for writing with {@link #forWriting}.
 *
 * <p>Field offsets follow the MRC2014 definition (Cheng et al. 2015, J. Struct. Biol. 192:146):
 * words 1-3 NX NY NZ, 4 MODE, 5-7 NXSTART.., 8-10 MX MY MZ, 11-13 CELLA, 14-16 CELLB, 17-19 MAPC MAPR MAPS,
 * 20-22 DMIN DMAX DMEAN, 23 ISPG, 24 NSYMBT, bytes 104-107 EXTTYP, 108-111 NVERSION, 152-159 IMOD stamp and flags,
 * 196-207 ORIGIN, 208-211 MAP, 212-215 MACHST, 216-219 RMS, 220-223 NLABL, 224-1023 ten 80-byte labels.
 */
public final class MrcHeader {
    /** Size of the main header in bytes. */
    public static final int SIZE = 1024;
    /** IMOD's stamp in word 39. */
    public static final int IMOD_STAMP = 1146047817;
    /** NVERSION written by this project: MRC2014, revision 0. */
    public static final int NVERSION_2014 = 20140;

    private final ByteOrder order;
    private final boolean machstRecognised;
    private final int nx, ny, nz, modeCode;
    private final int nxstart, nystart, nzstart;
    private final int mx, my, mz;
    private final float cellX, cellY, cellZ;
    private final float alpha, beta, gamma;
    private final int mapc, mapr, maps;
    private final float dmin, dmax, dmean, rms;
    private final int ispg, nsymbt, nversion;
    private final String exttyp;
    private final int imodStamp, imodFlags;
    private final float originX, originY, originZ;
    private final boolean hasMapId;
    private final List<String> labels;

    @SuppressWarnings("checkstyle:ParameterNumber")
    private MrcHeader(ByteOrder order, boolean machstRecognised, int nx, int ny, int nz, int modeCode,
                      int nxstart, int nystart, int nzstart, int mx, int my, int mz,
                      float cellX, float cellY, float cellZ, float alpha, float beta, float gamma,
                      int mapc, int mapr, int maps, float dmin, float dmax, float dmean, float rms,
                      int ispg, int nsymbt, int nversion, String exttyp, int imodStamp, int imodFlags,
                      float originX, float originY, float originZ, boolean hasMapId, List<String> labels) {
        this.order = order;
        this.machstRecognised = machstRecognised;
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.modeCode = modeCode;
        this.nxstart = nxstart;
        this.nystart = nystart;
        this.nzstart = nzstart;
        this.mx = mx;
        this.my = my;
        this.mz = mz;
        this.cellX = cellX;
        this.cellY = cellY;
        this.cellZ = cellZ;
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.mapc = mapc;
        this.mapr = mapr;
        this.maps = maps;
        this.dmin = dmin;
        this.dmax = dmax;
        this.dmean = dmean;
        this.rms = rms;
        this.ispg = ispg;
        this.nsymbt = nsymbt;
        this.nversion = nversion;
        this.exttyp = exttyp;
        this.imodStamp = imodStamp;
        this.imodFlags = imodFlags;
        this.originX = originX;
        this.originY = originY;
        this.originZ = originZ;
        this.hasMapId = hasMapId;
        this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
    }

    /**
     * Parses a header. The byte order comes from MACHST (0x44 0x44 / 0x44 0x41 little-endian, 0x11 0x11 big-endian);
     * when MACHST is missing or unknown, the order whose MODE and dimensions make sense wins (little-endian first).
     *
     * @param buf at least 1024 bytes from position 0; its position and order are not used
     * @param name the file name for error messages
     * @throws MrcFormatException if neither byte order gives a plausible header
     */
    public static MrcHeader parse(ByteBuffer buf, String name) {
        if (buf.limit() < SIZE) {
            throw new MrcFormatException(name, "file is " + buf.limit() + " bytes, shorter than the 1024-byte MRC header");
        }
        ByteBuffer b = buf.duplicate();
        int m0 = b.get(212) & 0xff;
        int m1 = b.get(213) & 0xff;
        ByteOrder order;
        boolean recognised = true;
        if (m0 == 0x44 && (m1 == 0x44 || m1 == 0x41)) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (m0 == 0x11 && m1 == 0x11) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            recognised = false;
            if (plausible(b.order(ByteOrder.LITTLE_ENDIAN))) {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (plausible(b.order(ByteOrder.BIG_ENDIAN))) {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                b.order(ByteOrder.LITTLE_ENDIAN);
                throw new MrcFormatException(name, "not an MRC file: header words NX,NY,NZ,MODE = "
                        + b.getInt(0) + "," + b.getInt(4) + "," + b.getInt(8) + "," + b.getInt(12)
                        + " make no sense in either byte order");
            }
        }
        b.order(order);
        boolean mapId = b.get(208) == 'M' && b.get(209) == 'A' && b.get(210) == 'P';
        int nlabl = b.getInt(220);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < Math.max(0, Math.min(nlabl, 10)); i++) {
            byte[] l = new byte[80];
            b.get(224 + 80 * i, l);
            labels.add(new String(l, StandardCharsets.ISO_8859_1).replace('\0', ' ').strip());
        }
        byte[] ext = new byte[4];
        b.get(104, ext);
        String exttyp = printable(ext) ? new String(ext, StandardCharsets.US_ASCII) : "";
        return new MrcHeader(order, recognised,
                b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12),
                b.getInt(16), b.getInt(20), b.getInt(24),
                b.getInt(28), b.getInt(32), b.getInt(36),
                b.getFloat(40), b.getFloat(44), b.getFloat(48),
                b.getFloat(52), b.getFloat(56), b.getFloat(60),
                b.getInt(64), b.getInt(68), b.getInt(72),
                b.getFloat(76), b.getFloat(80), b.getFloat(84), b.getFloat(216),
                b.getInt(88), b.getInt(92), b.getInt(108), exttyp,
                b.getInt(152), b.get(156) & 0xff,
                b.getFloat(196), b.getFloat(200), b.getFloat(204), mapId, labels);
    }

    private static boolean printable(byte[] s) {
        for (byte c : s) {
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean plausible(ByteBuffer b) {
        int nx = b.getInt(0);
        int ny = b.getInt(4);
        int nz = b.getInt(8);
        int mode = b.getInt(12);
        int limit = 1 << 24;
        return MrcMode.of(mode) != null && nx > 0 && ny > 0 && nz >= 0 && nx < limit && ny < limit && nz < limit;
    }

    /**
     * The density statistics of a header (DMIN, DMAX, DMEAN, RMS), as stored.
     *
     * @param min  DMIN
     * @param max  DMAX
     * @param mean DMEAN
     * @param rms  RMS, the standard deviation of the densities
     */
    public record Densities(float min, float max, float mean, float rms) {
    }

    /**
     * A header for a new file: unpermuted axes, cell = n * voxel size, MRC2014 ids, little-endian.
     * Statistics are given by the writer once the data are known.
     */
    public static MrcHeader forWriting(Shape shape, MrcMode mode, Geometry geometry, boolean imageStack,
                                       Densities densities, List<String> labels) {
        final float dmin = densities.min();
        final float dmax = densities.max();
        final float dmean = densities.mean();
        final float rms = densities.rms();
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        final double voxelX = geometry.voxelX();
        final double voxelY = geometry.voxelY();
        final double voxelZ = geometry.voxelZ();
        final double originX = geometry.originX();
        final double originY = geometry.originY();
        final double originZ = geometry.originZ();
        int imodFlags = 0;
        int stamp = 0;
        if (mode == MrcMode.INT8) {
            // say explicitly that bytes are signed, so IMOD (which otherwise assumes unsigned) agrees with MRC2014
            stamp = IMOD_STAMP;
            imodFlags = 1;
        }
        return new MrcHeader(ByteOrder.LITTLE_ENDIAN, true, nx, ny, nz, mode.code(), 0, 0, 0,
                nx, ny, imageStack ? 1 : nz,
                (float) (nx * voxelX), (float) (ny * voxelY), (float) ((imageStack ? 1 : nz) * voxelZ),
                90f, 90f, 90f, 1, 2, 3, dmin, dmax, dmean, rms, imageStack ? 0 : 1, 0, NVERSION_2014, "",
                stamp, imodFlags, (float) originX, (float) originY, (float) originZ, true, labels);
    }

    /** The same header with another byte order (for writing big-endian files in tests). */
    public MrcHeader withOrder(ByteOrder newOrder) {
        return new MrcHeader(newOrder, true, nx, ny, nz, modeCode, nxstart, nystart, nzstart, mx, my, mz,
                cellX, cellY, cellZ, alpha, beta, gamma, mapc, mapr, maps, dmin, dmax, dmean, rms, ispg, nsymbt,
                nversion, exttyp, imodStamp, imodFlags, originX, originY, originZ, hasMapId, labels);
    }

    /** The 1024 header bytes in this header's byte order. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(order);
        b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, modeCode);
        b.putInt(16, nxstart).putInt(20, nystart).putInt(24, nzstart);
        b.putInt(28, mx).putInt(32, my).putInt(36, mz);
        b.putFloat(40, cellX).putFloat(44, cellY).putFloat(48, cellZ);
        b.putFloat(52, alpha).putFloat(56, beta).putFloat(60, gamma);
        b.putInt(64, mapc).putInt(68, mapr).putInt(72, maps);
        b.putFloat(76, dmin).putFloat(80, dmax).putFloat(84, dmean);
        b.putInt(88, ispg).putInt(92, nsymbt);
        byte[] ext = exttyp.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < Math.min(4, ext.length); i++) {
            b.put(104 + i, ext[i]);
        }
        b.putInt(108, nversion);
        b.putInt(152, imodStamp);
        b.put(156, (byte) imodFlags);
        b.putFloat(196, originX).putFloat(200, originY).putFloat(204, originZ);
        if (hasMapId) {
            b.put(208, (byte) 'M').put(209, (byte) 'A').put(210, (byte) 'P').put(211, (byte) ' ');
        }
        if (order == ByteOrder.LITTLE_ENDIAN) {
            b.put(212, (byte) 0x44).put(213, (byte) 0x44);
        } else {
            b.put(212, (byte) 0x11).put(213, (byte) 0x11);
        }
        b.putFloat(216, rms);
        int n = Math.min(labels.size(), 10);
        b.putInt(220, n);
        for (int i = 0; i < n; i++) {
            byte[] l = labels.get(i).getBytes(StandardCharsets.ISO_8859_1);
            for (int j = 0; j < 80; j++) {
                b.put(224 + 80 * i + j, j < l.length ? l[j] : (byte) ' ');
            }
        }
        return b.array();
    }

    public ByteOrder order() { return order; }
    /** False when MACHST was absent or unknown and the byte order was inferred. */
    public boolean machstRecognised() { return machstRecognised; }
    /** Columns (fastest axis in the file). */
    public int nx() { return nx; }
    /** Rows. */
    public int ny() { return ny; }
    /** Sections (slowest axis in the file). */
    public int nz() { return nz; }
    public int modeCode() { return modeCode; }
    /** The mode, or null for a code that is not an MRC2014 mode. */
    public MrcMode mode() { return MrcMode.of(modeCode); }
    public int nxstart() { return nxstart; }
    public int nystart() { return nystart; }
    public int nzstart() { return nzstart; }
    public int mx() { return mx; }
    public int my() { return my; }
    public int mz() { return mz; }
    public float cellX() { return cellX; }
    public float cellY() { return cellY; }
    public float cellZ() { return cellZ; }
    public float alpha() { return alpha; }
    public float beta() { return beta; }
    public float gamma() { return gamma; }
    /** Axis (1=X, 2=Y, 3=Z) along the columns. */
    public int mapc() { return mapc; }
    /** Axis along the rows. */
    public int mapr() { return mapr; }
    /** Axis along the sections. */
    public int maps() { return maps; }
    public float dmin() { return dmin; }
    public float dmax() { return dmax; }
    public float dmean() { return dmean; }
    public float rms() { return rms; }
    public int ispg() { return ispg; }
    /** Bytes of extended header after the main header. */
    public int nsymbt() { return nsymbt; }
    public int nversion() { return nversion; }
    /** EXTTYP as 4 printable characters ("FEI1", "SERI", "CCP4", ...), or "" when absent. */
    public String exttyp() { return exttyp; }
    public int imodStamp() { return imodStamp; }
    public int imodFlags() { return imodFlags; }
    public float originX() { return originX; }
    public float originY() { return originY; }
    public float originZ() { return originZ; }
    /** True when bytes 208-210 say "MAP" (MRC2000 and later). */
    public boolean hasMapId() { return hasMapId; }
    public List<String> labels() { return labels; }

    /**
     * True when mode-0 bytes are unsigned: the file carries IMOD's stamp and IMOD flag bit 0 (signed bytes)
     * is clear. MRC2014 itself defines mode 0 as signed.
     */
    public boolean bytesUnsigned() {
        return modeCode == 0 && imodStamp == IMOD_STAMP && (imodFlags & 1) == 0;
    }
}
