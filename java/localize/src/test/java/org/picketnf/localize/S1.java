package org.picketnf.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.picketnf.cluster.ClusterMain;
import org.picketnf.features.FeaturesMain;
import org.picketnf.segment.SegmentMain;

/** Real segmentations for the S2 tests: the three S1 tools run in-process, as the pipeline runs them. */
final class S1 {
    static final String[] MODES = {"ffts", "gabor", "intensities"};
    static final String[] CLUSTERERS = {"kmeans", "gmm"};

    private S1() {
    }

    /** One segmentation and its provenance JSON. */
    record Seg(String name, Path mrc, Path provenance) {
    }

    /**
     * The six segmentations (3 modes x 2 clusterers) of {@code tomo} in {@code dir}, fitted on at most
     * {@code windows} neighborhoods (seed 42), with the tomogram's cluster means in the provenance.
     */
    static List<Seg> six(Path tomo, Path dir, int windows, int threads) {
        String th = Integer.toString(threads);
        Path pre = dir.resolve("pre.mrc");
        run("features", FeaturesMain::run, "preprocess", "--in", tomo.toString(), "--out", pre.toString(),
                "--threads", th);
        List<Seg> out = new ArrayList<>();
        for (String mode : MODES) {
            Path npy = dir.resolve(mode + ".npy");
            Path spec = dir.resolve(mode + ".json");
            run("features", FeaturesMain::run, "extract", "--pre", pre.toString(), "--mode", mode, "--out",
                    npy.toString(), "--spec", spec.toString(), "--max-neighborhoods", Integer.toString(windows),
                    "--seed", "42", "--threads", th);
            Path km = null;
            for (String cl : CLUSTERERS) {
                Path model = dir.resolve(mode + "_" + cl + ".model.json");
                List<String> a = new ArrayList<>(List.of("--features", npy.toString(), "--spec", spec.toString(),
                        "--method", cl, "--out", model.toString(), "--threads", th));
                if (km != null) {
                    a.addAll(List.of("--init-model", km.toString()));
                }
                run("cluster", ClusterMain::run, a.toArray(String[]::new));
                if (cl.equals("kmeans")) {
                    km = model;
                }
                String name = "seg_" + mode + "_" + cl;
                Path seg = dir.resolve(name + ".mrc");
                Path prov = dir.resolve(name + ".json");
                run("segment", S1::segment, "--pre", pre.toString(), "--model", model.toString(), "--out",
                        seg.toString(), "--provenance", prov.toString(), "--tomogram", tomo.toString(),
                        "--threads", th);
                out.add(new Seg(mode + "_" + cl, seg, prov));
            }
        }
        return out;
    }

    interface Tool {
        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    /** SegmentMain.run is package-private in its module; its main() exits the JVM, so it is reached reflectively. */
    private static int segment(String[] args, PrintStream out, PrintStream err) throws Exception {
        Method m = SegmentMain.class.getDeclaredMethod("run", String[].class, PrintStream.class, PrintStream.class);
        m.setAccessible(true);
        return (int) m.invoke(null, args, out, err);
    }

    private static void run(String what, Tool t, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code;
        try {
            code = t.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), pe);
        } catch (Exception e) {
            throw new AssertionError(what + " failed", e);
        }
        assertEquals(0, code, () -> what + " failed: " + err.toString(StandardCharsets.UTF_8));
    }
}
