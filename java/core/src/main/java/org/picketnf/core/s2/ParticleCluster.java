package org.picketnf.core.s2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.picketnf.core.Shape;

/**
 * Which label of a two-label (0/1) semantic segmentation is the particle cluster, decided from the data as a person
 * looking at the segmentation would: particles are the minority, they form many separate compact blobs while the
 * background is one connected sea, and they stand out from the background on the side of the tomogram's intensity
 * tail (dark particles make the tomogram's density skewed towards low values, bright ones towards high values).
 *
 * <p>Evidence is computed on a region: voxels coded 0 or 1 in {@code codes} (any other code is left out; callers
 * leave out the z-sections outside the picking slab and a border margin, where picket-segment and PickET write no
 * real labels). Three votes, each for cluster 0 or 1, or abstaining when its margin is too small:
 * <ol>
 * <li>{@code minority}: the cluster holding the smaller fraction of the region, when that fraction is below
 * {@value #MINORITY_MAX};</li>
 * <li>{@code fragmentation}: the cluster whose largest 6-connected component holds the smaller share of its voxels,
 * when the two shares differ by at least {@value #FRAGMENTATION_MIN_DIFF};</li>
 * <li>{@code polarity} (only with a tomogram): the sign of the skewness of the tomogram's 4x4x4 block means (a
 * low-pass that lifts the particles above the noise) says whether particles are dark (negative) or bright
 * (positive); the vote goes to the cluster whose mean tomogram value lies on that side of the other cluster's mean.
 * It abstains when |skewness| &lt; {@value #POLARITY_MIN_SKEW} or the two means differ by less than
 * {@value #POLARITY_MIN_CONTRAST} tomogram standard deviations.</li>
 * </ol>
 * The cluster with more votes wins. On a tie or with no vote at all the smaller cluster is taken (PickET's
 * convention: picket-segment writes the smaller cluster as 1), and the rule says so.
 */
public final class ParticleCluster {
    /** Largest fraction of the region the minority cluster may hold for the minority vote. */
    public static final double MINORITY_MAX = 0.45;
    /** Smallest difference of the largest-component shares for the fragmentation vote. */
    public static final double FRAGMENTATION_MIN_DIFF = 0.10;
    /** Smallest |skewness| of the block means for the polarity vote. */
    public static final double POLARITY_MIN_SKEW = 0.2;
    /** Smallest |mean1 - mean0| / sd for the polarity vote. */
    public static final double POLARITY_MIN_CONTRAST = 0.01;
    /** Block edge of the low-pass used for the skewness. */
    public static final int BLOCK = 4;

    private ParticleCluster() {
    }

    /** Evidence for one cluster. {@code meanTomogram}/{@code contrastSd} are NaN without a tomogram. */
    public record ClusterEvidence(int id, long voxels, double fraction, int components, long largestComponent,
                                  double largestComponentShare, double meanTomogram, double contrastSd) {
    }

    /**
     * Statistics of the tomogram on the evidence region: overall mean and standard deviation, the mean of each
     * cluster, and the skewness of the {@value #BLOCK}^3 block means of the whole tomogram.
     */
    public record TomogramStats(double mean, double sd, double[] clusterMeans, double blockSkewness, long blocks) {
    }

    /** The decision: the chosen id, the votes (0, 1 or -1 for abstain) and a sentence saying why. */
    public record Choice(int id, List<ClusterEvidence> clusters, Map<String, Integer> votes, TomogramStats tomogram,
                         String rule) {
        /** The evidence as a JSON-ready map (cluster id as key). */
        public Map<String, Object> evidence() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (ClusterEvidence c : clusters) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("voxels", c.voxels());
                e.put("fraction", c.fraction());
                e.put("components", c.components());
                e.put("largest_component_voxels", c.largestComponent());
                e.put("largest_component_share", c.largestComponentShare());
                if (!Double.isNaN(c.meanTomogram())) {
                    e.put("mean_tomogram", c.meanTomogram());
                    e.put("contrast_sd", c.contrastSd());
                }
                m.put(Integer.toString(c.id()), e);
            }
            return m;
        }
    }

    /**
     * Per-cluster evidence without the tomogram.
     *
     * @param codes 0 or 1 for voxels of the region, any other value outside it (x fastest, then y, then z)
     */
    public static List<ClusterEvidence> evidence(byte[] codes, Shape shape, TomogramStats tomo) {
        S2Checks.dims(shape, codes == null ? -1 : codes.length, "codes");
        long[] voxels = new long[2];
        for (byte b : codes) {
            if (b == 0 || b == 1) {
                voxels[b]++;
            }
        }
        long total = voxels[0] + voxels[1];
        List<ClusterEvidence> out = new ArrayList<>(2);
        byte[] mask = new byte[codes.length];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < codes.length; i++) {
                mask[i] = codes[i] == c ? (byte) 1 : 0;
            }
            Instances in = ConnectedComponents.label(mask, shape);
            long[] sizes = new long[in.count() + 1];
            for (int l : in.labels()) {
                sizes[l]++;
            }
            long largest = 0;
            for (int l = 1; l < sizes.length; l++) {
                largest = Math.max(largest, sizes[l]);
            }
            double mean = tomo == null ? Double.NaN : tomo.clusterMeans()[c];
            double contrast = tomo == null || !(tomo.sd() > 0) ? Double.NaN : (mean - tomo.mean()) / tomo.sd();
            out.add(new ClusterEvidence(c, voxels[c], total == 0 ? 0 : (double) voxels[c] / total, in.count(),
                    largest, voxels[c] == 0 ? 0 : (double) largest / voxels[c], mean, contrast));
        }
        return out;
    }

    /** Decides from the evidence of clusters 0 and 1 and, when not null, the tomogram statistics. */
    public static Choice decide(List<ClusterEvidence> ev, TomogramStats tomo) {
        ClusterEvidence c0 = ev.get(0);
        ClusterEvidence c1 = ev.get(1);
        int smaller = c1.voxels() <= c0.voxels() ? 1 : 0;
        Map<String, Integer> votes = new LinkedHashMap<>();
        double minFraction = Math.min(c0.fraction(), c1.fraction());
        votes.put("minority", c0.voxels() + c1.voxels() > 0 && minFraction < MINORITY_MAX ? smaller : -1);
        double d = c1.largestComponentShare() - c0.largestComponentShare();
        votes.put("fragmentation", c0.voxels() == 0 || c1.voxels() == 0 || Math.abs(d) < FRAGMENTATION_MIN_DIFF
                ? -1 : (d < 0 ? 1 : 0));
        if (tomo != null) {
            double contrast = tomo.sd() > 0 ? (tomo.clusterMeans()[1] - tomo.clusterMeans()[0]) / tomo.sd() : 0;
            double skew = tomo.blockSkewness();
            boolean ok = Math.abs(skew) >= POLARITY_MIN_SKEW && Math.abs(contrast) >= POLARITY_MIN_CONTRAST
                    && c0.voxels() > 0 && c1.voxels() > 0;
            votes.put("polarity", ok ? (Math.signum(skew) == Math.signum(contrast) ? 1 : 0) : -1);
        }
        int[] count = new int[2];
        for (int v : votes.values()) {
            if (v >= 0) {
                count[v]++;
            }
        }
        String tally = String.format(Locale.ROOT, "votes %d for cluster 0, %d for cluster 1 (%s)", count[0],
                count[1], votes);
        int id;
        String rule;
        if (count[0] != count[1]) {
            id = count[1] > count[0] ? 1 : 0;
            rule = "majority of the votes minority / fragmentation / polarity: " + tally;
        } else {
            id = smaller;
            rule = (count[0] == 0 ? "no vote" : "tied votes") + ": took the smaller cluster (PickET's convention); "
                    + tally;
        }
        return new Choice(id, ev, votes, tomo, rule);
    }

    /**
     * Tomogram statistics for the evidence: mean and standard deviation over the region (codes 0 or 1), the mean of
     * each cluster, and the skewness of the {@value #BLOCK}^3 block means of the whole volume. Reads the tomogram
     * in slabs of about 16 MB.
     */
    public static TomogramStats tomogramStats(SectionReader tomo, byte[] codes, Shape shape) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        S2Checks.dims(shape, codes == null ? -1 : codes.length, "codes");
        int per = nx * ny;
        int chunk = Math.max(1, Math.min(Math.max(1, nz), (4 << 20) / Math.max(1, per)));
        float[] buf = new float[chunk * per];
        double[] sum = new double[2];
        long[] cnt = new long[2];
        double shift = Double.NaN; // sums are taken about the first value read: no cancellation for large means
        double dsum = 0;
        double dsum2 = 0;
        BlockMoments bm = new BlockMoments(nx, ny);
        for (int z0 = 0; z0 < nz; z0 += chunk) {
            int z1 = Math.min(nz, z0 + chunk);
            tomo.read(z0, z1, buf, 0);
            if (Double.isNaN(shift)) {
                shift = buf[0];
            }
            for (int z = z0; z < z1; z++) {
                int off = (z - z0) * per;
                int base = z * per;
                for (int i = 0; i < per; i++) {
                    byte c = codes[base + i];
                    if (c == 0 || c == 1) {
                        double d = buf[off + i] - shift;
                        sum[c] += d;
                        cnt[c]++;
                        dsum += d;
                        dsum2 += d * d;
                    }
                }
                bm.add(buf, off);
            }
        }
        long n = cnt[0] + cnt[1];
        double mean = n == 0 ? Double.NaN : shift + dsum / n;
        double sd = n == 0 ? Double.NaN : Math.sqrt(Math.max(0, dsum2 / n - (dsum / n) * (dsum / n)));
        double[] means = {cnt[0] == 0 ? Double.NaN : shift + sum[0] / cnt[0],
                          cnt[1] == 0 ? Double.NaN : shift + sum[1] / cnt[1]};
        return new TomogramStats(mean, sd, means, bm.skewness(), bm.blocks());
    }

    /**
     * Skewness of the means of the non-overlapping {@value #BLOCK}^3 blocks of a volume given section by section
     * (incomplete blocks at the far faces are left out). Feed sections in z order with {@link BlockMoments#add}.
     * Moments are updated online (no cancellation for volumes with a large mean).
     */
    public static final class BlockMoments {
        private final int nx;
        private final int bx;
        private final int by;
        private final double[] acc;
        private int inBlock;
        private long n;
        private double mean;
        private double m2;
        private double m3;

        public BlockMoments(int nx, int ny) {
            this.nx = nx;
            this.bx = nx / BLOCK;
            this.by = ny / BLOCK;
            this.acc = new double[Math.max(0, bx * by)];
        }

        /** Adds one z-section ({@code nx*ny} values from {@code off}). */
        public void add(float[] sec, int off) {
            for (int y = 0; y < by * BLOCK; y++) {
                int row = off + y * nx;
                int ab = (y / BLOCK) * bx;
                for (int x = 0; x < bx * BLOCK; x++) {
                    acc[ab + x / BLOCK] += sec[row + x];
                }
            }
            if (++inBlock == BLOCK) {
                double inv = 1.0 / (BLOCK * BLOCK * BLOCK);
                for (int k = 0; k < acc.length; k++) {
                    push(acc[k] * inv);
                    acc[k] = 0;
                }
                inBlock = 0;
            }
        }

        private void push(double v) {
            long n1 = n;
            n++;
            double delta = v - mean;
            double dn = delta / n;
            double term1 = delta * dn * n1;
            mean += dn;
            m3 += term1 * dn * (n - 2) - 3 * dn * m2;
            m2 += term1;
        }

        public long blocks() {
            return n;
        }

        /** Sample skewness (biased, as scipy.stats.skew), 0 for fewer than 3 blocks or constant blocks. */
        public double skewness() {
            if (n < 3 || !(m2 > 0)) {
                return 0;
            }
            double var = m2 / n;
            if (var <= 1e-24 * (mean * mean + 1e-300)) {
                return 0;
            }
            return (m3 / n) / Math.pow(var, 1.5);
        }
    }
}
