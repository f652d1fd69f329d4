package org.picketnf.localize;

import org.picketnf.core.BadInputException;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.s2.SectionReader;

/**
 * The one pass over a segmentation that makes the particle mask: for an explicit cluster id, the voxels equal to it
 * within the z-limits; for the automatic cluster, per-voxel codes (value, border, z-limits) that become the mask
 * once the cluster is chosen. Segmentations are streamed in slabs of 16 MiB.
 */
final class MaskScan {
    /** Bytes of float sections read at a time. */
    static final int SCAN_SECTIONS_BYTES = 16 << 20;

    private MaskScan() {
    }

    /** Refuses an explicit cluster id that no voxel has, unless it is 0 or 1 (picket-segment's two labels). */
    static void checkClusterPresent(MrcFile f, int id, long[] counts) {
        if (counts[0] == 0 && id != 0 && id != 1) {
            throw new BadInputException("--particle-cluster-id: " + f.path() + " has no voxel with value " + id);
        }
    }

    /**
     * Streams the segmentation; returns {voxels equal to the id, voxels of the mask}. When {@code mask} is not
     * null it is filled: 1 where the value equals the id and z is within the limits (both inclusive).
     */
    static long[] scan(MrcFile f, LocalizeOptions p, LabelVolume mask) {
        byte[] m = mask == null ? null : mask.data();
        int nx = f.nx();
        int ny = f.ny();
        int nz = f.nz();
        int per = nx * ny;
        int lo = p.lowerZ() == null ? 0 : p.lowerZ();
        int hi = p.upperZ() == null ? nz - 1 : p.upperZ();
        float id = p.clusterId();
        long present = 0;
        long inMask = 0;
        if (f.isPermuted()) {
            float[] d = f.readVolume().data();
            for (int z = 0; z < nz; z++) {
                boolean keep = z >= lo && z <= hi;
                for (int i = z * per; i < (z + 1) * per; i++) {
                    if (d[i] == id) {
                        present++;
                        if (keep) {
                            inMask++;
                            if (m != null) {
                                m[i] = 1;
                            }
                        }
                    }
                }
            }
            return new long[] {present, inMask};
        }
        int chunk = Math.max(1, Math.min(nz, SCAN_SECTIONS_BYTES / 4 / per));
        float[] buf = new float[chunk * per];
        for (int z0 = 0; z0 < nz; z0 += chunk) {
            int z1 = Math.min(nz, z0 + chunk);
            f.readSections(z0, z1, buf, 0);
            for (int z = z0; z < z1; z++) {
                boolean keep = z >= lo && z <= hi;
                int off = (z - z0) * per;
                int base = z * per;
                for (int i = 0; i < per; i++) {
                    if (buf[off + i] == id) {
                        present++;
                        if (keep) {
                            inMask++;
                            if (m != null) {
                                m[base + i] = 1;
                            }
                        }
                    }
                }
            }
        }
        return new long[] {present, inMask};
    }

    /**
     * For --particle-cluster-id auto: streams the segmentation, checks that every value is 0 or 1 and, when
     * {@code codes} is not null, fills it with bit 0 = the value, bit 1 = within {@code margin} voxels of a face (left
     * out of the evidence), bit 2 = outside the z-limits (left out of everything). Codes 0 and 1 are the evidence
     * region.
     */
    static void scanCodes(MrcFile f, LocalizeOptions p, LabelVolume codes, int margin) {
        byte[] c = codes == null ? null : codes.data();
        int nx = f.nx();
        int ny = f.ny();
        int nz = f.nz();
        int per = nx * ny;
        int lo = p.lowerZ() == null ? 0 : p.lowerZ();
        int hi = p.upperZ() == null ? nz - 1 : p.upperZ();
        SectionReader rd = reader(f);
        int chunk = Math.max(1, Math.min(nz, SCAN_SECTIONS_BYTES / 4 / per));
        float[] buf = new float[chunk * per];
        for (int z0 = 0; z0 < nz; z0 += chunk) {
            int z1 = Math.min(nz, z0 + chunk);
            rd.read(z0, z1, buf, 0);
            for (int z = z0; z < z1; z++) {
                int off = (z - z0) * per;
                int zbits = (z < lo || z > hi ? 4 : 0) | (z < margin || z >= nz - margin ? 2 : 0);
                for (int y = 0, i = 0; y < ny; y++) {
                    int ybits = zbits | (y < margin || y >= ny - margin ? 2 : 0);
                    for (int x = 0; x < nx; x++, i++) {
                        float v = buf[off + i];
                        if (v != 0f && v != 1f) {
                            throw new BadInputException(f.path() + ": has the value " + v + " at x=" + x + " y=" + y
                                    + " z=" + z + "; --particle-cluster-id auto needs a segmentation of 0s and 1s (as"
                                    + " picket-segment writes): give the particle cluster's id");
                        }
                        if (c != null) {
                            c[z * per + i] = (byte) ((v == 1f ? 1 : 0) | ybits
                                    | (x < margin || x >= nx - margin ? 2 : 0));
                        }
                    }
                }
            }
        }
    }

    /** Turns {@link #scanCodes} codes into the mask of {@code id} in place; returns {voxels equal to id, in mask}. */
    static long[] codesToMask(LabelVolume codes, int id) {
        byte[] d = codes.data();
        long present = 0;
        long in = 0;
        for (int i = 0; i < d.length; i++) {
            int c = d[i];
            boolean eq = (c & 1) == id;
            if (eq) {
                present++;
            }
            boolean keep = eq && (c & 4) == 0;
            if (keep) {
                in++;
            }
            d[i] = keep ? (byte) 1 : 0;
        }
        return new long[] {present, in};
    }

    /** Sections of an MRC file in x-fastest order, for files stored in another axis order too. */
    static SectionReader reader(MrcFile f) {
        if (!f.isPermuted()) {
            return f::readSections;
        }
        float[] d = f.readVolume().data();
        int per = f.nx() * f.ny();
        return (z0, z1, dst, off) -> System.arraycopy(d, z0 * per, dst, off, (z1 - z0) * per);
    }
}
