package org.picketnf.core.sim;

import org.picketnf.core.Volume;

/** A particle with what it takes to render it: its shape parameters, drawn from the placement stream. */
final class SimBody {
    final SimParticle truth;
    /** Ellipsoid: rotation (row-major, body to volume axes) and semi-axes. */
    final double[] rot;
    final double[] axes;
    /** Blob: sub-sphere offsets from the centre (x, y, z triples) and radii. */
    final double[] sub;
    final double[] subR;

    private SimBody(SimParticle truth, double[] rot, double[] axes, double[] sub, double[] subR) {
        this.truth = truth;
        this.rot = rot;
        this.axes = axes;
        this.sub = sub;
        this.subR = subR;
    }

    static SimBody make(SimParticle t, SimRandom rng) {
        double r = t.radius();
        switch (t.cls()) {
            case SPHERE:
                return new SimBody(t, null, null, null, null);
            case ELLIPSOID: {
                double b = r * rng.uniform(0.45, 0.8);
                double c = b * rng.uniform(0.6, 1.0);
                return new SimBody(t, rng.rotation(), new double[] {r, b, c}, null, null);
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
                return new SimBody(t, null, null, o, s);
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

    /** Sets the voxels of {@code vol} inside this particle to {@code value}; loops over the bounding box only. */
    long render(Volume vol, float value) {
        final float[] data = vol.data();
        final int nx = vol.nx();
        final int ny = vol.ny();
        final int nz = vol.nz();
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
