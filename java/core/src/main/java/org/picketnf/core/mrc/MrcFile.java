package org.picketnf.core.mrc;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.picketnf.core.Geometry;
import org.picketnf.core.Shape;
import org.picketnf.core.Volume;

/**
 * An open MRC2014 file, read as float density in real-space (x, y, z) order.
 *
 * <p>Reads modes 0 (int8; uint8 when IMOD's flags say so), 1 (int16), 2 (float32), 6 (uint16), 12 (float16) and
 * 101 (4-bit), either byte order, skipping any extended header (its type is kept in {@link MrcHeader#exttyp()}).
 * A file whose MAPC/MAPR/MAPS are not 1,2,3 is reoriented so that the result is indexed by X, Y, Z.
 * Plain files are read through memory mapping, one chunk of sections at a time, straight into the one float array
 * of the result: no second copy of the volume is made. Gzip-compressed files are streamed.
 *
 * <p>Everything that makes a file unreadable raises {@link MrcFormatException} with a one-line message naming
 * the file: a short header, an unknown or complex mode, impossible dimensions, truncated or over-long data.
 */
public final class MrcFile {
    private static final long READ_CHUNK = 16L << 20;
    /** Deflate's largest expansion is about 1032:1, so a gzip file of n bytes holds fewer than 1032 n. */
    private static final long MAX_GZIP_RATIO = 1032;

    private final Path path;
    private final String name;
    private final MrcHeader header;
    private final MrcMode mode;
    private final boolean gzip;
    private final long dataOffset;
    private final long sectionBytes;
    private final int[] dims; // X, Y, Z sizes after reorientation
    private final Geometry geometry;
    private final boolean voxelSizeDefaulted;
    private final List<String> warnings;

    private MrcFile(Path path, MrcHeader header, boolean gzip, List<String> warnings) {
        this.path = path;
        this.name = path.toString();
        this.header = header;
        this.mode = header.mode();
        this.gzip = gzip;
        this.dataOffset = MrcHeader.SIZE + (long) header.nsymbt();
        this.sectionBytes = mode.rowBytes(header.nx()) * header.ny();
        int[] crs = {header.nx(), header.ny(), header.nz()};
        int[] map = {header.mapc(), header.mapr(), header.maps()};
        this.dims = new int[3];
        for (int i = 0; i < 3; i++) {
            dims[map[i] - 1] = crs[i];
        }
        double[] vox = new double[3];
        float[] cell = {header.cellX(), header.cellY(), header.cellZ()};
        int[] m = {header.mx(), header.my(), header.mz()};
        boolean defaulted = false;
        for (int i = 0; i < 3; i++) {
            double v = m[i] > 0 ? cell[i] / (double) m[i] : 0;
            if (!(v > 0) || !Double.isFinite(v)) {
                v = 1.0;
                defaulted = true;
            }
            vox[i] = v;
        }
        if (defaulted) {
            warnings.add("cell dimensions or sampling (MX,MY,MZ) are zero: voxel size set to 1 Å where undefined");
        }
        this.voxelSizeDefaulted = defaulted;
        double ox = finiteOrZero(header.originX());
        double oy = finiteOrZero(header.originY());
        double oz = finiteOrZero(header.originZ());
        this.geometry = new Geometry(vox[0], vox[1], vox[2], ox, oy, oz);
        this.warnings = Collections.unmodifiableList(warnings);
    }

    private static double finiteOrZero(float f) {
        return Float.isFinite(f) ? f : 0.0;
    }

    /**
     * Opens and validates an MRC file (plain or gzip-compressed, detected from its first bytes).
     *
     * @throws MrcFormatException if the file is missing, unreadable or not a valid real-valued MRC volume
     */
    public static MrcFile open(Path path) {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            throw new MrcFormatException(name, "is a directory, not an MRC file");
        }
        byte[] head = new byte[MrcHeader.SIZE];
        int got;
        boolean gz;
        long fileSize;
        try {
            fileSize = Files.size(path);
            try (InputStream in = Files.newInputStream(path)) {
                got = in.readNBytes(head, 0, 3);
            }
            gz = got >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            boolean bz2 = got == 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h';
            if (bz2) {
                throw new MrcFormatException(name, "is bzip2-compressed; decompress it first (bunzip2 -k FILE)");
            }
            try (InputStream in = gz ? new GZIPInputStream(Files.newInputStream(path), 1 << 16)
                    : Files.newInputStream(path)) {
                got = in.readNBytes(head, 0, MrcHeader.SIZE);
            }
        } catch (NoSuchFileException e) {
            throw new MrcFormatException(name, "no such file");
        } catch (java.util.zip.ZipException e) {
            throw new MrcFormatException(name, "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new MrcFormatException(name, "gzip stream ends inside the MRC header", e);
        } catch (IOException e) {
            throw new MrcFormatException(name, "cannot read: " + e, e);
        }
        MrcHeader h = MrcHeader.parse(ByteBuffer.wrap(head, 0, got).slice(), name);
        List<String> warnings = new ArrayList<>();
        validate(h, name, warnings);
        long expected = claimedBytes(h);
        if (gz && expected / MAX_GZIP_RATIO > fileSize) {
            // checked before anything is allocated: deflate cannot expand one byte into more than ~1032
            throw new MrcFormatException(name, "truncated: header says " + h.nx() + "x" + h.ny() + "x" + h.nz()
                    + " " + h.mode().label() + ", " + sizeText(expected) + " decompressed, more than a " + fileSize
                    + "-byte gzip file can hold");
        }
        if (!gz) {
            if (fileSize < expected) {
                throw new MrcFormatException(name, "truncated: header says " + h.nx() + "x" + h.ny() + "x" + h.nz()
                        + " " + h.mode().label() + " after " + (MrcHeader.SIZE + (long) h.nsymbt())
                        + " header bytes, " + sizeText(expected) + " in all, but the file has " + fileSize);
            }
            if (fileSize > expected) {
                throw new MrcFormatException(name, "wrong file length: header says " + h.nx() + "x" + h.ny() + "x"
                        + h.nz() + " " + h.mode().label() + ", " + expected + " bytes in all, but the file has "
                        + fileSize + " (" + (fileSize - expected) + " unexplained bytes)");
            }
        }
        return new MrcFile(path, h, gz, warnings);
    }

    /**
     * Header, extended header and data bytes the header claims (a header that passed {@link #validate}), or
     * {@link Long#MAX_VALUE} when that does not fit in a long (NX*NY*NZ of 2^31-sized axes).
     */
    static long claimedBytes(MrcHeader h) {
        try {
            long data = Math.multiplyExact(Math.multiplyExact(h.mode().rowBytes(h.nx()), (long) h.ny()),
                    (long) h.nz());
            return Math.addExact(MrcHeader.SIZE + (long) h.nsymbt(), data);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String sizeText(long bytes) {
        return bytes == Long.MAX_VALUE ? "more than 2^63 bytes" : bytes + " bytes";
    }

    private static void validate(MrcHeader h, String name, List<String> warnings) {
        MrcMode mode = h.mode();
        if (mode == null) {
            throw new MrcFormatException(name, "unsupported mode " + h.modeCode()
                    + " (MRC2014 modes are 0, 1, 2, 3, 4, 6, 12, 101)");
        }
        if (!mode.isReal()) {
            throw new MrcFormatException(name, "mode " + mode.code() + " (" + mode.label()
                    + ") holds complex Fourier-space data; picket-nf reads real-valued maps only"
                    + " (modes 0, 1, 2, 6, 12, 101)");
        }
        if (h.nx() <= 0 || h.ny() <= 0 || h.nz() < 0) {
            throw new MrcFormatException(name, "impossible dimensions NX,NY,NZ = " + h.nx() + "," + h.ny() + ","
                    + h.nz());
        }
        if (h.nsymbt() < 0) {
            throw new MrcFormatException(name, "negative extended header size NSYMBT = " + h.nsymbt());
        }
        int[] map = {h.mapc(), h.mapr(), h.maps()};
        boolean isPerm = map[0] >= 1 && map[0] <= 3 && map[1] >= 1 && map[1] <= 3 && map[2] >= 1 && map[2] <= 3
                && map[0] != map[1] && map[1] != map[2] && map[0] != map[2];
        if (!isPerm) {
            throw new MrcFormatException(name, "MAPC,MAPR,MAPS = " + map[0] + "," + map[1] + "," + map[2]
                    + " is not a permutation of 1,2,3");
        }
        if (!h.hasMapId()) {
            warnings.add("no 'MAP ' id in the header (pre-2000 CCP4/MRC file); read as MRC2014");
        }
        if (!h.machstRecognised()) {
            warnings.add("machine stamp missing or unknown; byte order inferred as " + h.order());
        }
    }

    public Path path() { return path; }
    public MrcHeader header() { return header; }
    public MrcMode mode() { return mode; }
    /** True when the file is gzip-compressed (it is then streamed, not mapped). */
    public boolean isGzip() { return gzip; }
    /** Size along real-space X after reorientation. */
    public int nx() { return dims[0]; }
    public int ny() { return dims[1]; }
    public int nz() { return dims[2]; }
    /** nx, ny, nz as one value. */
    public Shape shape() { return new Shape(dims[0], dims[1], dims[2]); }
    /** Voxel size from CELLA / (MX, MY, MZ), origin from ORIGIN. */
    public Geometry geometry() { return geometry; }
    /** True when a voxel size was undefined in the header and 1 Å was used. */
    public boolean voxelSizeDefaulted() { return voxelSizeDefaulted; }
    /** Non-fatal oddities found in the header, one line each. */
    public List<String> warnings() { return warnings; }
    /** True when the file's axes are not stored x fastest, then y, then z. */
    public boolean isPermuted() {
        return header.mapc() != 1 || header.mapr() != 2 || header.maps() != 3;
    }

    /** The extended header bytes (NSYMBT of them) as stored. */
    public byte[] extendedHeader() {
        try (InputStream in = openStream()) {
            in.skipNBytes(MrcHeader.SIZE);
            byte[] ext = in.readNBytes(header.nsymbt());
            if (ext.length < header.nsymbt()) {
                throw new MrcFormatException(name, "truncated: the extended header (NSYMBT = " + header.nsymbt()
                        + ") ends after " + ext.length + " bytes");
            }
            return ext;
        } catch (EOFException e) {
            throw new MrcFormatException(name, "truncated: the file ends inside the main header", e);
        } catch (IOException e) {
            throw new MrcFormatException(name, "cannot read the extended header: " + e, e);
        }
    }

    /**
     * Reads the whole volume as float values indexed by real-space X, Y, Z.
     *
     * @throws MrcFormatException if the file has no sections or cannot be read
     */
    public Volume readVolume() {
        if (nz() == 0 || header.nz() == 0) {
            throw new MrcFormatException(name, "contains no data (NZ = 0): an empty volume");
        }
        int n;
        try {
            n = Volume.checkedSize(nx(), ny(), nz());
        } catch (IllegalArgumentException e) {
            throw new MrcFormatException(name, e.getMessage());
        }
        float[] out = new float[n];
        if (!isPermuted()) {
            readSections(0, header.nz(), out, 0);
        } else {
            readPermuted(out);
        }
        return new Volume(nx(), ny(), nz(), out, geometry);
    }

    /**
     * Reads z-sections [z0, z1) as a volume whose origin is moved to z0. For unpermuted files only those sections
     * are read; a permuted file is read whole and cut.
     */
    public Volume readSlab(int z0, int z1) {
        if (z0 < 0 || z1 > nz() || z0 >= z1) {
            throw new MrcFormatException(name, "z range [" + z0 + "," + z1 + ") is outside [0," + nz() + ")");
        }
        if (isPermuted()) {
            return readVolume().slab(z0, z1);
        }
        float[] out = new float[Volume.checkedSize(nx(), ny(), z1 - z0)];
        readSections(z0, z1, out, 0);
        Geometry g = new Geometry(geometry.voxelX(), geometry.voxelY(), geometry.voxelZ(),
                geometry.originX(), geometry.originY(), geometry.originZ() + z0 * geometry.voxelZ());
        return new Volume(nx(), ny(), z1 - z0, out, g);
    }

    /**
     * Reads stored sections [s0, s1) in file order (columns fastest) into {@code dst} from {@code off}.
     */
    public void readSections(int s0, int s1, float[] dst, int off) {
        int perSection = header.nx() * header.ny();
        if (s0 < 0 || s1 > header.nz() || s0 > s1) {
            throw new IllegalArgumentException("sections [" + s0 + "," + s1 + ") outside [0," + header.nz() + ")");
        }
        forEachSection(s0, s1, (s, buf) -> convert(buf, dst, off + (s - s0) * perSection));
    }

    private void readPermuted(float[] out) {
        int cn = header.nx();
        int rn = header.ny();
        float[] sec = new float[cn * rn];
        int[] stride = {1, nx(), nx() * ny()}; // strides of real-space X, Y, Z in out
        int cs = stride[header.mapc() - 1];
        int rs = stride[header.mapr() - 1];
        int ss = stride[header.maps() - 1];
        forEachSection(0, header.nz(), (s, buf) -> {
            convert(buf, sec, 0);
            int base = s * ss;
            for (int r = 0; r < rn; r++) {
                int o = base + r * rs;
                int i = r * cn;
                for (int c = 0; c < cn; c++) {
                    out[o + c * cs] = sec[i + c];
                }
            }
        });
    }

    @FunctionalInterface
    private interface SectionConsumer {
        void accept(int section, ByteBuffer bytes);
    }

    private InputStream openStream() throws IOException {
        InputStream raw = Files.newInputStream(path);
        return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    private void forEachSection(int s0, int s1, SectionConsumer consumer) {
        if (s0 == s1) {
            return;
        }
        if (sectionBytes > Integer.MAX_VALUE - 8) {
            throw new MrcFormatException(name, "one section of " + header.nx() + "x" + header.ny() + " "
                    + mode.label() + " is " + sectionBytes + " bytes, more than picket-nf reads at once (2 GiB)");
        }
        ByteOrder order = header.order();
        try {
            if (gzip) {
                byte[] sec = new byte[Math.toIntExact(sectionBytes)];
                try (InputStream in = openStream()) {
                    in.skipNBytes(dataOffset + s0 * sectionBytes);
                    for (int s = s0; s < s1; s++) {
                        int n = in.readNBytes(sec, 0, sec.length);
                        if (n < sec.length) {
                            throw new MrcFormatException(name, "truncated: compressed data end in section " + s
                                    + " of " + header.nz());
                        }
                        consumer.accept(s, ByteBuffer.wrap(sec).order(order));
                    }
                }
            } else {
                // positional reads into one reused buffer, not memory maps: a mapped file's pages count in the
                // process's resident set until the mapping is collected, which made a task's RSS grow by the size of
                // the file it streamed (2 GB for a 1024x1024x512 float tomogram)
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    long perChunk = Math.max(1, Math.min(s1 - s0, READ_CHUNK / Math.max(1, sectionBytes)));
                    ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(perChunk * sectionBytes));
                    for (int s = s0; s < s1; ) {
                        int n = (int) Math.min(perChunk, s1 - s);
                        buf.clear().limit(Math.toIntExact(n * sectionBytes));
                        long pos = dataOffset + s * sectionBytes;
                        while (buf.hasRemaining()) {
                            int r = ch.read(buf, pos + buf.position());
                            if (r < 0) {
                                throw new EOFException();
                            }
                        }
                        for (int k = 0; k < n; k++) {
                            ByteBuffer b = buf.slice(Math.toIntExact(k * sectionBytes),
                                    Math.toIntExact(sectionBytes)).order(order);
                            consumer.accept(s + k, b);
                        }
                        s += n;
                    }
                }
            }
        } catch (EOFException e) {
            throw new MrcFormatException(name, "truncated: data end before section " + s1, e);
        } catch (java.util.zip.ZipException e) {
            throw new MrcFormatException(name, "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new MrcFormatException(name, "cannot read: " + e, e);
        }
    }

    /** Converts one stored section (header.nx x header.ny voxels) to floats. */
    private void convert(ByteBuffer b, float[] dst, int off) {
        int cn = header.nx();
        int n = cn * header.ny();
        switch (mode) {
            case FLOAT32 -> b.asFloatBuffer().get(dst, off, n);
            case INT16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = b.getShort(2 * i);
                }
            }
            case UINT16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = b.getShort(2 * i) & 0xffff;
                }
            }
            case INT8 -> {
                if (header.bytesUnsigned()) {
                    for (int i = 0; i < n; i++) {
                        dst[off + i] = b.get(i) & 0xff;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        dst[off + i] = b.get(i);
                    }
                }
            }
            case FLOAT16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = Half.toFloat(b.getShort(2 * i));
                }
            }
            case UINT4 -> {
                int rowBytes = (int) mode.rowBytes(cn);
                for (int r = 0; r < header.ny(); r++) {
                    int rb = r * rowBytes;
                    int o = off + r * cn;
                    for (int c = 0; c < cn; c++) {
                        int v = b.get(rb + (c >> 1)) & 0xff;
                        dst[o + c] = (c & 1) == 0 ? (v & 0x0f) : (v >>> 4);
                    }
                }
            }
            default -> throw new IllegalStateException("mode " + mode + " passed validation");
        }
    }
}
