package org.picketnf.core.cluster;

/**
 * A fixed split of {@code n} rows into blocks of {@link #block} rows and chunks of whole blocks.
 *
 * <p>The split depends only on {@code n} and the block size, never on the number of threads: each chunk's
 * partial sums are accumulated in row order and the chunks are reduced in chunk order, so every result is
 * bit-identical for any thread count.
 */
final class Partition {
    /** Upper bound on the number of chunks (per-chunk partial sums are kept until the reduction). */
    static final int MAX_CHUNKS = 64;

    final int n;
    final int block;
    final int chunkRows;
    final int chunks;

    Partition(int n, int block) {
        if (n < 1 || block < 1) {
            throw new IllegalArgumentException("n and block must be >= 1, got " + n + ", " + block);
        }
        this.n = n;
        this.block = block;
        long blocks = ((long) n + block - 1) / block;
        long blocksPerChunk = (blocks + MAX_CHUNKS - 1) / MAX_CHUNKS;
        this.chunkRows = (int) Math.min(Integer.MAX_VALUE, blocksPerChunk * block);
        this.chunks = (int) (((long) n + chunkRows - 1) / chunkRows);
    }

    int start(int chunk) {
        return (int) ((long) chunk * chunkRows);
    }

    int end(int chunk) {
        return (int) Math.min(n, (long) chunk * chunkRows + chunkRows);
    }
}
