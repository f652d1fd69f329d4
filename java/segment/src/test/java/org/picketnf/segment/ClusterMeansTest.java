package org.picketnf.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.Geometry;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.Volume;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;

/** The clusters' mean density read from disk a few sections at a time equals the one from the whole volume. */
class ClusterMeansTest {

    @Test
    void streamedMeansAreTheWholeVolumeMeansBitForBit(@TempDir Path dir) {
        // 700 x 800 voxels per section: the 16 MB chunk holds 7 sections, so 20 sections take three chunks
        int nx = 700, ny = 800, nz = 20, h = 2;
        SplittableRandom r = new SplittableRandom(5);
        float[] v = new float[nx * ny * nz];
        byte[] l = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 3 + 100);
            l[i] = (byte) (r.nextInt(4) == 0 ? 1 : 0);
        }
        Volume vol = new Volume(nx, ny, nz, v, Geometry.UNIT);
        LabelVolume labels = new LabelVolume(nx, ny, nz, l, Geometry.UNIT);
        Path f = dir.resolve("t.mrc");
        MrcWriter.write(f, vol, MrcMode.FLOAT32);
        double[] whole = SegmentMain.clusterMeans(vol, labels, h);
        double[] streamed = SegmentMain.clusterMeans(MrcFile.open(f), labels, h);
        assertArrayEquals(whole, streamed);
        // and both are the plain means over the interior (hand loop, sums in any order: 1e-9 relative)
        double[] sum = new double[2];
        long[] n = new long[2];
        for (int z = h; z < nz - h; z++) {
            for (int y = h; y < ny - h; y++) {
                for (int x = h; x < nx - h; x++) {
                    int i = (z * ny + y) * nx + x;
                    sum[l[i]] += v[i];
                    n[l[i]]++;
                }
            }
        }
        assertEquals(sum[0] / n[0], streamed[0], 1e-9 * Math.abs(streamed[0]));
        assertEquals(sum[1] / n[1], streamed[1], 1e-9 * Math.abs(streamed[1]));
    }
}
