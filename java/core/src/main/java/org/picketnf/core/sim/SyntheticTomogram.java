package org.picketnf.core.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.ParallelRange;
import org.picketnf.core.Volume;

/**
 * A seeded synthetic cryo-ET tomogram with its ground truth: pure numerics, no file I/O.
 *
 * <p>Stages, each with its own random stream derived from the seed (see {@link SimRandom}):
 * <ol>
 *   <li><b>Particles.</b> {@link SimParams#requestedParticles()} particles, each a sphere, a randomly oriented
 *       ellipsoid or a blob (3-5 overlapping spheres), class chosen uniformly, bounding radius uniform in
 *       [radiusMin, radiusMax]. Positions by rejection sampling: every bounding sphere lies at least
 *       {@link #MARGIN} voxels inside every face, and bounding spheres of different particles are at least
 *       {@link #GAP} voxel apart. With an explicit count, a particle that cannot be placed in
 *       {@link #MAX_TRIES} tries is an error; with the automatic count placement just stops there.</li>
 *   <li><b>Signal.</b> Voxels inside a particle get the value -1 (dark) or +1 (bright), the rest 0, then the
 *       Gaussian low-pass (separable, real space) blurs them. Rendering touches only each particle's bounding
 *       box.</li>
 *   <li><b>Missing wedge</b> (if on). For each y, the XZ plane is Fourier transformed (2-D, over x and z) and the
 *       components outside the tilt range are zeroed (see {@link MissingWedge}).</li>
 *   <li><b>Noise</b> (if SNR finite). White Gaussian noise, drawn plane by plane (one stream per y), passed
 *       through the same missing wedge (as in a reconstruction, the noise has the wedge too) but not through the
 *       low-pass, scaled so that var(noise-free tomogram) / var(noise) = SNR. The noise variance is the expected
 *       one, sigma^2 times the fraction of Fourier components the wedge keeps; the realised ratio is within a
 *       fraction of a percent of SNR for any sizeable volume.</li>
 *   <li><b>Normalisation</b> (if on, the default): value = (raw - mean) / sd over the whole volume, so the
 *       output has mean 0 and standard deviation 1. {@link #offset()} and {@link #scale()} give the mapping; a
 *       unit particle contrast becomes {@link #scale()} in output units.</li>
 * </ol>
 *
 * <p>The particle stage is {@link ParticlePlacement}, each particle's shape and rendering {@link SimBody}.
 *
 * <p>Memory: one float volume plus per-thread plane buffers. The plane stages run over {@code threads} threads;
 * each plane is computed on its own from its own data and stream, and statistics are summed in plane order, so the
 * output is bit-identical for any thread count. Transcendental functions use {@link StrictMath}.
 */
public final class SyntheticTomogram {
    /** Minimum distance in voxels between a bounding sphere and the faces of the volume. */
    public static final double MARGIN = 2;
    /** Minimum gap in voxels between the bounding spheres of two particles. */
    public static final double GAP = 1;
    /** Tries to place one particle before giving up. */
    public static final int MAX_TRIES = 2000;

    private final SimParams params;
    private final Volume volume;
    private final List<SimParticle> particles;
    private final double signalVariance;
    private final double noiseVariance;
    private final double offset;
    private final double scale;

    private SyntheticTomogram(SimParams params, Volume volume, List<SimParticle> particles, double signalVariance,
                              double noiseVariance, double offset, double scale) {
        this.params = params;
        this.volume = volume;
        this.particles = List.copyOf(particles);
        this.signalVariance = signalVariance;
        this.noiseVariance = noiseVariance;
        this.offset = offset;
        this.scale = scale;
    }

    public SimParams params() { return params; }
    /** The tomogram (live array). */
    public Volume volume() { return volume; }
    /** The ground truth, in placement order. */
    public List<SimParticle> particles() { return particles; }
    /** Variance of the noise-free tomogram before normalisation. */
    public double signalVariance() { return signalVariance; }
    /** Expected variance of the noise before normalisation (0 without noise). */
    public double noiseVariance() { return noiseVariance; }
    /** Output = (raw - offset) * scale; offset is the raw mean when normalising, else 0. */
    public double offset() { return offset; }
    /** Output = (raw - offset) * scale; 1 / raw sd when normalising, else 1. */
    public double scale() { return scale; }

    /** Generates on the calling thread, silently. */
    public static SyntheticTomogram generate(SimParams p) {
        return generate(p, 1, s -> { });
    }

    /**
     * Generates the tomogram.
     *
     * @param threads worker threads for the plane stages (&gt;= 1); the result does not depend on it
     * @param log receives one progress line per stage
     * @throws BadInputException if an explicit number of particles cannot be placed
     */
    public static SyntheticTomogram generate(SimParams p, int threads, Consumer<String> log) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        final int nx = p.nx();
        final int ny = p.ny();
        final int nz = p.nz();
        long t0 = System.nanoTime();
        List<SimBody> bodies = ParticlePlacement.place(p, log);
        List<SimParticle> truth = new ArrayList<>(bodies.size());
        Map<ParticleClass, Integer> counts = new EnumMap<>(ParticleClass.class);
        for (SimBody b : bodies) {
            truth.add(b.truth);
            counts.merge(b.truth.cls(), 1, Integer::sum);
        }
        log.accept(String.format(Locale.ROOT, "placed %d particles %s (%s s)", bodies.size(), counts, secs(t0)));

        t0 = System.nanoTime();
        Volume vol = Volume.zeros(nx, ny, nz, Geometry.isotropic(p.voxelSize()));
        float[] data = vol.data();
        float value = p.polarity().sign();
        long filled = 0;
        for (SimBody b : bodies) {
            filled += b.render(vol, value);
        }
        log.accept(String.format(Locale.ROOT, "rendered %d particle voxels (%.2f%% of the volume) (%s s)", filled,
                100.0 * filled / vol.size(), secs(t0)));

        // low-pass along y, one z-section at a time
        GaussianBlur blur = p.lowpassSigma() > 0 ? new GaussianBlur(p.lowpassSigma()) : null;
        t0 = System.nanoTime();
        if (blur != null) {
            ParallelRange.forRange(0, nz, threads, () -> new float[nx * ny], (float[] buf, int z) -> {
                int off = z * nx * ny;
                blur.acrossRows(data, off, nx, ny, buf);
                System.arraycopy(buf, 0, data, off, nx * ny);
            });
        }
        // low-pass along x and z, then the wedge, one XZ plane at a time
        MissingWedge wedge = p.wedge() && p.tiltMaxDeg() < 90 ? new MissingWedge(nx, nz, p.tiltMaxDeg()) : null;
        double[] sum = new double[ny];
        double[] sq = new double[ny];
        ParallelRange.forRange(0, ny, threads, () -> new PlaneWorker(nx, nz, wedge), (PlaneWorker w, int y) -> {
            w.gather(data, ny, y);
            if (blur != null) {
                for (int z = 0; z < nz; z++) {
                    blur.row(w.plane, z * nx, nx, w.row);
                }
                blur.acrossRows(w.plane, 0, nx, nz, w.tmp);
                System.arraycopy(w.tmp, 0, w.plane, 0, nx * nz);
            }
            if (w.wedge != null) {
                w.wedge.apply(w.plane);
            }
            w.scatter(data, ny, y);
            w.stats(sum, sq, y);
        });
        long n = vol.size();
        double mean = total(sum) / n;
        double varS = Math.max(0, total(sq) / n - mean * mean);
        log.accept(String.format(Locale.ROOT, "low-pass sigma %s, wedge %s (%s s)", p.lowpassSigma(),
                wedge == null ? "off" : "+-" + p.tiltMaxDeg() + " deg, keeps "
                        + String.format(Locale.ROOT, "%.1f%%", 100 * wedge.keptFraction()) + " of each XZ spectrum",
                secs(t0)));

        double noiseVar = 0;
        if (p.hasNoise()) {
            t0 = System.nanoTime();
            noiseVar = varS / p.snr();
            double kept = wedge == null ? 1 : wedge.keptFraction();
            final float amp = (float) Math.sqrt(noiseVar / kept);
            final long seed = p.seed();
            ParallelRange.forRange(0, ny, threads, () -> new PlaneWorker(nx, nz, wedge), (PlaneWorker w, int y) -> {
                SimRandom rng = SimRandom.derive(seed, SimRandom.STAGE_NOISE, y);
                float[] pl = w.plane;
                for (int i = 0; i < nx * nz; i++) {
                    pl[i] = (float) rng.gaussian();
                }
                if (w.wedge != null) {
                    w.wedge.apply(pl);
                }
                for (int z = 0; z < nz; z++) {
                    int o = (z * ny + y) * nx;
                    int q = z * nx;
                    for (int x = 0; x < nx; x++) {
                        data[o + x] += amp * pl[q + x];
                    }
                }
                w.gather(data, ny, y);
                w.stats(sum, sq, y);
            });
            mean = total(sum) / n;
            log.accept(String.format(Locale.ROOT, "noise: SNR %s, signal variance %.4g, noise sd %.4g (%s s)",
                    p.snr(), varS, Math.sqrt(noiseVar), secs(t0)));
        }

        double offset = 0;
        double scale = 1;
        if (p.normalize()) {
            t0 = System.nanoTime();
            double var = Math.max(0, total(sq) / n - mean * mean);
            offset = mean;
            scale = var > 0 ? 1 / Math.sqrt(var) : 1;
            final double m = offset;
            final double s = scale;
            ParallelRange.forRange(0, nz, threads, z -> {
                int off = z * nx * ny;
                for (int i = off; i < off + nx * ny; i++) {
                    data[i] = (float) ((data[i] - m) * s);
                }
            });
            log.accept(String.format(Locale.ROOT, "normalised: mean %.4g, sd %.4g -> 0, 1 (%s s)", m,
                    Math.sqrt(var), secs(t0)));
        }
        return new SyntheticTomogram(p, vol, truth, varS, noiseVar, offset, scale);
    }

    private static double total(double[] a) {
        double t = 0;
        for (double v : a) {
            t += v;
        }
        return t;
    }

    private static String secs(long t0) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9);
    }

    /** Buffers for one thread working on XZ planes. */
    private static final class PlaneWorker {
        final int nx;
        final int nz;
        final float[] plane;
        final float[] tmp;
        final float[] row;
        final MissingWedge.Worker wedge;

        PlaneWorker(int nx, int nz, MissingWedge w) {
            this.nx = nx;
            this.nz = nz;
            plane = new float[nx * nz];
            tmp = new float[nx * nz];
            row = new float[nx];
            wedge = w == null ? null : w.worker();
        }

        void gather(float[] data, int ny, int y) {
            for (int z = 0; z < nz; z++) {
                System.arraycopy(data, (z * ny + y) * nx, plane, z * nx, nx);
            }
        }

        void scatter(float[] data, int ny, int y) {
            for (int z = 0; z < nz; z++) {
                System.arraycopy(plane, z * nx, data, (z * ny + y) * nx, nx);
            }
        }

        void stats(double[] sum, double[] sq, int y) {
            double s = 0;
            double q = 0;
            for (int i = 0; i < nx * nz; i++) {
                double v = plane[i];
                s += v;
                q += v * v;
            }
            sum[y] = s;
            sq[y] = q;
        }
    }
}
