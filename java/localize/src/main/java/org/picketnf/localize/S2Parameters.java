package org.picketnf.localize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.io.Numbers;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.s2.ParticleCluster;
import org.picketnf.core.s2.ParticleSize;

/**
 * What was decided for one segmentation: the particle cluster id, the watershed's min_distance and the size filter,
 * each given or resolved from the data, with their provenance ({@code particle_cluster} and {@code particle_size}
 * of the provenance JSON).
 *
 * @param cluster the particle cluster, its voxel counts and how it was chosen
 * @param minDistance the watershed's minimum peak distance in voxels
 * @param minVoxels the smallest instance kept, or {@link LocalizeOptions#OFF}
 * @param maxVoxels the largest instance kept, or {@link LocalizeOptions#OFF}
 * @param size how the particle size and the parameters derived from it were found
 */
record S2Parameters(Cluster cluster, int minDistance, long minVoxels, long maxVoxels, Map<String, Object> size) {

    /** The chosen particle cluster, the counts of its scan ({voxels equal to it, mask voxels}) and its provenance. */
    record Cluster(int id, long[] counts, Map<String, Object> provenance) {
    }

    /** The particle cluster id. */
    int clusterId() {
        return cluster.id();
    }

    /** --min-voxels as written to the outputs: null for no lower limit. */
    Long minVoxelsOrNull() {
        return minVoxels == LocalizeOptions.OFF ? null : minVoxels;
    }

    /** --max-voxels as written to the outputs: null for no upper limit. */
    Long maxVoxelsOrNull() {
        return maxVoxels == LocalizeOptions.OFF ? null : maxVoxels;
    }

    /** What {@link Localizer} needs for {@code method}: these parameters, with the size filter's OFF as no limit. */
    Localizer.Settings settings(Method method, LocalizeOptions p) {
        return new Localizer.Settings(method, minDistance, minVoxels == LocalizeOptions.OFF ? 0 : minVoxels,
                maxVoxels == LocalizeOptions.OFF ? Long.MAX_VALUE : maxVoxels, p.threads(), p.skimage019());
    }

    /**
     * Fills {@code mask} with the particle cluster of segmentation {@code f}: --particle-cluster-id, or with auto
     * the cluster that {@link ParticleCluster} chooses from the segmentation ({@code s1} is its picket-segment
     * provenance, or empty) and, when given, the tomogram.
     */
    static Cluster cluster(LocalizeOptions p, MrcFile f, MrcFile tomoFile, Map<String, Object> s1,
                           LabelVolume mask) {
        if (p.autoCluster()) {
            int margin = borderMargin(s1);
            MaskScan.scanCodes(f, p, mask, margin);
            ParticleCluster.TomogramStats ts = tomoFile == null ? null
                    : ParticleCluster.tomogramStats(MaskScan.reader(tomoFile), mask.data(), mask.shape());
            ParticleCluster.Choice ch = ParticleCluster.decide(
                    ParticleCluster.evidence(mask.data(), mask.shape(), ts), ts);
            long[] counts = MaskScan.codesToMask(mask, ch.id());
            return new Cluster(ch.id(), counts, clusterProvenance(ch, margin, s1));
        }
        int id = p.clusterId();
        long[] counts = MaskScan.scan(f, p, mask);
        MaskScan.checkClusterPresent(f, id, counts);
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("id", id);
        prov.put("chosen_by", "user");
        prov.put("rule", "--particle-cluster-id " + id);
        return new Cluster(id, counts, prov);
    }

    /** Half of picket-segment's neighborhood size (its border of unlabelled voxels), 2 when not known. */
    private static int borderMargin(Map<String, Object> s1) {
        Object n = s1.get("neighborhood_size");
        return n instanceof Integer i && i > 0 ? i / 2 : 2;
    }

    /** The provenance's particle_cluster for an automatic choice. */
    private static Map<String, Object> clusterProvenance(ParticleCluster.Choice ch, int margin,
                                                         Map<String, Object> s1) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ch.id());
        m.put("chosen_by", "auto");
        m.put("rule", ch.rule());
        m.put("votes", ch.votes());
        m.put("evidence", ch.evidence());
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("border_margin_voxels", margin);
        region.put("z", "the picking slab (--lower-z..--upper-z)");
        m.put("evidence_region", region);
        if (ch.tomogram() != null) {
            ParticleCluster.TomogramStats t = ch.tomogram();
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("mean", t.mean());
            tm.put("sd", t.sd());
            tm.put("block_edge", ParticleCluster.BLOCK);
            tm.put("block_mean_skewness", t.blockSkewness());
            tm.put("blocks", t.blocks());
            tm.put("polarity", Math.abs(t.blockSkewness()) < ParticleCluster.POLARITY_MIN_SKEW ? "unknown"
                    : t.blockSkewness() < 0 ? "dark particles" : "bright particles");
            m.put("tomogram", tm);
        } else {
            m.put("tomogram", "not given: no polarity vote; minority and fragmentation only");
        }
        Object c = s1.get("clusters");
        if (c != null) {
            m.put("segmentation_provenance_clusters", c);
        }
        return m;
    }

    /** Voxel size in Angstrom for --particle-diameter-A: the segmentation's header, else the tomogram's. */
    static double voxelSizeA(MrcFile f, MrcFile tomo) {
        for (MrcFile m : tomo == null ? List.of(f) : List.of(f, tomo)) {
            if (!m.voxelSizeDefaulted()) {
                Geometry g = m.geometry();
                double v = g.voxelX();
                if (Math.abs(g.voxelY() - v) > 1e-3 * v || Math.abs(g.voxelZ() - v) > 1e-3 * v) {
                    throw new BadInputException(m.path() + ": voxel size " + g.voxelX() + "," + g.voxelY() + ","
                            + g.voxelZ() + " A is not isotropic; --particle-diameter-A needs one voxel size");
                }
                return v;
            }
        }
        throw new BadInputException(f.path() + ": the MRC header has no usable voxel size (cell or grid size 0),"
                + " so --particle-diameter-A cannot be converted to voxels; give --min-distance/--min-voxels"
                + "/--max-voxels in voxels instead");
    }

    /**
     * The S2 parameters of one segmentation: explicit values, else estimated from the particle size. {@code edt} is
     * the particle mask's distance transform (needed when anything is estimated).
     */
    static S2Parameters resolve(LocalizeOptions p, MrcFile f, MrcFile tomoFile, Cluster cluster, float[] edt) {
        Map<String, Object> size = new LinkedHashMap<>();
        int md = p.minDistance() == null ? 15 : p.minDistance();
        long minV = p.minVoxels();
        long maxV = p.maxVoxels();
        if (!p.needsSize()) {
            size.put("estimated", false);
        } else {
            int nx = f.nx();
            int ny = f.ny();
            int nz = f.nz();
            double minR = ParticleSize.MIN_PEAK_RADIUS;
            int[] mx = ParticleSize.maxima(edt, f.shape(), minR);
            if (mx.length == 0) {
                minR = 1.0;
                mx = ParticleSize.maxima(edt, f.shape(), minR);
            }
            ParticleSize.MaskEstimate me = ParticleSize.maskDiameter(edt, mx, minR);
            double particle = Double.NaN;
            double filter = Double.NaN;
            String method;
            size.put("estimated", true);
            size.put("mask_diameter_vox", nan(me.diameter()));
            size.put("mask_maxima", me.maxima());
            size.put("mask_min_peak_radius_vox", minR);
            if (p.diameterA() != null) {
                double vs = voxelSizeA(f, tomoFile);
                particle = p.diameterA() / vs;
                filter = particle;
                method = "user: --particle-diameter-A " + p.diameterA() + " / voxel size " + vs + " A";
                size.put("particle_diameter_A", p.diameterA());
                size.put("voxel_size_A", vs);
            } else if (tomoFile != null && me.maxima() > 0) {
                ParticleSize.ProfileEstimate pe = ParticleSize.profileDiameter(MaskScan.reader(tomoFile), f.shape(), mx, me.diameter());
                size.put("profile_diameter_vox", nan(pe.diameter()));
                size.put("profile_peaks", pe.peaksUsed());
                size.put("profile_radius_vox", pe.radius());
                size.put("profile_note", pe.note());
                List<Double> c = new ArrayList<>();
                for (double v : pe.contrast()) {
                    c.add(Math.rint(v * 1e6) / 1e6);
                }
                size.put("profile_contrast_per_shell", c);
                particle = pe.diameter();
                method = Double.isNaN(particle) ? "mask blobs (the density profile failed: " + pe.note() + ")"
                        : "density profile of the tomogram around the mask's distance-transform maxima";
            } else {
                method = "mask blobs (distance-transform maxima of the particle mask" + (tomoFile == null
                        ? "; no --tomogram for a density profile)" : ")");
            }
            ParticleSize.Derived dv = ParticleSize.derive(particle, me.diameter(), filter);
            size.put("method", method);
            if (dv == null) {
                size.put("diameter_vox", null);
                size.put("note", "no estimate: the particle mask is empty; PickET's min_distance 15 and no size"
                        + " filter unless given");
                minV = minV == LocalizeOptions.AUTO ? LocalizeOptions.OFF : minV;
                maxV = maxV == LocalizeOptions.AUTO ? LocalizeOptions.OFF : maxV;
            } else {
                size.put("diameter_vox", Double.isNaN(particle) ? me.diameter() : particle);
                size.put("min_distance_rule", dv.minDistanceRule());
                size.put("size_filter_rule", dv.filterRule());
                if (p.minDistance() == null) {
                    md = dv.minDistance();
                }
                if (minV == LocalizeOptions.AUTO) {
                    minV = dv.minVoxels();
                }
                if (maxV == LocalizeOptions.AUTO) {
                    maxV = p.minVoxels() > 0 ? Math.max(dv.maxVoxels(), p.minVoxels()) : dv.maxVoxels();
                }
            }
        }
        boolean ws = p.methods().contains(Method.WATERSHED);
        if (ws) {
            size.put("min_distance", md);
            size.put("min_distance_from", p.minDistance() == null ? "estimate" : "user");
        }
        size.put("min_voxels", minV == LocalizeOptions.OFF ? null : minV);
        size.put("min_voxels_from", p.minVoxels() == LocalizeOptions.AUTO ? "estimate" : "user");
        size.put("max_voxels", maxV == LocalizeOptions.OFF ? null : maxV);
        size.put("max_voxels_from", p.maxVoxels() == LocalizeOptions.AUTO ? "estimate" : "user");
        return new S2Parameters(cluster, md, minV, maxV, size);
    }

    private static Object nan(double v) {
        return Double.isNaN(v) ? null : (Object) v;
    }

    /** One stderr line: what was decided. */
    String summary() {
        StringBuilder b = new StringBuilder("particle cluster " + cluster.id() + " ("
                + cluster.provenance().get("chosen_by") + ")");
        Object d = size.get("diameter_vox");
        if (d instanceof Double dd) {
            b.append(", diameter ").append(Numbers.fixed(dd, 1)).append(" voxels");
        }
        if (size.containsKey("min_distance")) {
            b.append(", min_distance ").append(minDistance);
        }
        b.append(", instances kept ").append(minVoxels == LocalizeOptions.OFF ? "from 1" : "from " + minVoxels)
                .append(maxVoxels == LocalizeOptions.OFF ? "" : " to " + maxVoxels).append(" voxels");
        return b.toString();
    }
}
