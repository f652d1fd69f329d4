package org.picketnf.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.picketnf.core.BadInputException;

/**
 * NumPy {@code .npy} files of 2-D little-endian float32 matrices in C order (rows of {@code cols} values), so that a
 * feature sample written by one step opens with {@code numpy.load} as well as in the next step.
 * Format: NumPy's documented NPY 1.0 / 2.0 layout (magic, version, header length, a Python-dict header padded to a
 * multiple of 64 bytes, then the raw data).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+),?\\s*\\)");

    private Npy() {
    }

    /** A float32 matrix: {@code data[r * cols + c]}. */
    public record Matrix(int rows, int cols, float[] data) {
    }

    /** Writes {@code rows x cols} floats atomically (temporary name, then rename). */
    public static void writeFloat32(Path target, float[] data, int rows, int cols) {
        if ((long) rows * cols > data.length) {
            throw new IllegalArgumentException("data has " + data.length + " values, need " + (long) rows * cols);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int pre = 10;
        int total = pre + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder h = new StringBuilder(dict);
        while (pre + h.length() + 1 < padded) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.US_ASCII);
        Path tmp = AtomicFiles.tempFor(target);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            os.write(MAGIC);
            os.write(1);
            os.write(0);
            os.write(hb.length & 0xff);
            os.write((hb.length >>> 8) & 0xff);
            os.write(hb);
            ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            long n = (long) rows * cols;
            for (long i = 0; i < n; ) {
                bb.clear();
                int m = (int) Math.min(n - i, bb.capacity() / 4);
                bb.asFloatBuffer().put(data, (int) i, m);
                os.write(bb.array(), 0, m * 4);
                i += m;
            }
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw AtomicFiles.writeError(target, e);
        }
        AtomicFiles.commit(tmp, target);
    }

    /** Reads a 2-D float32 little-endian C-order matrix. */
    public static Matrix readFloat32(Path file) {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            head.flip();
            for (byte m : MAGIC) {
                if (head.remaining() == 0 || head.get() != m) {
                    throw new BadInputException(name + ": not a .npy file");
                }
            }
            int major = head.get() & 0xff;
            head.get();
            long hlen;
            int pre;
            if (major == 1) {
                hlen = head.getShort() & 0xffff;
                pre = 10;
            } else {
                hlen = head.getInt() & 0xffffffffL;
                pre = 12;
            }
            ByteBuffer hb = ByteBuffer.allocate((int) hlen);
            ch.read(hb, pre);
            String dict = new String(hb.array(), StandardCharsets.US_ASCII);
            if (!dict.contains("'descr': '<f4'") || !dict.contains("'fortran_order': False")) {
                throw new BadInputException(name + ": expected a little-endian float32 C-order array, header is "
                        + dict.strip());
            }
            Matcher m = SHAPE.matcher(dict);
            if (!m.find()) {
                throw new BadInputException(name + ": expected a 2-D array, header is " + dict.strip());
            }
            long rows = Long.parseLong(m.group(1));
            long cols = Long.parseLong(m.group(2));
            long n = rows * cols;
            long off = pre + hlen;
            if (ch.size() != off + 4 * n) {
                throw new BadInputException(name + ": truncated or wrong length: header says " + rows + "x" + cols
                        + " float32 (" + (off + 4 * n) + " bytes), file has " + ch.size());
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new BadInputException(name + ": " + rows + "x" + cols + " is too large for one array");
            }
            float[] data = new float[(int) n];
            long chunk = 1L << 26;
            for (long i = 0; i < n; i += chunk / 4) {
                long len = Math.min(chunk, 4 * (n - i));
                ByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, off + 4 * i, len).order(ByteOrder.LITTLE_ENDIAN);
                map.asFloatBuffer().get(data, (int) i, (int) (len / 4));
            }
            return new Matrix((int) rows, (int) cols, data);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
