package org.picketnf.localize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.Volume;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.ParticleFormats;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;
import org.picketnf.core.s2.Particle;

/**
 * Where a job's outputs go and what they hold: PREFIX.yaml/.csv/.star/.ndjson (see {@link Formats}), the instance
 * volume PREFIX_instances.mrc, the subtomograms, the provenance PREFIX.json and the line reported on stderr.
 */
final class LocalizeOutputs {
    /** The data files of every job, in the order of the provenance's {@code outputs}. */
    private static final String[] DATA_SUFFIXES = {".yaml", ".csv", ".star", ".ndjson", "_instances.mrc"};
    private static final String INSTANCES = "_instances.mrc";

    private LocalizeOutputs() {
    }

    /** The data files this run writes: every suffix, without the instance volume under --no-instances. */
    private static List<String> dataSuffixes(LocalizeOptions p) {
        List<String> out = new ArrayList<>(List.of(DATA_SUFFIXES));
        if (!p.instances()) {
            out.remove(INSTANCES);
        }
        return out;
    }

    /** One (segmentation, method) pair and where its outputs go. */
    record Job(int seg, Method method, String prefix) {
        Path file(String suffix) {
            return Path.of(prefix + suffix);
        }
    }

    /** A job done: its segmentation, the S2 parameters used and what the localisation produced. */
    record JobResult(Job job, LocalizeInputs.Segmentation segmentation, S2Parameters s2, Localizer.Result result) {
    }

    /** The (segmentation, method) pairs of a call and their output prefixes, in segmentation order. */
    static List<Job> jobs(LocalizeOptions p) {
        List<Job> jobs = new ArrayList<>();
        if (p.outPrefix() != null) {
            jobs.add(new Job(0, p.methods().get(0), p.outPrefix().toString()));
            return jobs;
        }
        Set<String> stems = new HashSet<>();
        for (int i = 0; i < p.segmentations().size(); i++) {
            String s = LocalizeOptions.stem(p.segmentations().get(i));
            if (!stems.add(s)) {
                throw new BadInputException("--segmentation: two inputs are named " + s + ", so their outputs in"
                        + " --out-dir would collide");
            }
            for (Method m : p.methods()) {
                jobs.add(new Job(i, m, p.outDir().resolve(s + "_" + m.label()).toString()));
            }
        }
        return jobs;
    }

    /** Refuses to start when an output of a job cannot be written (or a subtomogram folder not replaced). */
    static void checkWritable(LocalizeOptions p, List<Job> jobs) {
        for (Job j : jobs) {
            for (String suffix : dataSuffixes(p)) {
                AtomicFiles.checkWritable(j.file(suffix));
            }
            AtomicFiles.checkWritable(j.file(".json"));
            if (p.box() > 0) {
                if (p.stack()) {
                    AtomicFiles.checkWritable(j.file("_subtomos.mrcs"));
                } else {
                    Subtomograms.checkReplaceableDir(j.file("_subtomos"));
                }
            }
        }
    }

    /**
     * The stderr line of a job done in {@code nanos}: particles, the size filter's removals and the subtomograms
     * ({@code sub}: {@link #write}'s summary, or null).
     */
    static String report(JobResult done, Map<String, Object> sub, long nanos) {
        Localizer.Result r = done.result();
        StringBuilder line = new StringBuilder(LocalizeMain.TOOL + ": "
                + done.segmentation().file().path().getFileName() + " " + done.job().method().label() + ": "
                + r.particles().size() + " particles");
        if (r.filteredSmall() + r.filteredLarge() > 0) {
            line.append(" (").append(r.filteredSmall()).append(" smaller than --min-voxels, ")
                    .append(r.filteredLarge()).append(" larger than --max-voxels removed)");
        }
        if (sub != null) {
            line.append(", ").append(sub.get("written")).append(" subtomograms, ")
                    .append(sub.get("skipped_border")).append(" skipped at the border");
        }
        line.append(" in ").append(Cli.seconds(nanos)).append(" s -> ").append(done.job().prefix()).append(".*");
        return line.toString();
    }

    /** PickET's metadata block, sorted on output. */
    static Map<String, Object> metadata(LocalizeOptions p, S2Parameters rs, Method m, MrcFile f,
                                        Map<String, Object> s1) {
        Map<String, Object> md = new LinkedHashMap<>();
        Object fex = s1.get("feature_mode");
        Object clu = s1.get("clustering_method");
        Object nbh = s1.get("neighborhood_size");
        if (fex instanceof String s) {
            md.put("fex_mode", s);
        }
        if (clu instanceof String s) {
            md.put("clustering_method", s);
        }
        if (nbh instanceof Integer i) {
            md.put("neighborhood_size", i);
        }
        md.put("particle_cluster_id", rs.clusterId());
        md.put("pex_mode", m.label());
        md.put("pex_min_distance", m == Method.WATERSHED ? (Object) rs.minDistance() : "None");
        if (rs.minVoxelsOrNull() != null) {
            md.put("pex_min_voxels", rs.minVoxels());
        }
        if (rs.maxVoxelsOrNull() != null) {
            md.put("pex_max_voxels", rs.maxVoxels());
        }
        md.put("tomogram_shape", List.of(f.nz(), f.ny(), f.nx()));
        Geometry g = f.geometry();
        md.put("voxel_size", List.of(g.voxelZ(), g.voxelY(), g.voxelX()));
        md.put("z_lb_for_particle_extraction", p.lowerZ() == null ? "None" : (Object) p.lowerZ());
        md.put("z_ub_for_particle_extraction", p.upperZ() == null ? "None" : (Object) p.upperZ());
        return md;
    }

    /**
     * Writes every data file of a job (not the provenance), with subtomograms cut from {@code tomo} when it is not
     * null; returns the subtomogram summary or null.
     */
    static Map<String, Object> write(LocalizeOptions p, JobResult done, Volume tomo) {
        Job j = done.job();
        MrcFile f = done.segmentation().file();
        S2Parameters rs = done.s2();
        Localizer.Result r = done.result();
        List<Particle> ps = r.particles();
        int n = ps.size();
        if (n >= (1 << 24)) {
            throw new BadInputException(f.path() + ": " + n + " instances cannot be stored exactly in an MRC"
                    + " (float32 holds integers up to 2^24); use --min-voxels");
        }
        Map<String, Object> metadata = metadata(p, rs, j.method(), f, done.segmentation().s1());
        AtomicFiles.writeString(j.file(".yaml"), ParticleFormats.yaml(ps, metadata));
        AtomicFiles.writeString(j.file(".csv"), ParticleFormats.csv(ps));
        AtomicFiles.writeString(j.file(".star"), ParticleFormats.star(ps, p.tomoName(j.seg())));
        AtomicFiles.writeString(j.file(".ndjson"), ParticleFormats.ndjson(ps));
        if (p.instances()) {
            writeLabels(j.file(INSTANCES), r.labels(), f, n);
        }
        if (tomo == null) {
            return null;
        }
        Subtomograms.Outcome o = p.stack()
                ? Subtomograms.writeStack(tomo, ps, p.box(), j.file("_subtomos.mrcs"))
                : Subtomograms.writeFolder(tomo, ps, p.box(), j.file("_subtomos"));
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("box", p.box());
        sub.put("stack", p.stack());
        sub.put("written", o.written());
        sub.put("skipped_border", o.skippedLabels().size());
        sub.put("skipped_labels", o.skippedLabels());
        sub.put("convention", "box [c - N/2, c - N/2 + N) per axis, c = centroid rounded to the nearest voxel"
                + " (ties to even); boxes leaving the tomogram are skipped"
                + (p.stack() ? "; the stack holds N sections per written particle, in label order" : ""));
        return sub;
    }

    /** The instance volume: int16 when the labels fit, else float32 (exact integers below 2^24). */
    static MrcMode labelMode(int count) {
        return count <= Short.MAX_VALUE ? MrcMode.INT16 : MrcMode.FLOAT32;
    }

    private static void writeLabels(Path target, int[] lab, MrcFile f, int count) {
        int per = f.nx() * f.ny();
        float[] sec = new float[per];
        try (MrcWriter w = MrcWriter.create(target, f.shape(), labelMode(count), f.geometry())) {
            for (int z = 0; z < f.nz(); z++) {
                int base = z * per;
                for (int i = 0; i < per; i++) {
                    sec[i] = lab[base + i];
                }
                w.writeSections(sec, 0, 1);
            }
        }
    }

    /** The provenance JSON of a job; {@code sub} is {@link #write}'s subtomogram summary or null. */
    static Map<String, Object> provenance(LocalizeOptions p, JobResult done, Map<String, Object> sub,
                                          Map<String, Object> timings) {
        Job j = done.job();
        MrcFile f = done.segmentation().file();
        S2Parameters rs = done.s2();
        Localizer.Result r = done.result();
        long[] counts = rs.cluster().counts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", LocalizeMain.TOOL + " " + Cli.version(LocalizeMain.class));
        m.put("segmentation", f.path().toString());
        if (!p.provenances().isEmpty()) {
            m.put("segmentation_provenance", p.provenances().get(j.seg()).toString());
        }
        if (p.tomogram() != null) {
            m.put("tomogram", p.tomogram().toString());
        }
        m.put("tomo_name", p.tomoName(j.seg()));
        m.put("method", j.method().label());
        Map<String, Object> par = new LinkedHashMap<>();
        par.put("particle_cluster_id", rs.clusterId());
        par.put("lower_z_inclusive", p.lowerZ());
        par.put("upper_z_inclusive", p.upperZ());
        if (j.method() == Method.WATERSHED) {
            par.put("min_distance", rs.minDistance());
            par.put("skimage_rules", p.skimage019() ? "0.19" : "0.25");
        }
        par.put("min_voxels", rs.minVoxelsOrNull());
        par.put("max_voxels", rs.maxVoxelsOrNull());
        m.put("parameters", par);
        m.put("particle_cluster", rs.cluster().provenance());
        Map<String, Object> size = new LinkedHashMap<>(rs.size());
        if (j.method() != Method.WATERSHED) {
            size.remove("min_distance");
            size.remove("min_distance_from");
            size.remove("min_distance_rule");
        }
        m.put("particle_size", size);
        m.put("shape_xyz", List.of(f.nx(), f.ny(), f.nz()));
        Geometry g = f.geometry();
        m.put("voxel_size_xyz", List.of(g.voxelX(), g.voxelY(), g.voxelZ()));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("voxels_equal_to_cluster_id", counts[0]);
        c.put("mask_voxels", counts[1]);
        if (r.peaks() >= 0) {
            c.put("peaks", r.peaks());
        }
        c.put("instances", r.instances());
        c.put("empty_instances", r.empty());
        c.put("removed_below_min_voxels", r.filteredSmall());
        c.put("removed_above_max_voxels", r.filteredLarge());
        c.put("particles", r.particles().size());
        m.put("counts", c);
        if (p.instances()) {
            m.put("instances_mrc_mode", labelMode(r.particles().size()).label());
        }
        List<String> outs = new ArrayList<>();
        for (String s : dataSuffixes(p)) {
            outs.add(j.file(s).getFileName().toString());
        }
        if (sub != null) {
            outs.add(j.file(p.stack() ? "_subtomos.mrcs" : "_subtomos").getFileName().toString());
            m.put("subtomograms", sub);
        }
        m.put("outputs", outs);
        m.put("timings", timings);
        return m;
    }
}
