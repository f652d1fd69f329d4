package org.picketnf.core.mrc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 KB file whose header claims 10^5 x 10^5 x 10^5 float32 voxels (4 * 10^15 bytes) is refused by
 * {@link MrcFile#open} at once, from the header and the file length alone: the peak heap use while it is refused
 * stays far below 100 MB. The same for the gzip-compressed header and for an extended header past the end.
 */
class HugeClaimTest {
    private static final long HEAP_BUDGET = 100L << 20;

    static byte[] header(int nx, int ny, int nz, int nsymbt) {
        ByteBuffer b = ByteBuffer.allocate(MrcHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, 2);
        b.putInt(28, nx).putInt(32, ny).putInt(36, nz);
        b.putInt(64, 1).putInt(68, 2).putInt(72, 3).putInt(92, nsymbt);
        b.put(208, (byte) 'M').put(209, (byte) 'A').put(210, (byte) 'P').put(211, (byte) ' ');
        b.put(212, (byte) 0x44).put(213, (byte) 0x44);
        return b.array();
    }

    /** Peak heap bytes used while {@code r} runs, above what was in use before. */
    private static long peakHeapDuring(Runnable r) {
        System.gc();
        long before = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
                before += p.getUsage().getUsed();
            }
        }
        r.run();
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak - before;
    }

    private static void assertRefusedSmall(Path f, String expect) {
        long t0 = System.nanoTime();
        long heap = peakHeapDuring(() -> {
            MrcFormatException e = assertThrows(MrcFormatException.class, () -> MrcFile.open(f).readVolume());
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(expect), e.getMessage());
            assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(heap < HEAP_BUDGET, "peak heap use " + (heap >> 20) + " MB while refusing " + f);
        assertTrue(seconds < 5, "took " + seconds + " s to refuse " + f);
    }

    @Test
    void plainHeaderClaiming1e15VoxelsIsRefusedAtOnce(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("huge.mrc");
        Files.write(f, header(100_000, 100_000, 100_000, 0));
        assertRefusedSmall(f, "truncated: header says 100000x100000x100000 float32");
    }

    @Test
    void gzipHeaderClaiming1e15VoxelsIsRefusedAtOnce(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("huge.mrc.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            o.write(header(100_000, 100_000, 100_000, 0));
        }
        assertRefusedSmall(f, "more than a");
    }

    @Test
    void gzipHeaderClaimingAGigabyteIsRefusedBeforeAllocating(@TempDir Path dir) throws IOException {
        // 1000^3 float32 (4 GB) fits one Java array's index range, so only the size check keeps it from allocating
        Path f = dir.resolve("big.mrc.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            o.write(header(1000, 1000, 1000, 0));
            o.write(new byte[4096]);
        }
        assertRefusedSmall(f, "gzip file can hold");
    }

    @Test
    void extendedHeaderPastTheEndIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ext.mrc");
        Files.write(f, header(2, 2, 1, Integer.MAX_VALUE));
        assertRefusedSmall(f, "truncated");
        Path g = dir.resolve("ext.mrc.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(g))) {
            o.write(header(2, 2, 1, 1 << 30));
        }
        assertRefusedSmall(g, "truncated");
    }

    @Test
    void dimensionsWhoseByteCountOverflowsALongAreRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("overflow.mrc");
        Files.write(f, header(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0));
        assertRefusedSmall(f, "more than 2^63 bytes");
    }
}
