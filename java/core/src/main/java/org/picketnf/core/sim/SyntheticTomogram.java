package org.picketnf.core.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
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
        List<Body> bodies = place(p, log);
        List<SimParticle> truth = new ArrayList<>(bodies.size());
        Map<ParticleClass, Integer> counts = new EnumMap<>(ParticleClass.class);
        for (Body b : bodies) {
            truth.add(b.truth);
            counts.merge(b.truth.cls(), 1, Integer::sum);
        }
        log.accept(String.format(Locale.ROOT, "placed %d particles %s (%s s)", bodies.size(), counts, secs(t0)));

        t0 = System.nanoTime();
        Volume vol = Volume.zeros(nx, ny, nz, Geometry.isotropic(p.voxelSize()));
        float[] data = vol.data();
        float value = p.polarity().sign();
        long filled = 0;
        for (Body b : bodies) {
            filled += b.render(data, nx, ny, nz, value);
        }
        log.accept(String.format(Locale.ROOT, "rendered %d particle voxels (%.2f%% of the volume) (%s s)", filled,
                100.0 * filled / vol.size(), secs(t0)));

        // low-pass along y, one z-section at a time
        GaussianBlur blur = p.lowpassSigma() > 0 ? new GaussianBlur(p.lowpassSigma()) : null;
        t0 = System.nanoTime();
        if (blur != null) {
            parallel(nz, threads, () -> new float[nx * ny], (buf, z) -> {
                int off = z * nx * ny;
                blur.acrossRows(data, off, nx, ny, buf);
                System.arraycopy(buf, 0, data, off, nx * ny);
            });
        }
        // low-pass along x and z, then the wedge, one XZ plane at a time
        MissingWedge wedge = p.wedge() && p.tiltMaxDeg() < 90 ? new MissingWedge(nx, nz, p.tiltMaxDeg()) : null;
        double[] sum = new double[ny];
        double[] sq = new double[ny];
        parallel(ny, threads, () -> new PlaneWorker(nx, nz, wedge), (w, y) -> {
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
            parallel(ny, threads, () -> new PlaneWorker(nx, nz, wedge), (w, y) -> {
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
            parallel(nz, threads, () -> null, (unused, z) -> {
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

    @FunctionalInterface
    private interface Task<W> {
        void run(W state, int index);
    }

    /**
     * Runs {@code task} for indices 0..count-1 on {@code threads} threads, each with its own state. Each index must
     * write only its own part of the output, so the result does not depend on which thread ran it.
     */
    private static <W> void parallel(int count, int threads, Supplier<W> state, Task<W> task) {
        int t = Math.min(threads, count);
        if (t <= 1) {
            W w = state.get();
            for (int i = 0; i < count; i++) {
                task.run(w, i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "picket-sim");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                fs.add(pool.submit(() -> {
                    W w = state.get();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        task.run(w, i);
                    }
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    next.set(count);
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error er) {
                        throw er;
                    }
                    throw new IllegalStateException(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- particles

    private static List<Body> place(SimParams p, Consumer<String> log) {
        int want = p.requestedParticles();
        boolean auto = p.particles() == SimParams.AUTO;
        SimRandom rng = SimRandom.derive(p.seed(), SimRandom.STAGE_PARTICLES, 0);
        double cell = 2 * p.radiusMax() + GAP;
        Grid grid = new Grid(p.nx(), p.ny(), p.nz(), cell);
        List<Body> out = new ArrayList<>();
        ParticleClass[] classes = ParticleClass.values();
        for (int i = 0; i < want; i++) {
            ParticleClass cls = classes[rng.nextInt(classes.length)];
            double r = p.radiusMin() == p.radiusMax() ? p.radiusMin() : rng.uniform(p.radiusMin(), p.radiusMax());
            double lo = r + MARGIN;
            boolean placed = false;
            for (int tr = 0; tr < MAX_TRIES && !placed; tr++) {
                double x = rng.uniform(lo, p.nx() - 1 - lo);
                double y = rng.uniform(lo, p.ny() - 1 - lo);
                double z = rng.uniform(lo, p.nz() - 1 - lo);
                if (grid.free(x, y, z, r)) {
                    grid.add(x, y, z, r);
                    out.add(Body.make(new SimParticle(x, y, z, r, cls), rng));
                    placed = true;
                }
            }
            if (!placed) {
                if (auto) {
                    log.accept("volume full after " + out.size() + " of " + want + " particles; stopping there");
                    break;
                }
                throw new BadInputException("cannot place particle " + (i + 1) + " of " + want + " (radius "
                        + String.format(Locale.ROOT, "%.2f", r) + ") without overlap in a " + p.nx() + "x" + p.ny()
                        + "x" + p.nz() + " volume after " + MAX_TRIES + " tries; ask for fewer particles or "
                        + "smaller radii");
            }
        }
        return out;
    }

    /** Bounding spheres already placed, hashed into cubic cells of side 2*radiusMax + GAP. */
    private static final class Grid {
        private final double cell;
        private final int gx;
        private final int gy;
        private final int gz;
        private final int[] head;
        private int[] next = new int[64];
        private double[] xyzr = new double[256];
        private int count;

        Grid(int nx, int ny, int nz, double cell) {
            this.cell = cell;
            gx = (int) Math.ceil(nx / cell) + 1;
            gy = (int) Math.ceil(ny / cell) + 1;
            gz = (int) Math.ceil(nz / cell) + 1;
            head = new int[Math.multiplyExact(Math.multiplyExact(gx, gy), gz)];
            Arrays.fill(head, -1);
        }

        private int c(double v, int g) {
            int i = (int) Math.floor(v / cell);
            return i < 0 ? 0 : Math.min(i, g - 1);
        }

        boolean free(double x, double y, double z, double r) {
            int cx = c(x, gx);
            int cy = c(y, gy);
            int cz = c(z, gz);
            for (int k = Math.max(0, cz - 1); k <= Math.min(gz - 1, cz + 1); k++) {
                for (int j = Math.max(0, cy - 1); j <= Math.min(gy - 1, cy + 1); j++) {
                    for (int i = Math.max(0, cx - 1); i <= Math.min(gx - 1, cx + 1); i++) {
                        for (int q = head[(k * gy + j) * gx + i]; q >= 0; q = next[q]) {
                            double dx = x - xyzr[4 * q];
                            double dy = y - xyzr[4 * q + 1];
                            double dz = z - xyzr[4 * q + 2];
                            double d = r + xyzr[4 * q + 3] + GAP;
                            if (dx * dx + dy * dy + dz * dz < d * d) {
                                return false;
                            }
                        }
                    }
                }
            }
            return true;
        }

        void add(double x, double y, double z, double r) {
            if (count == next.length) {
                next = Arrays.copyOf(next, 2 * count);
                xyzr = Arrays.copyOf(xyzr, 8 * count);
            }
            xyzr[4 * count] = x;
            xyzr[4 * count + 1] = y;
            xyzr[4 * count + 2] = z;
            xyzr[4 * count + 3] = r;
            int h = (c(z, gz) * gy + c(y, gy)) * gx + c(x, gx);
            next[count] = head[h];
            head[h] = count;
            count++;
        }
    }

    /** A particle with what it takes to render it. */
    private static final class Body {
        final SimParticle truth;
        /** Ellipsoid: rotation (row-major, body to volume axes) and semi-axes. */
        final double[] rot;
        final double[] axes;
        /** Blob: sub-sphere offsets from the centre (x, y, z triples) and radii. */
        final double[] sub;
        final double[] subR;

        private Body(SimParticle truth, double[] rot, double[] axes, double[] sub, double[] subR) {
            this.truth = truth;
            this.rot = rot;
            this.axes = axes;
            this.sub = sub;
            this.subR = subR;
        }

        static Body make(SimParticle t, SimRandom rng) {
            double r = t.radius();
            switch (t.cls()) {
                case SPHERE:
                    return new Body(t, null, null, null, null);
                case ELLIPSOID: {
                    double b = r * rng.uniform(0.45, 0.8);
                    double c = b * rng.uniform(0.6, 1.0);
                    return new Body(t, rng.rotation(), new double[] {r, b, c}, null, null);
                }
                case BLOB: {
                    int k = 3 + rng.nextInt(3);
                    double[] o = new double[3 * k];
                    double[] s = new double[k];
                    s[0] = rng.uniform(0.8, 1.2);
                    for (int i = 1; i < k; i++) {
                        s[i] = rng.uniform(0.8, 1.2);
                        int j = rng.nextInt(i);
                        double d = (s[i] + s[j]) * rng.uniform(0.45, 0.75);
                        double[] u = rng.unitVector();
                        for (int a = 0; a < 3; a++) {
                            o[3 * i + a] = o[3 * j + a] + d * u[a];
                        }
                    }
                    double[] cen = new double[3];
                    for (int i = 0; i < k; i++) {
                        for (int a = 0; a < 3; a++) {
                            cen[a] += o[3 * i + a] / k;
                        }
                    }
                    double bound = 0;
                    for (int i = 0; i < k; i++) {
                        double dx = o[3 * i] - cen[0];
                        double dy = o[3 * i + 1] - cen[1];
                        double dz = o[3 * i + 2] - cen[2];
                        bound = Math.max(bound, Math.sqrt(dx * dx + dy * dy + dz * dz) + s[i]);
                    }
                    double f = r / bound;
                    for (int i = 0; i < k; i++) {
                        for (int a = 0; a < 3; a++) {
                            o[3 * i + a] = (o[3 * i + a] - cen[a]) * f;
                        }
                        s[i] *= f;
                    }
                    return new Body(t, null, null, o, s);
                }
                default:
                    throw new IllegalStateException(t.cls().toString());
            }
        }

        boolean inside(double dx, double dy, double dz) {
            double r = truth.radius();
            switch (truth.cls()) {
                case SPHERE:
                    return dx * dx + dy * dy + dz * dz <= r * r;
                case ELLIPSOID: {
                    // body coordinates = R^T d
                    double u = (rot[0] * dx + rot[3] * dy + rot[6] * dz) / axes[0];
                    double v = (rot[1] * dx + rot[4] * dy + rot[7] * dz) / axes[1];
                    double w = (rot[2] * dx + rot[5] * dy + rot[8] * dz) / axes[2];
                    return u * u + v * v + w * w <= 1;
                }
                case BLOB: {
                    for (int i = 0; i < subR.length; i++) {
                        double ex = dx - sub[3 * i];
                        double ey = dy - sub[3 * i + 1];
                        double ez = dz - sub[3 * i + 2];
                        if (ex * ex + ey * ey + ez * ez <= subR[i] * subR[i]) {
                            return true;
                        }
                    }
                    return false;
                }
                default:
                    throw new IllegalStateException(truth.cls().toString());
            }
        }

        /** Sets the voxels inside this particle to {@code value}; loops over the bounding box only. */
        long render(float[] data, int nx, int ny, int nz, float value) {
            double r = truth.radius();
            int x0 = Math.max(0, (int) Math.ceil(truth.x() - r));
            int x1 = Math.min(nx - 1, (int) Math.floor(truth.x() + r));
            int y0 = Math.max(0, (int) Math.ceil(truth.y() - r));
            int y1 = Math.min(ny - 1, (int) Math.floor(truth.y() + r));
            int z0 = Math.max(0, (int) Math.ceil(truth.z() - r));
            int z1 = Math.min(nz - 1, (int) Math.floor(truth.z() + r));
            long n = 0;
            for (int z = z0; z <= z1; z++) {
                double dz = z - truth.z();
                for (int y = y0; y <= y1; y++) {
                    double dy = y - truth.y();
                    int row = (z * ny + y) * nx;
                    for (int x = x0; x <= x1; x++) {
                        if (inside(x - truth.x(), dy, dz)) {
                            data[row + x] = value;
                            n++;
                        }
                    }
                }
            }
            return n;
        }
    }
}
