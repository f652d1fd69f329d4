package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.picketnf.core.Shape;

/** The automatic particle cluster on phantoms where the particles are known, dark or bright, labelled 0 or 1. */
class ParticleClusterTest {
    private static final int N = 48;

    /** 27 balls of radius 4 on a grid: about 6% of the volume. */
    private static boolean[] particles() {
        boolean[] p = new boolean[N * N * N];
        for (int cz = 8; cz < N; cz += 16) {
            for (int cy = 8; cy < N; cy += 16) {
                for (int cx = 8; cx < N; cx += 16) {
                    for (int z = cz - 4; z <= cz + 4; z++) {
                        for (int y = cy - 4; y <= cy + 4; y++) {
                            for (int x = cx - 4; x <= cx + 4; x++) {
                                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= 16) {
                                    p[(z * N + y) * N + x] = true;
                                }
                            }
                        }
                    }
                }
            }
        }
        return p;
    }

    /** Particle density {@code sign} on 0 with seeded noise of sd 1 (particles invisible voxel by voxel). */
    private static float[] tomogram(boolean[] p, float sign) {
        SplittableRandom r = new SplittableRandom(9);
        float[] t = new float[p.length];
        for (int i = 0; i < t.length; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            t[i] = (p[i] ? sign : 0f) + (float) g;
        }
        return t;
    }

    private static ParticleCluster.Choice choose(boolean[] p, int particleLabel, float[] tomo) {
        byte[] codes = new byte[p.length];
        for (int i = 0; i < p.length; i++) {
            codes[i] = (byte) (p[i] ? particleLabel : 1 - particleLabel);
        }
        ParticleCluster.TomogramStats ts = tomo == null ? null : ParticleCluster.tomogramStats(
                (z0, z1, dst, off) -> System.arraycopy(tomo, z0 * N * N, dst, off, (z1 - z0) * N * N),
                codes, new Shape(N, N, N));
        return ParticleCluster.decide(ParticleCluster.evidence(codes, new Shape(N, N, N), ts), ts);
    }

    @Test
    void particlesAreChosenWhateverTheirLabelAndPolarity() {
        boolean[] p = particles();
        for (float sign : new float[] {-1f, 1f}) {
            float[] t = tomogram(p, sign);
            for (int label : new int[] {0, 1}) {
                ParticleCluster.Choice c = choose(p, label, t);
                assertEquals(label, c.id(), c.rule());
                assertEquals(Map.of("minority", label, "fragmentation", label, "polarity", label), c.votes());
                assertEquals(sign < 0, c.tomogram().blockSkewness() < 0, "polarity from the skewness");
                ParticleCluster.ClusterEvidence e = c.clusters().get(label);
                assertEquals(27, e.components());
                assertEquals(1.0 / 27, e.largestComponentShare(), 1e-12);
                assertEquals(1.0, c.clusters().get(1 - label).largestComponentShare(), 1e-12);
                // without the tomogram: two votes
                ParticleCluster.Choice c2 = choose(p, label, null);
                assertEquals(label, c2.id(), c2.rule());
                assertEquals(2, c2.votes().size());
            }
        }
    }

    private static ParticleCluster.ClusterEvidence ev(int id, long voxels, double fraction, double share) {
        return new ParticleCluster.ClusterEvidence(id, voxels, fraction, 1, (long) (share * voxels), share, Double.NaN,
                Double.NaN);
    }

    @Test
    void majorityAndTiesFromHandMadeEvidence() {
        // cluster 0 is the minority (30%) but one sea; cluster 1 is fragmented and darker in a dark-tailed tomogram
        List<ParticleCluster.ClusterEvidence> e = List.of(ev(0, 300, 0.3, 1.0), ev(1, 700, 0.7, 0.05));
        ParticleCluster.TomogramStats dark = new ParticleCluster.TomogramStats(0, 1, new double[] {0.2, -0.1}, -0.8,
                100);
        ParticleCluster.Choice c = ParticleCluster.decide(e, dark);
        assertEquals(Map.of("minority", 0, "fragmentation", 1, "polarity", 1), c.votes());
        assertEquals(1, c.id());
        assertTrue(c.rule().startsWith("majority"), c.rule());
        // same, bright-tailed tomogram: polarity now votes 0, 2 against 1
        ParticleCluster.TomogramStats bright = new ParticleCluster.TomogramStats(0, 1, new double[] {0.2, -0.1}, 0.8,
                100);
        assertEquals(0, ParticleCluster.decide(e, bright).id());
        // no fragmentation difference and a weak skewness: minority alone
        List<ParticleCluster.ClusterEvidence> flat = List.of(ev(0, 300, 0.3, 1.0), ev(1, 700, 0.7, 0.95));
        ParticleCluster.TomogramStats weak = new ParticleCluster.TomogramStats(0, 1, new double[] {0.2, -0.1}, 0.1,
                100);
        ParticleCluster.Choice m = ParticleCluster.decide(flat, weak);
        assertEquals(Map.of("minority", 0, "fragmentation", -1, "polarity", -1), m.votes());
        assertEquals(0, m.id());
        // one vote each: the smaller cluster, and the rule says it was a tie
        ParticleCluster.Choice t = ParticleCluster.decide(flat, bright.blockSkewness() > 0 ? dark : bright);
        assertEquals(Map.of("minority", 0, "fragmentation", -1, "polarity", 1), t.votes());
        assertEquals(0, t.id());
        assertTrue(t.rule().startsWith("tied votes"), t.rule());
    }

    @Test
    void noVoteFallsBackToTheSmallerCluster() {
        // two halves: equal fractions (no minority vote), each one component (no fragmentation vote)
        byte[] codes = new byte[N * N * N];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) (i < codes.length / 2 + N ? 1 : 0);
        }
        ParticleCluster.Choice c =
                ParticleCluster.decide(ParticleCluster.evidence(codes, new Shape(N, N, N), null), null);
        assertEquals(0, c.id(), "cluster 0 is the smaller by N voxels");
        assertTrue(c.rule().startsWith("no vote"), c.rule());
        // codes other than 0 and 1 are outside the evidence
        codes[0] = 2;
        List<ParticleCluster.ClusterEvidence> ev = ParticleCluster.evidence(codes, new Shape(N, N, N), null);
        assertEquals(codes.length - 1, ev.get(0).voxels() + ev.get(1).voxels());
    }

    @Test
    void blockSkewnessMatchesTheFormula() {
        // 8x8x8 volume: eight 4^3 blocks with constant values 0,0,0,0,0,0,1,5 plus a large offset
        int n = 8;
        float[] v = new float[n * n * n];
        double[] vals = {0, 0, 0, 0, 0, 0, 1, 5};
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int b = (x / 4) + 2 * (y / 4) + 4 * (z / 4);
                    v[(z * n + y) * n + x] = (float) (1000 + vals[b]);
                }
            }
        }
        ParticleCluster.BlockMoments bm = new ParticleCluster.BlockMoments(n, n);
        for (int z = 0; z < n; z++) {
            bm.add(v, z * n * n);
        }
        double m = 0.75;
        double m2 = 0;
        double m3 = 0;
        for (double x : vals) {
            m2 += (x - m) * (x - m) / 8;
            m3 += (x - m) * (x - m) * (x - m) / 8;
        }
        assertEquals(8, bm.blocks());
        assertEquals(m3 / Math.pow(m2, 1.5), bm.skewness(), 1e-9);
    }

    @Test
    void progressLogsPercentagesOnlyBeforeTheEnd() {
        List<String> lines = new ArrayList<>();
        Progress p = new Progress("edt", 4, lines::add, 0);
        p.add(1);
        p.add(2);
        p.add(1);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("edt: 25%, "), lines.get(0));
        assertTrue(lines.get(1).startsWith("edt: 75%, "), lines.get(1));
        Progress.NONE.add(5);
        new Progress("quiet", 4, lines::add).add(1); // the first line comes after 10 s at the earliest
        assertEquals(2, lines.size());
    }
}
