package org.picketnf.core.sim;

import static org.picketnf.core.sim.SyntheticTomogram.GAP;
import static org.picketnf.core.sim.SyntheticTomogram.MARGIN;
import static org.picketnf.core.sim.SyntheticTomogram.MAX_TRIES;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.picketnf.core.BadInputException;

/**
 * The particle stage of {@link SyntheticTomogram}: classes, radii and positions by rejection sampling from the
 * placement stream, with bounding spheres at least {@link SyntheticTomogram#MARGIN} inside every face and
 * {@link SyntheticTomogram#GAP} apart.
 */
final class ParticlePlacement {
    private ParticlePlacement() {
    }

    /**
     * The particles of {@code p}, in placement order.
     *
     * @throws BadInputException if an explicit number of particles cannot be placed
     */
    static List<SimBody> place(SimParams p, Consumer<String> log) {
        int want = p.requestedParticles();
        boolean auto = p.particles() == SimParams.AUTO;
        SimRandom rng = SimRandom.derive(p.seed(), SimRandom.STAGE_PARTICLES, 0);
        double cell = 2 * p.radiusMax() + GAP;
        Grid grid = new Grid(p, cell);
        List<SimBody> out = new ArrayList<>();
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
                    out.add(SimBody.make(new SimParticle(x, y, z, r, cls), rng));
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

        /** An empty grid over the volume of {@code p}. */
        Grid(SimParams p, double cell) {
            this.cell = cell;
            gx = (int) Math.ceil(p.nx() / cell) + 1;
            gy = (int) Math.ceil(p.ny() / cell) + 1;
            gz = (int) Math.ceil(p.nz() / cell) + 1;
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
}
