package org.picketnf.localize;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.Volume;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Json;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.s2.Centroids;
import org.picketnf.core.s2.ConnectedComponents;
import org.picketnf.core.s2.DistanceTransform;
import org.picketnf.core.s2.Instances;
import org.picketnf.core.s2.Particle;
import org.picketnf.core.s2.Progress;

/**
 * {@code picket-localize}: PickET's stage 2. From a semantic segmentation, the voxels equal to the particle cluster
 * id (within the z-limits) are split into instances by connected components or by a distance-transform watershed,
 * and each instance's centroid is a particle. Writes PickET's YAML and CSV, STAR, ndjson coordinates, the instance
 * label volume, optional subtomograms and a provenance JSON. Several segmentations can be done in one call
 * ({@code --out-dir}), which saves a JVM start per segmentation. Run with {@code --help} for every option.
 *
 * <p>This class parses ({@link LocalizeOptions}), checks the inputs ({@link LocalizeInputs}), makes each
 * segmentation's mask and parameters ({@link S2Parameters}, {@link MaskScan}), localises ({@link Localizer}) and
 * writes ({@link LocalizeOutputs}).
 */
public final class LocalizeMain {
    static final String TOOL = "picket-localize";

    private LocalizeMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool and returns its exit code (see {@link Cli}); errors go to {@code err} as one line. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (Cli.printVersion(TOOL, LocalizeMain.class, args, out)) {
            return Cli.OK;
        }
        return Cli.run(TOOL, () -> execute(args, out, err), err);
    }

    static int execute(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = LocalizeOptions.options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, LocalizeOptions.USAGE, LocalizeOptions.HEADER, o);
            return Cli.OK;
        }
        LocalizeOptions p = LocalizeOptions.parse(cl);

        // ---- check everything before writing anything ----
        long t0 = System.nanoTime();
        LocalizeInputs in = LocalizeInputs.open(p);
        for (LocalizeInputs.Segmentation s : in.segmentations()) {
            for (String w : s.file().warnings()) {
                err.println(TOOL + ": warning: " + s.file().path() + ": " + w);
            }
        }

        // ---- work ----
        Volume tomo = null;
        double tomoReadS = 0;
        if (p.box() > 0) {
            long a = System.nanoTime();
            tomo = in.tomogram().readVolume();
            tomoReadS = (System.nanoTime() - a) / 1e9;
        }
        long totalParticles = 0;
        for (int si = 0; si < in.segmentations().size(); si++) {
            LocalizeInputs.Segmentation seg = in.segmentations().get(si);
            MrcFile f = seg.file();
            String name = f.path().getFileName().toString();
            long a = System.nanoTime();
            LabelVolume mask = LabelVolume.zeros(f.nx(), f.ny(), f.nz(), f.geometry());
            long ca = System.nanoTime();
            S2Parameters.Cluster cluster = S2Parameters.cluster(p, f, in.tomogram(), seg.s1(), mask);
            double clusterS = p.autoCluster() ? (System.nanoTime() - ca) / 1e9 : 0;
            double readS = (System.nanoTime() - a) / 1e9 + (si == 0 ? (a - t0) / 1e9 : 0) - clusterS;
            // without the label volume, connected components are reduced to their particles before the distance
            // transform exists: their int labels and the EDT are never held together (at most 5 instead of 9 bytes
            // per voxel); the size filter is applied in the job below, once the size is known
            Localizer.Result early = null;
            if (!p.instances() && hasJob(in, si, Method.CONNECTED_COMPONENTS)) {
                long ea = System.nanoTime();
                Instances cc = ConnectedComponents.label(mask.data(), f.shape());
                List<Particle> all = Centroids.of(cc);
                double labelS = (System.nanoTime() - ea) / 1e9;
                early = new Localizer.Result(all, null, cc.count(), 0, 0, 0, -1, labelS, 0, 0, 0);
            }
            long sa = System.nanoTime();
            float[] edt = null;
            if (p.needsSize() || p.methods().contains(Method.WATERSHED)) {
                Progress progress = new Progress(TOOL + ": " + name + ": distance transform",
                        (long) f.nz() + f.ny(), err::println);
                edt = DistanceTransform.edt(mask.data(), f.shape(), p.threads(), progress);
            }
            double edtS = (System.nanoTime() - sa) / 1e9;
            S2Parameters s2 = S2Parameters.resolve(p, f, in.tomogram(), cluster, edt);
            double sizeS = (System.nanoTime() - sa) / 1e9 - edtS;
            if (p.autoCluster() || p.needsSize()) {
                err.println(TOOL + ": " + name + ": " + s2.summary());
            }
            Map<String, Object> timings = new LinkedHashMap<>();
            timings.put("read_and_mask_s", readS);
            if (tomo != null) {
                timings.put("tomogram_read_s", tomoReadS);
            }
            if (p.autoCluster()) {
                timings.put("particle_cluster_s", clusterS);
            }
            timings.put("shared_edt_s", edtS);
            if (p.needsSize()) {
                timings.put("particle_size_s", sizeS);
            }
            for (LocalizeOutputs.Job j : in.jobs()) {
                if (j.seg() != si) {
                    continue;
                }
                long b = System.nanoTime();
                Localizer.Result r;
                if (j.method() == Method.CONNECTED_COMPONENTS && early != null) {
                    Localizer.Result fl = Localizer.filter(early.particles(), early.instances(), null,
                            s2.settings(j.method(), p), -1);
                    r = new Localizer.Result(fl.particles(), null, fl.instances(), fl.empty(), fl.filteredSmall(),
                            fl.filteredLarge(), -1, early.labelSeconds(), 0, 0, 0);
                } else {
                    r = Localizer.run(mask, s2.settings(j.method(), p), j.method() == Method.WATERSHED ? edt : null,
                            new Progress(TOOL + ": " + name + ": watershed", cluster.counts()[1], err::println),
                            p.instances());
                }
                long c = System.nanoTime();
                LocalizeOutputs.JobResult done = new LocalizeOutputs.JobResult(j, seg, s2, r);
                Map<String, Object> sub = LocalizeOutputs.write(p, done, tomo);
                long d = System.nanoTime();
                AtomicFiles.writeString(j.file(".json"), Json.pretty(LocalizeOutputs.provenance(p, done, sub,
                        jobTimings(timings, r, c - b, d - c, p.threads()))));
                totalParticles += r.particles().size();
                err.println(LocalizeOutputs.report(done, sub, d - b));
            }
        }
        if (in.jobs().size() > 1) {
            err.println(TOOL + ": " + in.jobs().size() + " localisations, " + totalParticles + " particles in "
                    + Cli.seconds(System.nanoTime() - t0) + " s");
        }
        return Cli.OK;
    }

    /** Whether segmentation {@code si} has a job with {@code method}. */
    private static boolean hasJob(LocalizeInputs in, int si, Method method) {
        return in.jobs().stream().anyMatch(j -> j.seg() == si && j.method() == method);
    }

    /** The provenance's timings: the segmentation's, then the job's own (seconds; nanoseconds given). */
    private static Map<String, Object> jobTimings(Map<String, Object> segmentation, Localizer.Result r,
                                                  long localizeNs, long writeNs, int threads) {
        Map<String, Object> t = new LinkedHashMap<>(segmentation);
        t.put("edt_s", r.edtSeconds());
        t.put("peaks_s", r.peaksSeconds());
        t.put("label_s", r.labelSeconds());
        t.put("centroids_s", r.centroidSeconds());
        t.put("localize_s", localizeNs / 1e9);
        t.put("write_s", writeNs / 1e9);
        t.put("threads", threads);
        return t;
    }
}
