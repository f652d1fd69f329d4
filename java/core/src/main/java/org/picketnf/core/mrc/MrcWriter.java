package org.picketnf.core.mrc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.Shape;
import org.picketnf.core.Volume;
import org.picketnf.core.io.AtomicFiles;

/**
 * Writes an MRC2014 file section by section, so that a volume larger than the heap can be written from slabs.
 *
 * <p>Modes: 2 (float32), 0 (int8), 1 (int16), 6 (uint16), 12 (float16). Integer modes round to the nearest
 * integer and refuse values out of range. The header statistics DMIN, DMAX, DMEAN and RMS (the standard deviation
 * from the mean, as MRC2014 defines it) are those of the values as stored, accumulated in double in section order,
 * so the same data always give the same bytes. Data go to a temporary file beside the target, which is renamed
 * over it by {@link #close()}: a killed writer never leaves a plausible half file under the target name.
 * Little-endian unless asked otherwise. No timestamps or paths are written.
 */
public final class MrcWriter implements AutoCloseable {
    /** The label written into every file this project makes. */
    public static final String LABEL = "picket-nf";

    private final Path target;
    private final Path tmp;
    private final FileChannel ch;
    private final int nx;
    private final int ny;
    private final int nz;
    private final MrcMode mode;
    private final Geometry geometry;
    private final ByteOrder order;
    private final boolean imageStack;
    private final List<String> labels;
    private final ByteBuffer buf;
    private int written;
    private double sum;
    private double sumSq;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private boolean done;

    private MrcWriter(Path target, Shape shape, MrcMode mode, Geometry geometry, ByteOrder order, boolean imageStack,
                      List<String> labels) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        if (mode != MrcMode.FLOAT32 && mode != MrcMode.INT8 && mode != MrcMode.INT16 && mode != MrcMode.UINT16
                && mode != MrcMode.FLOAT16) {
            throw new IllegalArgumentException("cannot write mode " + mode);
        }
        if (nx <= 0 || ny <= 0 || nz < 0) {
            throw new IllegalArgumentException("bad dimensions " + nx + "x" + ny + "x" + nz);
        }
        this.target = target.toAbsolutePath();
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.mode = mode;
        this.geometry = geometry;
        this.order = order;
        this.imageStack = imageStack;
        this.labels = List.copyOf(labels);
        this.tmp = AtomicFiles.tempFor(this.target);
        if (Files.isDirectory(this.target)) {
            throw new BadInputException(target + ": cannot write, it is a directory");
        }
        try {
            this.ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            ch.write(ByteBuffer.allocate(MrcHeader.SIZE), 0);
            ch.position(MrcHeader.SIZE);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw AtomicFiles.writeError(target, e);
        }
        this.buf = ByteBuffer.allocate(nx * ny * (mode.bits() / 8)).order(order);
    }

    /** Starts a little-endian volume file. */
    public static MrcWriter create(Path target, Shape shape, MrcMode mode, Geometry geometry) {
        return new MrcWriter(target, shape, mode, geometry, ByteOrder.LITTLE_ENDIAN, false, List.of(LABEL));
    }

    /** Starts a file with every choice explicit: byte order, image stack (ISPG 0, MZ 1), labels (at most 10). */
    public static MrcWriter create(Path target, Shape shape, MrcMode mode, Geometry geometry,
                                   ByteOrder order, boolean imageStack, List<String> labels) {
        return new MrcWriter(target, shape, mode, geometry, order, imageStack, labels);
    }

    /** Writes a whole volume in {@code mode}. */
    public static void write(Path target, Volume v, MrcMode mode) {
        try (MrcWriter w = create(target, v.shape(), mode, v.geometry())) {
            w.writeSections(v.data(), 0, v.nz());
        }
    }

    /** Writes a label volume as int8 (mode 0). */
    public static void write(Path target, LabelVolume v) {
        try (MrcWriter w = create(target, v.shape(), MrcMode.INT8, v.geometry())) {
            w.writeSections(v.data(), 0, v.nz());
        }
    }

    /** Appends {@code count} whole sections taken from {@code src} starting at {@code off}. */
    public void writeSections(float[] src, int off, int count) {
        checkOpen(count);
        int per = nx * ny;
        for (int s = 0; s < count; s++) {
            buf.clear();
            int base = off + s * per;
            for (int i = 0; i < per; i++) {
                float v = src[base + i];
                double stored = put(v);
                accumulate(stored);
            }
            flushSection();
        }
    }

    /** Appends {@code count} whole sections of int8 labels (mode 0 only). */
    public void writeSections(byte[] src, int off, int count) {
        if (mode != MrcMode.INT8) {
            throw new IllegalStateException("byte sections need mode 0, this file is " + mode);
        }
        checkOpen(count);
        int per = nx * ny;
        for (int s = 0; s < count; s++) {
            buf.clear();
            buf.put(src, off + s * per, per);
            for (int i = 0; i < per; i++) {
                accumulate(src[off + s * per + i]);
            }
            flushSection();
        }
    }

    private void checkOpen(int count) {
        if (done) {
            throw new IllegalStateException("writer is closed");
        }
        if (count < 0 || written + count > nz) {
            throw new IllegalStateException("writing " + count + " sections after " + written + " of " + nz);
        }
    }

    private double put(float v) {
        switch (mode) {
            case FLOAT32 -> {
                buf.putFloat(v);
                return v;
            }
            case FLOAT16 -> {
                short h = Half.fromFloat(v);
                buf.putShort(h);
                return Half.toFloat(h);
            }
            case INT8 -> {
                long r = roundChecked(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
                buf.put((byte) r);
                return r;
            }
            case INT16 -> {
                long r = roundChecked(v, Short.MIN_VALUE, Short.MAX_VALUE);
                buf.putShort((short) r);
                return r;
            }
            case UINT16 -> {
                long r = roundChecked(v, 0, 65535);
                buf.putShort((short) r);
                return r;
            }
            default -> throw new IllegalStateException(mode.toString());
        }
    }

    private long roundChecked(float v, long lo, long hi) {
        if (!Float.isFinite(v) || v < lo - 0.5 || v > hi + 0.5) {
            throw new IllegalArgumentException(target + ": value " + v + " does not fit mode " + mode.code()
                    + " (" + mode.label() + ")");
        }
        return Math.round((double) v);
    }

    private void accumulate(double v) {
        sum += v;
        sumSq += v * v;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
    }

    private void flushSection() {
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            abort();
            throw AtomicFiles.writeError(target, e);
        }
        written++;
    }

    /** Deletes the temporary file; the target is left as it was. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        try {
            ch.close();
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // nothing more to clean
        }
    }

    /**
     * Writes the header with the statistics and renames the file into place. A writer that got fewer sections
     * than promised is aborted instead, and the error says so.
     */
    @Override
    public void close() {
        if (done) {
            return;
        }
        if (written != nz) {
            abort();
            throw new IllegalStateException(target + ": only " + written + " of " + nz + " sections were written");
        }
        long n = (long) nx * ny * nz;
        float dmean = n > 0 ? (float) (sum / n) : 0f;
        double var = n > 0 ? Math.max(0, sumSq / n - (sum / n) * (sum / n)) : 0;
        MrcHeader.Densities densities = new MrcHeader.Densities(n > 0 ? (float) min : 0f, n > 0 ? (float) max : 0f,
                dmean, (float) Math.sqrt(var));
        MrcHeader h = MrcHeader.forWriting(new Shape(nx, ny, nz), mode, geometry, imageStack, densities, labels)
                .withOrder(order);
        try {
            ch.write(ByteBuffer.wrap(h.toBytes()), 0);
            ch.close();
        } catch (IOException e) {
            abort();
            throw AtomicFiles.writeError(target, e);
        }
        done = true;
        AtomicFiles.commit(tmp, target);
    }
}
