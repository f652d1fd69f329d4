package org.picketnf.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.jtransforms.fft.DoubleFFT_2D;
import org.junit.jupiter.api.Test;
import org.picketnf.core.BadInputException;
import org.picketnf.core.Volume;

class SyntheticTomogramTest {
    // deliberately non-cubic, to catch axis mix-ups
    private static final int NX = 64;
    private static final int NY = 48;
    private static final int NZ = 40;

    private static SimParams base(long seed) {
        return SimParams.defaults(NX, NY, NZ, seed);
    }

    @Test
    void sameSeedGivesIdenticalOutput() {
        SyntheticTomogram a = SyntheticTomogram.generate(base(7));
        SyntheticTomogram b = SyntheticTomogram.generate(base(7));
        assertArrayEquals(a.volume().data(), b.volume().data());
        assertEquals(a.particles(), b.particles());
    }

    @Test
    void differentSeedGivesDifferentOutput() {
        SyntheticTomogram a = SyntheticTomogram.generate(base(7));
        SyntheticTomogram b = SyntheticTomogram.generate(base(8));
        assertFalse(Arrays.equals(a.volume().data(), b.volume().data()));
        assertFalse(a.particles().equals(b.particles()));
    }

    @Test
    void outputDoesNotDependOnThreadCount() {
        SimParams p = base(11);
        float[] one = SyntheticTomogram.generate(p, 1, s -> { }).volume().data();
        float[] three = SyntheticTomogram.generate(p, 3, s -> { }).volume().data();
        assertArrayEquals(one, three);
    }

    @Test
    void normalisedToMeanZeroSdOne() {
        float[] d = SyntheticTomogram.generate(base(3)).volume().data();
        double s = 0;
        double q = 0;
        for (float v : d) {
            s += v;
            q += (double) v * v;
        }
        double mean = s / d.length;
        assertEquals(0, mean, 1e-4);
        assertEquals(1, Math.sqrt(q / d.length - mean * mean), 1e-4);
    }

    @Test
    void particlesAreInsideAndDoNotOverlap() {
        SimParams p = base(5).withParticles(25).withRadius(3, 7);
        SyntheticTomogram t = SyntheticTomogram.generate(p);
        List<SimParticle> ps = t.particles();
        assertEquals(25, ps.size());
        for (SimParticle a : ps) {
            assertTrue(a.radius() >= 3 && a.radius() <= 7, a.toString());
            assertTrue(a.x() - a.radius() >= SyntheticTomogram.MARGIN - 1e-9
                    && a.x() + a.radius() <= NX - 1 - SyntheticTomogram.MARGIN + 1e-9, a.toString());
            assertTrue(a.y() - a.radius() >= SyntheticTomogram.MARGIN - 1e-9
                    && a.y() + a.radius() <= NY - 1 - SyntheticTomogram.MARGIN + 1e-9, a.toString());
            assertTrue(a.z() - a.radius() >= SyntheticTomogram.MARGIN - 1e-9
                    && a.z() + a.radius() <= NZ - 1 - SyntheticTomogram.MARGIN + 1e-9, a.toString());
        }
        for (int i = 0; i < ps.size(); i++) {
            for (int j = i + 1; j < ps.size(); j++) {
                SimParticle a = ps.get(i);
                SimParticle b = ps.get(j);
                double d = Math.sqrt(sq(a.x() - b.x()) + sq(a.y() - b.y()) + sq(a.z() - b.z()));
                assertTrue(d >= a.radius() + b.radius() + SyntheticTomogram.GAP - 1e-9, a + " vs " + b);
            }
        }
    }

    @Test
    void allThreeClassesAppear() {
        SyntheticTomogram t = SyntheticTomogram.generate(SimParams.defaults(96, 96, 64, 2));
        for (ParticleClass c : ParticleClass.values()) {
            assertTrue(t.particles().stream().anyMatch(p -> p.cls() == c), c.label());
        }
        assertEquals(List.of("sphere", "ellipsoid", "blob"),
                Arrays.stream(ParticleClass.values()).map(ParticleClass::label).toList());
    }

    @Test
    void automaticCountFillsAFewPercent() {
        SimParams p = SimParams.defaults(96, 96, 64, 4).withoutNoise().withLowpass(0).withoutWedge()
                .withNormalize(false);
        SyntheticTomogram t = SyntheticTomogram.generate(p);
        assertEquals(p.requestedParticles(), t.particles().size());
        long in = 0;
        for (float v : t.volume().data()) {
            if (v != 0) {
                in++;
            }
        }
        double frac = in / (double) t.volume().size();
        assertTrue(frac > 0.03 && frac < 0.10, "particle fraction " + frac);
    }

    @Test
    void noiselessDarkParticlesAreDarkAtTheirTruePositions() {
        SimParams p = base(21).withoutNoise().withNormalize(false);
        SyntheticTomogram t = SyntheticTomogram.generate(p);
        double bg = backgroundMean(t);
        assertEquals(0, bg, 0.05);
        double sumSpheres = 0;
        int spheres = 0;
        for (SimParticle a : t.particles()) {
            double c = coreMean(t.volume(), a) - bg;
            assertTrue(c < -0.15, "dark particle core contrast " + c + " at " + a);
            if (a.cls() == ParticleClass.SPHERE) {
                sumSpheres += c;
                spheres++;
            }
        }
        assertTrue(spheres > 0);
        // amplitude -1, softened by the low-pass and the wedge
        double mean = sumSpheres / spheres;
        assertTrue(mean < -0.6 && mean > -1.1, "mean sphere core contrast " + mean);
    }

    @Test
    void noiselessBrightParticlesAreBright() {
        SimParams p = base(21).withoutNoise().withNormalize(false).withPolarity(Polarity.BRIGHT);
        SyntheticTomogram t = SyntheticTomogram.generate(p);
        double bg = backgroundMean(t);
        for (SimParticle a : t.particles()) {
            double c = coreMean(t.volume(), a) - bg;
            assertTrue(c > 0.15, "bright particle core contrast " + c + " at " + a);
        }
        // polarity flips the sign and nothing else
        float[] dark = SyntheticTomogram.generate(p.withPolarity(Polarity.DARK)).volume().data();
        float[] bright = t.volume().data();
        for (int i = 0; i < dark.length; i++) {
            assertTrue(-dark[i] == bright[i], "voxel " + i + ": " + dark[i] + " vs " + bright[i]);
        }
    }

    @Test
    void normalisedContrastIsScaleTimesRawContrast() {
        SimParams raw = base(22).withoutNoise().withNormalize(false);
        SyntheticTomogram r = SyntheticTomogram.generate(raw);
        SyntheticTomogram n = SyntheticTomogram.generate(raw.withNormalize(true));
        double cr = meanContrast(r);
        double cn = meanContrast(n);
        assertEquals(cr * n.scale(), cn, 1e-3 * Math.abs(cn));
    }

    @Test
    void withDefaultNoiseParticlesStillSeparateOnAverage() {
        for (Polarity pol : Polarity.values()) {
            SyntheticTomogram t = SyntheticTomogram.generate(SimParams.defaults(80, 80, 64, 31).withPolarity(pol));
            Volume v = t.volume();
            double bg = backgroundMean(t);
            double sum = 0;
            long count = 0;
            for (SimParticle a : t.particles()) {
                double[] sc = coreSumCount(v, a);
                sum += sc[0];
                count += (long) sc[1];
            }
            double contrast = sum / count - bg;
            // output sd is 1, so the standard error of the core mean is about 1/sqrt(count) (more for the
            // wedge-correlated noise); ask for a wide margin
            double se = 1 / Math.sqrt(count);
            assertTrue(pol.sign() * contrast > 15 * se && pol.sign() * contrast > 0.3,
                    pol + ": contrast " + contrast + ", standard error " + se + " over " + count + " voxels");
        }
    }

    @Test
    void snrIsTheRatioOfSignalToNoiseVariance() {
        for (double snr : new double[] {0.03, 0.5, 4}) {
            for (boolean wedge : new boolean[] {true, false}) {
                SimParams p = base(41).withSnr(snr).withNormalize(false);
                if (!wedge) {
                    p = p.withoutWedge();
                }
                float[] noisy = SyntheticTomogram.generate(p).volume().data();
                float[] clean = SyntheticTomogram.generate(p.withoutNoise()).volume().data();
                double[] diff = new double[noisy.length];
                double[] sig = new double[noisy.length];
                for (int i = 0; i < noisy.length; i++) {
                    diff[i] = noisy[i] - clean[i];
                    sig[i] = clean[i];
                }
                double measured = variance(sig) / variance(diff);
                assertEquals(snr, measured, 0.03 * snr, "snr " + snr + " wedge " + wedge);
            }
        }
    }

    @Test
    void missingWedgeRemovesTheFourierComponentsOutsideTheTiltRange() {
        double inWedgeOn = wedgeEnergyFraction(base(51), 60, NY / 2);
        double inWedgeOff = wedgeEnergyFraction(base(51).withoutWedge(), 60, NY / 2);
        assertTrue(inWedgeOn < 1e-8, "energy fraction in the wedge with wedge on: " + inWedgeOn);
        // the wedge region is about 30% of the plane; without a wedge noise fills it
        assertTrue(inWedgeOff > 0.15, "energy fraction in the wedge with wedge off: " + inWedgeOff);
        // a narrower tilt range removes more
        double narrow = wedgeEnergyFraction(base(51).withWedge(40), 40, 3);
        assertTrue(narrow < 1e-8, "tilt 40: " + narrow);
    }

    @Test
    void wedgeMaskGeometry() {
        MissingWedge w = new MissingWedge(64, 40, 60);
        assertTrue(w.keeps(0, 0));
        assertFalse(w.keeps(0, 1));
        assertTrue(w.keeps(1, 0));
        assertTrue(w.keeps(63, 0));
        // direction 45 degrees (in cycles per voxel) is kept, 70 degrees is not
        assertTrue(w.keeps(8, 5));
        assertFalse(w.keeps(2, 5));
        // an infinite plane keeps 60/90 of the directions
        assertEquals(2.0 / 3, w.keptFraction(), 0.05);
        assertEquals(1.0, new MissingWedge(64, 40, 90).keptFraction());
    }

    @Test
    void badParametersAreRejectedWithOneLine() {
        assertThrows(BadInputException.class, () -> SimParams.defaults(0, 10, 10, 1));
        assertThrows(BadInputException.class, () -> SimParams.defaults(64, 64, -1, 1));
        assertThrows(BadInputException.class, () -> base(1).withRadius(6, 5));
        assertThrows(BadInputException.class, () -> base(1).withRadius(0.5, 5));
        assertThrows(BadInputException.class, () -> base(1).withSnr(0));
        assertThrows(BadInputException.class, () -> base(1).withSnr(-1));
        assertThrows(BadInputException.class, () -> base(1).withLowpass(-1));
        assertThrows(BadInputException.class, () -> base(1).withWedge(0));
        assertThrows(BadInputException.class, () -> base(1).withWedge(91));
        assertThrows(BadInputException.class, () -> base(1).withParticles(-3));
        assertThrows(BadInputException.class, () -> base(1).withVoxelSize(0));
        assertThrows(BadInputException.class, () -> Polarity.parse("grey"));
        assertEquals(Polarity.BRIGHT, Polarity.parse(" Bright "));
        BadInputException small = assertThrows(BadInputException.class, () -> SimParams.defaults(20, 64, 64, 1));
        assertTrue(small.getMessage().contains("too small"), small.getMessage());
        BadInputException crowded = assertThrows(BadInputException.class,
                () -> SyntheticTomogram.generate(base(1).withParticles(500)));
        assertTrue(crowded.getMessage().contains("cannot place particle"), crowded.getMessage());
        assertFalse(crowded.getMessage().contains("\n"));
    }

    @Test
    void automaticCountNeverFailsInASmallVolume() {
        SyntheticTomogram t = SyntheticTomogram.generate(SimParams.defaults(22, 22, 22, 9));
        assertTrue(t.particles().size() >= 1);
    }

    // ------------------------------------------------------------------ helpers

    private static double sq(double v) {
        return v * v;
    }

    private static double variance(double[] a) {
        double s = 0;
        double q = 0;
        for (double v : a) {
            s += v;
            q += v * v;
        }
        double m = s / a.length;
        return q / a.length - m * m;
    }

    /** Sum and count of the voxels within 0.5 * radius of the particle centre. */
    private static double[] coreSumCount(Volume v, SimParticle a) {
        double r = 0.5 * a.radius();
        double s = 0;
        int n = 0;
        for (int z = (int) Math.ceil(a.z() - r); z <= Math.floor(a.z() + r); z++) {
            for (int y = (int) Math.ceil(a.y() - r); y <= Math.floor(a.y() + r); y++) {
                for (int x = (int) Math.ceil(a.x() - r); x <= Math.floor(a.x() + r); x++) {
                    if (sq(x - a.x()) + sq(y - a.y()) + sq(z - a.z()) <= r * r) {
                        s += v.get(x, y, z);
                        n++;
                    }
                }
            }
        }
        return new double[] {s, n};
    }

    private static double coreMean(Volume v, SimParticle a) {
        double[] sc = coreSumCount(v, a);
        return sc[0] / sc[1];
    }

    private static double meanContrast(SyntheticTomogram t) {
        double bg = backgroundMean(t);
        double s = 0;
        for (SimParticle a : t.particles()) {
            s += coreMean(t.volume(), a) - bg;
        }
        return s / t.particles().size();
    }

    /** Mean over voxels more than radius + 3 voxels from every particle centre. */
    private static double backgroundMean(SyntheticTomogram t) {
        Volume v = t.volume();
        boolean[] near = new boolean[v.size()];
        for (SimParticle a : t.particles()) {
            double r = a.radius() + 3;
            for (int z = Math.max(0, (int) Math.ceil(a.z() - r)); z <= Math.min(v.nz() - 1, a.z() + r); z++) {
                for (int y = Math.max(0, (int) Math.ceil(a.y() - r)); y <= Math.min(v.ny() - 1, a.y() + r); y++) {
                    for (int x = Math.max(0, (int) Math.ceil(a.x() - r)); x <= Math.min(v.nx() - 1, a.x() + r); x++) {
                        if (sq(x - a.x()) + sq(y - a.y()) + sq(z - a.z()) <= r * r) {
                            near[v.index(x, y, z)] = true;
                        }
                    }
                }
            }
        }
        double s = 0;
        long n = 0;
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) {
            if (!near[i]) {
                s += d[i];
                n++;
            }
        }
        assertTrue(n > d.length / 10, "too little background");
        return s / n;
    }

    /**
     * The fraction of the power of the XZ plane at {@code y} (DC excluded) whose direction makes more than
     * {@code tilt} degrees with the fx axis, i.e. lies in the missing wedge; computed in double precision.
     */
    private static double wedgeEnergyFraction(SimParams p, double tilt, int y) {
        Volume v = SyntheticTomogram.generate(p).volume();
        double[] a = new double[2 * NX * NZ];
        for (int z = 0; z < NZ; z++) {
            for (int x = 0; x < NX; x++) {
                a[2 * (z * NX + x)] = v.get(x, y, z);
            }
        }
        new DoubleFFT_2D(NZ, NX).complexForward(a);
        double tan = Math.tan(Math.toRadians(tilt));
        double in = 0;
        double all = 0;
        for (int kz = 0; kz < NZ; kz++) {
            for (int kx = 0; kx < NX; kx++) {
                if (kx == 0 && kz == 0) {
                    continue;
                }
                double fx = Math.abs((kx <= NX / 2 ? kx : kx - NX) / (double) NX);
                double fz = Math.abs((kz <= NZ / 2 ? kz : kz - NZ) / (double) NZ);
                double pw = sq(a[2 * (kz * NX + kx)]) + sq(a[2 * (kz * NX + kx) + 1]);
                all += pw;
                // strictly inside the wedge, with a small angular margin against ties on its edge
                if (fz > fx * tan * 1.0001) {
                    in += pw;
                }
            }
        }
        return in / all;
    }
}
