package org.picketnf.segment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.Volume;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.cluster.ModelFile;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Json;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcWriter;
import org.picketnf.core.s1.FeatureMode;
import org.picketnf.core.s1.Features;
import org.picketnf.core.s1.IntensityFeatures;
import org.picketnf.core.s1.SectionFeatures;
import org.picketnf.core.s1.SectionLoop;

/**
 * {@code picket-segment --pre PRE.mrc --model MODEL.json --out SEG.mrc --provenance SEG.json}: labels every interior
 * voxel of the tomogram with a fitted model, one z-section at a time (features are never held for more than the
 * sections in flight). {@code --model}, {@code --out} and {@code --provenance} may be given several times (the same
 * number of each, models of the same features, e.g. a mode's KMeans and GMM): the features are then computed once
 * and every model labels them, each output the bytes its own run would give. The larger cluster becomes 0 (background), the other 1. Border voxels (closer than half a
 * neighborhood to a face) are 0: PickET turns them into particles when it flips labels, a bug we fix.
 * Output: int8 MRC with the tomogram's voxel size and origin, and a provenance JSON (parameters, cluster sizes, mean
 * intensity of each cluster, timings).
 */
public final class SegmentMain {
    static final String TOOL = "picket-segment";

    private SegmentMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(TOOL, () -> run(args, System.out, System.err), System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (Cli.printVersion(TOOL, SegmentMain.class, args, out)) {
            return Cli.OK;
        }
        Options o = new Options()
                .addOption(Cli.opt("pre", "PRE.mrc", "preprocessed tomogram"))
                .addOption(Cli.opt("model", "MODEL.json", "model from picket-cluster (repeatable: models of the same"
                        + " features, one --out and --provenance each, in the same order)"))
                .addOption(Cli.opt("out", "SEG.mrc", "semantic segmentation (int8 MRC: 0 background, 1 particle)"))
                .addOption(Cli.opt("provenance", "SEG.json", "provenance JSON"))
                .addOption(Cli.opt("mode", "MODE", "expected feature mode; refuse a model of another mode"))
                .addOption(Cli.opt("tomogram", "TOMO.mrc", "original tomogram, for the clusters' mean density"))
                .addOption(Cli.opt("threads", "N", "worker threads (default: available processors)"))
                .addOption(Cli.flag("help", "show this help"))
                .addOption(Cli.flag("version", "print the version and exit"));
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, TOOL + " --pre PRE.mrc --model MODEL.json --out SEG.mrc --provenance SEG.json", "", o);
            return Cli.OK;
        }
        Path prePath = Path.of(Cli.required(cl, "pre"));
        Cli.required(cl, "model");
        Cli.required(cl, "out");
        Cli.required(cl, "provenance");
        String[] modelArgs = cl.getOptionValues("model");
        String[] outArgs = cl.getOptionValues("out");
        String[] provArgs = cl.getOptionValues("provenance");
        if (outArgs.length != modelArgs.length || provArgs.length != modelArgs.length) {
            throw new BadInputException("--model, --out and --provenance must be given the same number of times, got "
                    + modelArgs.length + ", " + outArgs.length + " and " + provArgs.length);
        }
        int k = modelArgs.length;
        Path[] modelPaths = new Path[k];
        Path[] outPaths = new Path[k];
        Path[] provPaths = new Path[k];
        for (int i = 0; i < k; i++) {
            modelPaths[i] = Path.of(modelArgs[i]);
            outPaths[i] = Path.of(outArgs[i]);
            provPaths[i] = Path.of(provArgs[i]);
        }
        int threads = Cli.threads(cl);
        for (int i = 0; i < k; i++) {
            AtomicFiles.checkWritable(outPaths[i]);
            AtomicFiles.checkWritable(provPaths[i]);
        }

        long t0 = System.nanoTime();
        ModelFile[] models = new ModelFile[k];
        for (int i = 0; i < k; i++) {
            models[i] = Json.read(modelPaths[i], ModelFile.class);
            models[i].validate(modelPaths[i].toString());
            if (i > 0 && !models[i].features().equals(models[0].features())) {
                throw new BadInputException(modelPaths[i] + ": was fitted on other features than " + modelPaths[0]
                        + "; one run labels with models of the same features only");
            }
        }
        ModelFile model = models[0];
        if (cl.hasOption("mode")) {
            FeatureMode want = FeatureMode.parse(cl.getOptionValue("mode"));
            if (!want.label().equals(model.features().mode())) {
                throw new BadInputException(modelPaths[0] + ": is a " + model.features().mode()
                        + " model, but --mode is " + want.label());
            }
        }
        MrcFile f = MrcFile.open(prePath);
        int n = model.features().neighborhoodSize();
        int h = n / 2;
        if (n > f.nx() || n > f.ny() || n > f.nz()) {
            throw new BadInputException(prePath + ": neighborhood size " + n + " is larger than the volume "
                    + f.nx() + "x" + f.ny() + "x" + f.nz());
        }
        Volume pre = f.readVolume();
        Features.requireFinite(pre, prePath.toString());
        // the original tomogram is only read for the clusters' mean density, a few sections at a time, after the labels
        MrcFile tomo = null;
        if (cl.hasOption("tomogram")) {
            tomo = MrcFile.open(Path.of(cl.getOptionValue("tomogram")));
            if (tomo.nx() != f.nx() || tomo.ny() != f.ny() || tomo.nz() != f.nz()) {
                throw new BadInputException(tomo.path() + ": is " + tomo.nx() + "x" + tomo.ny() + "x" + tomo.nz()
                        + " but " + prePath + " is " + f.nx() + "x" + f.ny() + "x" + f.nz());
            }
        }
        long t1 = System.nanoTime();

        SectionFeatures ex = Features.extractor(model.features());
        ModelFile.Classifier[] clf = new ModelFile.Classifier[k];
        for (int i = 0; i < k; i++) {
            clf[i] = models[i].classifier();
        }
        int d = ex.dimension();
        int ix = pre.nx() - 2 * h;
        int iy = pre.ny() - 2 * h;
        int per = ix * iy;
        LabelVolume[] labels = new LabelVolume[k];
        for (int i = 0; i < k; i++) {
            labels[i] = LabelVolume.zeros(pre.nx(), pre.ny(), pre.nz(), pre.geometry());
        }
        // intensities: a few rows at a time (their windows stay in cache; the same values, so the same labels);
        // ffts and gabor: a whole section, as their separable passes need it
        IntensityFeatures rowWise = ex instanceof IntensityFeatures iv ? iv : null;
        int block = rowWise == null ? iy : Math.max(1, Math.min(iy, (1 << 18) / Math.max(1, ix * d))); // ~1 MB
        StringBuilder methods = new StringBuilder();
        for (ModelFile m : models) {
            methods.append(methods.length() == 0 ? "" : "+").append(m.method());
        }
        SectionLoop.run(h, pre.nz() - h, threads, () -> new Scratch(block * ix, d), (z, s) -> {
            if (rowWise == null) {
                ex.section(pre, z, s.features);
                for (int i = 0; i < k; i++) {
                    clf[i].predict(s.features, per, s.labels);
                    byte[] lab = labels[i].data();
                    for (int y = 0; y < iy; y++) {
                        System.arraycopy(s.labels, y * ix, lab, labels[i].index(h, y + h, z), ix);
                    }
                }
                return;
            }
            for (int r0 = 0; r0 < iy; r0 += block) {
                int r1 = Math.min(iy, r0 + block);
                rowWise.rows(pre, z, r0, r1, s.features);
                for (int i = 0; i < k; i++) {
                    clf[i].predict(s.features, (r1 - r0) * ix, s.labels);
                    byte[] lab = labels[i].data();
                    for (int y = r0; y < r1; y++) {
                        System.arraycopy(s.labels, (y - r0) * ix, lab, labels[i].index(h, y + h, z), ix);
                    }
                }
            }
        }, "segment " + model.features().mode() + " " + methods, msg -> err.println(TOOL + ": " + msg));
        long t2 = System.nanoTime();

        for (int i = 0; i < k; i++) {
            finish(models[i], modelPaths[i], outPaths[i], provPaths[i], prePath, pre, tomo, labels[i], h, threads,
                    t1 - t0, t2 - t1, err);
        }
        return Cli.OK;
    }

    /** Flips the labels so that the larger cluster is 0, writes the segmentation and its provenance. */
    private static void finish(ModelFile model, Path modelPath, Path outPath, Path provPath, Path prePath, Volume pre,
                               MrcFile tomo, LabelVolume labels, int h, int threads, long readNs, long predictNs,
                               PrintStream err) throws Exception {
        long t2 = System.nanoTime();
        int n = 2 * h + 1;
        int ix = pre.nx() - 2 * h;
        byte[] lab = labels.data();
        long[] raw = new long[2];
        for (int z = h; z < pre.nz() - h; z++) {
            for (int y = h; y < pre.ny() - h; y++) {
                int base = labels.index(h, y, z);
                for (int x = 0; x < ix; x++) {
                    raw[lab[base + x]]++;
                }
            }
        }
        // PickET: the larger cluster is background (0); on a tie cluster 0 stays background.
        boolean flip = raw[1] > raw[0];
        if (flip) {
            for (int z = h; z < pre.nz() - h; z++) {
                for (int y = h; y < pre.ny() - h; y++) {
                    int base = labels.index(h, y, z);
                    for (int x = 0; x < ix; x++) {
                        lab[base + x] = (byte) (1 - lab[base + x]);
                    }
                }
            }
        }
        long[] sizes = flip ? new long[] {raw[1], raw[0]} : raw;
        double[] preMeans = clusterMeans(pre, labels, h);
        double[] tomoMeans = tomo == null ? null : clusterMeans(tomo, labels, h);
        MrcWriter.write(outPath, labels);
        long t3 = System.nanoTime();

        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("tool", TOOL + " " + version());
        prov.put("preprocessed_tomogram", prePath.toString());
        prov.put("model", modelPath.toString());
        prov.put("segmentation", outPath.toString());
        prov.put("feature_mode", model.features().mode());
        prov.put("clustering_method", model.method());
        prov.put("seed", model.seed());
        prov.put("neighborhood_size", n);
        prov.put("features", model.features());
        prov.put("fit", model.fitSummary());
        prov.put("shape_xyz", List.of(pre.nx(), pre.ny(), pre.nz()));
        prov.put("border_voxels", "background (0); PickET makes them particles (1) when it flips labels");
        prov.put("labels_flipped", flip);
        Map<String, Object> clusters = new LinkedHashMap<>();
        for (int c = 0; c < 2; c++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", c == 0 ? "background (larger cluster)" : "other cluster (particles by default)");
            m.put("voxels", sizes[c]);
            m.put("fraction_of_interior", (double) sizes[c] / Math.max(1, sizes[0] + sizes[1]));
            m.put("mean_preprocessed", preMeans[c]);
            if (tomoMeans != null) {
                m.put("mean_tomogram", tomoMeans[c]);
            }
            clusters.put(Integer.toString(c), m);
        }
        prov.put("clusters", clusters);
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("read_s", readNs / 1e9);
        timings.put("features_and_predict_s", predictNs / 1e9);
        timings.put("write_s", (t3 - t2) / 1e9);
        timings.put("threads", threads);
        prov.put("timings", timings);
        AtomicFiles.writeString(provPath, Json.pretty(prov));
        err.println(TOOL + ": " + model.features().mode() + " " + model.method() + ": " + sizes[1] + " of "
                + (sizes[0] + sizes[1]) + " interior voxels in cluster 1; features+predict "
                + Cli.seconds(predictNs) + " s");
    }

    private static final class Scratch {
        final float[] features;
        final byte[] labels;

        Scratch(int per, int d) {
            features = new float[per * d];
            labels = new byte[per];
        }
    }

    static double[] clusterMeans(Volume v, LabelVolume labels, int h) {
        double[] sum = new double[2];
        long[] cnt = new long[2];
        addSections(v.data(), 0, h, v.nz() - h, labels, h, sum, cnt);
        return means(sum, cnt);
    }

    /**
     * As {@link #clusterMeans(Volume, LabelVolume, int)} for a tomogram on disk, read about 16 MB of sections at a
     * time (a permuted file is read whole): the same sums in the same order, so the same bytes.
     */
    static double[] clusterMeans(MrcFile f, LabelVolume labels, int h) {
        if (f.isPermuted()) {
            return clusterMeans(f.readVolume(), labels, h);
        }
        double[] sum = new double[2];
        long[] cnt = new long[2];
        int per = f.nx() * f.ny();
        int chunk = Math.max(1, (4 << 20) / Math.max(1, per));
        float[] buf = new float[Math.toIntExact((long) Math.min(chunk, f.nz()) * per)];
        for (int z0 = h; z0 < f.nz() - h; z0 += chunk) {
            int z1 = Math.min(f.nz() - h, z0 + chunk);
            f.readSections(z0, z1, buf, 0);
            addSections(buf, z0, z0, z1, labels, h, sum, cnt);
        }
        return means(sum, cnt);
    }

    /** Adds the interior voxels of sections [z0, z1) (held in {@code d} from section {@code first}) to the sums. */
    private static void addSections(float[] d, int first, int z0, int z1, LabelVolume labels, int h, double[] sum,
                                    long[] cnt) {
        byte[] l = labels.data();
        int nx = labels.nx();
        int per = nx * labels.ny();
        for (int z = z0; z < z1; z++) {
            for (int y = h; y < labels.ny() - h; y++) {
                int base = labels.index(h, y, z);
                int off = base - first * per;
                for (int x = 0; x < nx - 2 * h; x++) {
                    int c = l[base + x];
                    sum[c] += d[off + x];
                    cnt[c]++;
                }
            }
        }
    }

    private static double[] means(double[] sum, long[] cnt) {
        return new double[] {cnt[0] > 0 ? sum[0] / cnt[0] : Double.NaN, cnt[1] > 0 ? sum[1] / cnt[1] : Double.NaN};
    }

    private static String version() {
        return Cli.version(SegmentMain.class);
    }

}
