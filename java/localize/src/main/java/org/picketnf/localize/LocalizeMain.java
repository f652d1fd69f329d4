package org.picketnf.localize;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.Shape;
import org.picketnf.core.Volume;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Json;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;
import org.picketnf.core.s2.DistanceTransform;
import org.picketnf.core.s2.Particle;
import org.picketnf.core.s2.ParticleCluster;
import org.picketnf.core.s2.ParticleSize;
import org.picketnf.core.s2.Progress;
import org.picketnf.core.s2.SectionReader;

/**
 * {@code picket-localize}: PickET's stage 2. From a semantic segmentation, the voxels equal to the particle cluster
 * id (within the z-limits) are split into instances by connected components or by a distance-transform watershed,
 * and each instance's centroid is a particle. Writes PickET's YAML and CSV, STAR, ndjson coordinates, the instance
 * label volume, optional subtomograms and a provenance JSON. Several segmentations can be done in one call
 * ({@code --out-dir}), which saves a JVM start per segmentation. Run with {@code --help} for every option.
 */
public final class LocalizeMain {
    static final String TOOL = "picket-localize";

    static final String USAGE = TOOL + " --segmentation SEG.mrc [--segmentation SEG2.mrc ...]"
            + " --method connected_component_labeling|watershed_segmentation|both"
            + " (--out-prefix PREFIX | --out-dir DIR) [options]";

    static final String HEADER = "PickET stage 2: particles from a semantic segmentation.\n"
            + "Mask = voxels equal to --particle-cluster-id with --lower-z <= z <= --upper-z, BOTH INCLUSIVE"
            + " (PickET's S2 rule; S1's upper limit is exclusive). Connected components are 6-connected;"
            + " watershed = Euclidean distance transform (voxels), peaks at least --min-distance apart"
            + " (skimage peak_local_max), watershed of -EDT from those peaks inside the mask. A particle is the"
            + " geometric centroid of an instance (voxel indices, origin at voxel 0,0,0).\n"
            + "Cluster id: it must occur in the segmentation, except 0 and 1 (the two labels picket-segment"
            + " writes): an all-background segmentation with id 1 gives empty, valid outputs.\n"
            + "Automatic cluster (--particle-cluster-id auto, the default; needs a 0/1 segmentation): three votes on"
            + " the picking slab without a border of half the neighborhood size (from --provenance, else 2):"
            + " minority (the cluster below 45% of the voxels), fragmentation (the cluster whose largest 6-connected"
            + " component holds the smaller share of it) and, with --tomogram, polarity (the skewness of the"
            + " tomogram's 4x4x4 block means says dark or bright particles; the vote goes to the cluster on that"
            + " side). Majority wins; a tie or no vote takes the smaller cluster. PREFIX.json records it under"
            + " particle_cluster (id, chosen_by, rule, votes, evidence per cluster).\n"
            + "Automatic parameters (--min-distance/--min-voxels/--max-voxels auto, the defaults): the particle"
            + " diameter is measured around the distance-transform maxima of the particle mask: with --tomogram,"
            + " where the mean radial density profile of the tomogram falls to half contrast; without it, the"
            + " mask's blob diameter (r^3-weighted median of the maxima). --particle-diameter-A D uses D / the MRC"
            + " voxel size instead. min_distance = round(0.8 x particle diameter) (round(0.5 x the mask's blob"
            + " diameter) without --tomogram), at least 2; min/max voxels = 0.25 and 8 x the volume of a ball of"
            + " the mask's blob diameter (the larger diameter for max). PREFIX.json records it under particle_size."
            + " Explicit values win; --min-voxels/--max-voxels off and --min-distance 15 with"
            + " --particle-cluster-id 1 are PickET's settings.\n"
            + "Outputs for PREFIX: PREFIX.yaml (PickET's predicted_centroids YAML: x, y, z truncated toward zero,"
            + " sorted keys, metadata), PREFIX.csv (x,y,z,voxels; 3 decimals), PREFIX.star (RELION 5 data_particles:"
            + " _rlnTomoName, _rlnCoordinateX/Y/Z in voxels), PREFIX.ndjson (CZI portal orientedPoint per line),"
            + " PREFIX_instances.mrc (instance labels 1..n, 0 background: mode 1 int16 when n <= 32767, else mode 2"
            + " float32 holding the integers exactly; MRC has no int32 mode), PREFIX.json (provenance: parameters,"
            + " counts, timings; written last). Row k of the coordinate files is label k of the instance volume.\n"
            + "Size filter: instances outside [--min-voxels, --max-voxels] are removed from every output and the"
            + " rest renumbered 1..n in order.\n"
            + "Subtomograms (--box N, needs --tomogram): per axis the box is [c - N/2, c - N/2 + N) around"
            + " c = the centroid rounded to the nearest voxel (ties to even); odd N is symmetric, even N has the"
            + " centre at index N/2. Particles whose box leaves the tomogram are skipped and counted. One float32"
            + " MRC per particle, PREFIX_subtomos/particle_<label>.mrc, or with --stack one image stack"
            + " PREFIX_subtomos.mrcs holding N sections per particle.\n"
            + "Several segmentations: give --segmentation more than once (and --provenance as often, in the same"
            + " order) with --out-dir DIR; outputs are DIR/<segmentation name>_<method>.* (name = file name without"
            + " .mrc). All inputs are checked before anything is written.\n"
            + "Same inputs, same bytes: no times or paths in the data files (only in the provenance JSON).\n";

    private static final int SCAN_SECTIONS_BYTES = 16 << 20;

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

    static Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("segmentation").hasArg().argName("SEG.mrc")
                        .desc("semantic segmentation (MRC, any real mode); repeat for several (with --out-dir)")
                        .get())
                .addOption(Cli.opt("method", "M", "connected_component_labeling, watershed_segmentation or both"))
                .addOption(Cli.opt("out-prefix", "PREFIX", "output prefix (one segmentation, one method)"))
                .addOption(Cli.opt("out-dir", "DIR", "output folder (existing); names <segmentation>_<method>.*"))
                .addOption(Option.builder().longOpt("provenance").hasArg().argName("SEG.json")
                        .desc("picket-segment's provenance JSON of the segmentation, for the YAML's fex_mode,"
                                + " clustering_method and neighborhood_size; repeat in --segmentation order").get())
                .addOption(Cli.opt("particle-cluster-id", "ID|auto", "segmentation value of the particles, or auto"
                        + " (the default): decided per segmentation from the data (see above); an id always wins"))
                .addOption(Cli.opt("lower-z", "Z", "lowest z-section kept, inclusive (default 0)"))
                .addOption(Cli.opt("upper-z", "Z", "highest z-section kept, INCLUSIVE (PickET's S2 rule;"
                        + " default the last)"))
                .addOption(Cli.opt("min-distance", "D|auto", "watershed: minimum peak distance in voxels, or auto (the"
                        + " default: from the particle size; PickET's value is 15)"))
                .addOption(Cli.opt("particle-diameter-A", "D", "particle diameter in Angstrom, instead of the estimate"
                        + " (converted with the segmentation's MRC voxel size, else --tomogram's)"))
                .addOption(Cli.opt("skimage", "VERSION", "watershed rules of this scikit-image: 0.19 (the default: the"
                        + " version that made PickET's published tomo1 outputs, reproduced exactly; flooding without"
                        + " the max rule, peaks ordered by numpy 1.24's sort) or 0.25 (PickET's locked version)"))
                .addOption(Cli.opt("min-voxels", "N|auto|off", "drop instances smaller than N voxels; auto (the"
                        + " default): from the particle size; off: keep all (PickET)"))
                .addOption(Cli.opt("max-voxels", "N|auto|off", "drop instances larger than N voxels; auto (the"
                        + " default): from the particle size; off: keep all (PickET)"))
                .addOption(Cli.opt("tomogram", "TOMO.mrc", "original tomogram (same shape): evidence for the automatic"
                        + " cluster and particle size, and the source of --box"))
                .addOption(Cli.opt("tomo-name", "NAME", "_rlnTomoName in the STAR file (default: the tomogram's"
                        + " file name without .mrc, else the segmentation's)"))
                .addOption(Cli.opt("box", "N", "cut an N^3 subtomogram around each particle from --tomogram"))
                .addOption(Cli.flag("stack", "write the subtomograms as one .mrcs stack instead of one file each"))
                .addOption(Cli.opt("threads", "N", "worker threads (default: available processors)"))
                .addOption(Cli.flag("help", "show this help"))
                .addOption(Cli.flag("version", "print the version and exit"));
    }

    /** Validated options. */
    record Params(List<Path> segmentations, List<Path> provenances, List<Method> methods, Path outPrefix,
                  Path outDir, Integer clusterId, Integer lowerZ, Integer upperZ, Integer minDistance, long minVoxels,
                  long maxVoxels, Path tomogram, String tomoName, int box, boolean stack, int threads,
                  boolean skimage019, Double diameterA) {
        /** _rlnTomoName of segmentation {@code seg}: --tomo-name or the tomogram's name, else the segmentation's. */
        String tomoName(int seg) {
            return tomoName != null ? tomoName : stem(segmentations.get(seg));
        }

        /** --particle-cluster-id auto. */
        boolean autoCluster() {
            return clusterId == null;
        }

        /** Whether any S2 parameter is estimated from the data for these methods. */
        boolean needsSize() {
            return (minDistance == null && methods.contains(Method.WATERSHED)) || minVoxels == AUTO
                    || maxVoxels == AUTO;
        }
    }

    /** --min-voxels/--max-voxels values: estimated, or no filter. */
    static final long AUTO = -1;
    static final long OFF = 0;

    /** What was decided for one segmentation: cluster id, parameters and their provenance. */
    record Resolved(int clusterId, int minDistance, long minVoxels, long maxVoxels, Map<String, Object> cluster,
                    Map<String, Object> size) {
        Long minVoxelsOrNull() {
            return minVoxels == OFF ? null : minVoxels;
        }

        Long maxVoxelsOrNull() {
            return maxVoxels == OFF ? null : maxVoxels;
        }
    }

    /** One (segmentation, method) pair and where its outputs go. */
    record Job(int seg, Method method, String prefix) {
        Path file(String suffix) {
            return Path.of(prefix + suffix);
        }
    }

    static int execute(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, USAGE, HEADER, o);
            return Cli.OK;
        }
        Params p = params(cl);

        // ---- check everything before writing anything ----
        long t0 = System.nanoTime();
        List<MrcFile> segs = new ArrayList<>();
        for (Path s : p.segmentations()) {
            MrcFile f = MrcFile.open(s);
            if (f.nz() == 0 || f.header().nz() == 0) {
                throw new BadInputException(s + ": contains no data (NZ = 0): an empty volume");
            }
            try {
                Volume.checkedSize(f.nx(), f.ny(), f.nz());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(s + ": " + e.getMessage());
            }
            checkZ(p, f);
            segs.add(f);
        }
        MrcFile tomoFile = null;
        if (p.tomogram() != null) {
            tomoFile = MrcFile.open(p.tomogram());
            for (MrcFile f : segs) {
                if (tomoFile.nx() != f.nx() || tomoFile.ny() != f.ny() || tomoFile.nz() != f.nz()) {
                    throw new BadInputException(p.tomogram() + ": is " + dims(tomoFile) + " but segmentation "
                            + f.path() + " is " + dims(f));
                }
            }
            if (p.box() > 0 && (p.box() > tomoFile.nx() || p.box() > tomoFile.ny() || p.box() > tomoFile.nz())) {
                throw new BadInputException("--box: " + p.box() + " is larger than the volume " + dims(tomoFile));
            }
        }
        List<Map<String, Object>> s1 = new ArrayList<>();
        for (Path prov : p.provenances()) {
            s1.add(readProvenance(prov));
        }
        List<Job> jobs = jobs(p);
        for (Job j : jobs) {
            for (String suffix : new String[] {".yaml", ".csv", ".star", ".ndjson", "_instances.mrc", ".json"}) {
                AtomicFiles.checkWritable(j.file(suffix));
            }
            if (p.box() > 0) {
                if (p.stack()) {
                    AtomicFiles.checkWritable(j.file("_subtomos.mrcs"));
                } else {
                    Subtomograms.checkReplaceableDir(j.file("_subtomos"));
                }
            }
        }
        for (MrcFile f : segs) {
            if (p.diameterA() != null) {
                voxelSizeA(f, tomoFile);
            }
        }
        if (segs.size() > 1) {
            for (MrcFile f : segs) {
                if (p.autoCluster()) {
                    scanCodes(f, p, null, 0);
                } else {
                    checkClusterPresent(f, p.clusterId(), scan(f, p, null));
                }
            }
        }
        for (MrcFile f : segs) {
            for (String w : f.warnings()) {
                err.println(TOOL + ": warning: " + f.path() + ": " + w);
            }
        }

        // ---- work ----
        Volume tomo = null;
        double tomoReadS = 0;
        if (p.box() > 0) {
            long a = System.nanoTime();
            tomo = tomoFile.readVolume();
            tomoReadS = (System.nanoTime() - a) / 1e9;
        }
        long totalParticles = 0;
        for (int si = 0; si < segs.size(); si++) {
            MrcFile f = segs.get(si);
            long a = System.nanoTime();
            byte[] mask = new byte[Volume.checkedSize(f.nx(), f.ny(), f.nz())];
            Map<String, Object> s1prov = p.provenances().isEmpty() ? Map.of() : s1.get(si);
            String name = f.path().getFileName().toString();
            long[] counts;
            Map<String, Object> clusterProv = new LinkedHashMap<>();
            int clusterId;
            double clusterS = 0;
            if (p.autoCluster()) {
                long ca = System.nanoTime();
                int margin = borderMargin(s1prov);
                scanCodes(f, p, mask, margin);
                ParticleCluster.TomogramStats ts = tomoFile == null ? null
                        : ParticleCluster.tomogramStats(reader(tomoFile), mask, f.shape());
                ParticleCluster.Choice ch = ParticleCluster.decide(
                        ParticleCluster.evidence(mask, f.shape(), ts), ts);
                clusterId = ch.id();
                counts = codesToMask(mask, clusterId);
                clusterProv = clusterProvenance(ch, margin, s1prov, tomoFile != null);
                clusterS = (System.nanoTime() - ca) / 1e9;
            } else {
                clusterId = p.clusterId();
                counts = scan(f, p, mask);
                checkClusterPresent(f, clusterId, counts);
                clusterProv.put("id", clusterId);
                clusterProv.put("chosen_by", "user");
                clusterProv.put("rule", "--particle-cluster-id " + clusterId);
            }
            double readS = (System.nanoTime() - a) / 1e9 + (si == 0 ? (a - t0) / 1e9 : 0) - clusterS;
            long sa = System.nanoTime();
            float[] edt = null;
            if (p.needsSize() || p.methods().contains(Method.WATERSHED)) {
                edt = DistanceTransform.edt(mask, f.shape(), p.threads(),
                        new Progress(TOOL + ": " + name + ": distance transform", (long) f.nz() + f.ny(), err::println));
            }
            double edtS = (System.nanoTime() - sa) / 1e9;
            Resolved rs = resolve(p, f, tomoFile, clusterId, clusterProv, mask, edt);
            double sizeS = (System.nanoTime() - sa) / 1e9 - edtS;
            if (p.autoCluster() || p.needsSize()) {
                err.println(TOOL + ": " + name + ": " + summary(rs));
            }
            for (Job j : jobs) {
                if (j.seg() != si) {
                    continue;
                }
                long b = System.nanoTime();
                Localizer.Result r = Localizer.run(mask, f.nx(), f.ny(), f.nz(), j.method(), rs.minDistance(),
                        rs.minVoxels() == OFF ? 0 : rs.minVoxels(),
                        rs.maxVoxels() == OFF ? Long.MAX_VALUE : rs.maxVoxels(), p.threads(), p.skimage019(),
                        j.method() == Method.WATERSHED ? edt : null,
                        new Progress(TOOL + ": " + name + ": watershed", counts[1], err::println));
                long c = System.nanoTime();
                Map<String, Object> sub = writeOutputs(p, rs, j, f, r, s1prov, tomo);
                long d = System.nanoTime();
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
                timings.put("edt_s", r.edtSeconds());
                timings.put("peaks_s", r.peaksSeconds());
                timings.put("label_s", r.labelSeconds());
                timings.put("centroids_s", r.centroidSeconds());
                timings.put("localize_s", (c - b) / 1e9);
                timings.put("write_s", (d - c) / 1e9);
                timings.put("threads", p.threads());
                AtomicFiles.writeString(j.file(".json"),
                        Json.pretty(provenance(p, rs, j, f, r, counts, sub, timings)));
                totalParticles += r.particles().size();
                StringBuilder line = new StringBuilder(TOOL + ": " + f.path().getFileName() + " "
                        + j.method().label() + ": " + r.particles().size() + " particles");
                if (r.filteredSmall() + r.filteredLarge() > 0) {
                    line.append(" (").append(r.filteredSmall()).append(" smaller than --min-voxels, ")
                            .append(r.filteredLarge()).append(" larger than --max-voxels removed)");
                }
                if (sub != null) {
                    line.append(", ").append(sub.get("written")).append(" subtomograms, ")
                            .append(sub.get("skipped_border")).append(" skipped at the border");
                }
                line.append(" in ").append(Cli.seconds(d - b)).append(" s -> ").append(j.prefix()).append(".*");
                err.println(line);
            }
        }
        if (jobs.size() > 1) {
            err.println(TOOL + ": " + jobs.size() + " localisations, " + totalParticles + " particles in "
                    + Cli.seconds(System.nanoTime() - t0) + " s");
        }
        return Cli.OK;
    }

    static Params params(CommandLine cl) {
        if (!cl.getArgList().isEmpty()) {
            throw new BadInputException("unexpected argument '" + cl.getArgList().get(0) + "'");
        }
        String[] segv = cl.getOptionValues("segmentation");
        if (segv == null || segv.length == 0) {
            throw new BadInputException("--segmentation is required");
        }
        List<Path> segs = new ArrayList<>();
        for (String s : segv) {
            if (s.isBlank()) {
                throw new BadInputException("--segmentation: empty file name");
            }
            segs.add(Path.of(s));
        }
        List<Path> provs = new ArrayList<>();
        String[] pv = cl.getOptionValues("provenance");
        if (pv != null) {
            for (String s : pv) {
                provs.add(Path.of(s));
            }
            if (provs.size() != segs.size()) {
                throw new BadInputException("--provenance: given " + provs.size() + " times for " + segs.size()
                        + " segmentations; give one per --segmentation, in the same order");
            }
        }
        String mv = cl.getOptionValue("method");
        if (mv == null) {
            throw new BadInputException("--method is required (connected_component_labeling,"
                    + " watershed_segmentation or both)");
        }
        List<Method> methods = Method.parse(mv);
        Path prefix = cl.hasOption("out-prefix") ? Path.of(cl.getOptionValue("out-prefix")) : null;
        Path dir = cl.hasOption("out-dir") ? Path.of(cl.getOptionValue("out-dir")) : null;
        if ((prefix == null) == (dir == null)) {
            throw new BadInputException("give exactly one of --out-prefix and --out-dir");
        }
        if (prefix != null) {
            if (segs.size() > 1 || methods.size() > 1) {
                throw new BadInputException("--out-prefix: takes one segmentation and one method; use --out-dir"
                        + " for several");
            }
            if (prefix.toString().isBlank() || Files.isDirectory(prefix)) {
                throw new BadInputException("--out-prefix: '" + prefix + "' is a directory; give a file prefix"
                        + " such as DIR/tomo1, or use --out-dir");
            }
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new BadInputException("--out-dir: " + dir + " is not an existing directory");
        }
        Integer id = isAuto(cl, "particle-cluster-id") ? null : Cli.intOpt(cl, "particle-cluster-id", 1);
        Integer lz = cl.hasOption("lower-z") ? Cli.intOpt(cl, "lower-z", 0) : null;
        Integer uz = cl.hasOption("upper-z") ? Cli.intOpt(cl, "upper-z", 0) : null;
        if (lz != null && uz != null && lz > uz) {
            throw new BadInputException("--lower-z " + lz + " is above --upper-z " + uz + ": no section left");
        }
        String sk = cl.getOptionValue("skimage", "0.19");
        if (!sk.equals("0.25") && !sk.equals("0.19")) {
            throw new BadInputException("--skimage: '" + sk + "' is not one of 0.25, 0.19");
        }
        Integer md = isAuto(cl, "min-distance") ? null : Cli.intOpt(cl, "min-distance", 15);
        if (md != null && md < 1) {
            throw new BadInputException("--min-distance: must be >= 1 or auto, got " + md);
        }
        long minV = voxelLimit(cl, "min-voxels");
        long maxV = voxelLimit(cl, "max-voxels");
        if (minV > 0 && maxV > 0 && maxV < minV) {
            throw new BadInputException("--max-voxels " + maxV + " is below --min-voxels " + minV);
        }
        Double diaA = null;
        if (cl.hasOption("particle-diameter-A")) {
            diaA = Cli.doubleOpt(cl, "particle-diameter-A", 0);
            if (!(diaA > 0) || diaA.isInfinite()) {
                throw new BadInputException("--particle-diameter-A: must be a number > 0, got "
                        + cl.getOptionValue("particle-diameter-A"));
            }
        }
        Path tomo = cl.hasOption("tomogram") ? Path.of(cl.getOptionValue("tomogram")) : null;
        int box = 0;
        if (cl.hasOption("box")) {
            box = Cli.intOpt(cl, "box", 0);
            if (box < 1) {
                throw new BadInputException("--box: must be >= 1, got " + box);
            }
            if (tomo == null) {
                throw new BadInputException("--box needs --tomogram (boxes are cut from the original tomogram)");
            }
        }
        boolean stack = cl.hasOption("stack");
        if (stack && box == 0) {
            throw new BadInputException("--stack needs --box");
        }
        // _rlnTomoName: --tomo-name, else the tomogram's name, else each segmentation's own (null here)
        String name = cl.getOptionValue("tomo-name");
        if (name == null && tomo != null) {
            name = stem(tomo);
        }
        List<String> names = new ArrayList<>();
        if (name != null) {
            names.add(name);
        } else {
            segs.forEach(sp -> names.add(stem(sp)));
        }
        for (String n : names) {
            if (n.isEmpty() || !n.matches("\\S+") || n.startsWith("#") || n.startsWith("_")
                    || n.startsWith("data_") || n.startsWith("loop_")) {
                throw new BadInputException("--tomo-name: '" + n + "' cannot be a STAR value (no spaces, must not"
                        + " start with #, _, data_ or loop_)");
            }
        }
        int threads = Cli.threads(cl);
        return new Params(segs, provs, methods, prefix, dir, id, lz, uz, md, minV, maxV, tomo, name, box, stack,
                threads, sk.equals("0.19"), diaA);
    }

    /** True when the option is absent (auto is the default) or says auto. */
    private static boolean isAuto(CommandLine cl, String name) {
        String v = cl.getOptionValue(name);
        return v == null || v.strip().equalsIgnoreCase("auto");
    }

    /** --min-voxels/--max-voxels: {@link #AUTO}, {@link #OFF} or N >= 1. */
    private static long voxelLimit(CommandLine cl, String name) {
        if (isAuto(cl, name)) {
            return AUTO;
        }
        if (cl.getOptionValue(name).strip().equalsIgnoreCase("off")) {
            return OFF;
        }
        long v;
        try {
            v = Cli.longOpt(cl, name, 0);
        } catch (BadInputException e) {
            throw new BadInputException("--" + name + ": '" + cl.getOptionValue(name) + "' is not a whole number,"
                    + " auto or off");
        }
        if (v < 1) {
            throw new BadInputException("--" + name + ": must be >= 1, auto or off, got " + v);
        }
        return v;
    }

    static List<Job> jobs(Params p) {
        List<Job> jobs = new ArrayList<>();
        if (p.outPrefix() != null) {
            jobs.add(new Job(0, p.methods().get(0), p.outPrefix().toString()));
            return jobs;
        }
        Set<String> stems = new HashSet<>();
        for (int i = 0; i < p.segmentations().size(); i++) {
            String s = stem(p.segmentations().get(i));
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

    /** The file name without directory and without .mrc/.map/.rec/.mrcs (and a .gz after them). */
    static String stem(Path p) {
        String n = p.getFileName().toString();
        n = n.replaceFirst("(?i)\\.gz$", "");
        return n.replaceFirst("(?i)\\.(mrc|mrcs|map|rec)$", "");
    }

    private static String dims(MrcFile f) {
        return f.nx() + "x" + f.ny() + "x" + f.nz();
    }

    private static void checkZ(Params p, MrcFile f) {
        int nz = f.nz();
        if (p.lowerZ() != null && (p.lowerZ() < 0 || p.lowerZ() >= nz)) {
            throw new BadInputException("--lower-z: " + p.lowerZ() + " is outside the volume (z 0.." + (nz - 1)
                    + " in " + f.path() + ")");
        }
        if (p.upperZ() != null && (p.upperZ() < 0 || p.upperZ() >= nz)) {
            throw new BadInputException("--upper-z: " + p.upperZ() + " is outside the volume (z 0.." + (nz - 1)
                    + " in " + f.path() + ")");
        }
    }

    private static void checkClusterPresent(MrcFile f, int id, long[] counts) {
        if (counts[0] == 0 && id != 0 && id != 1) {
            throw new BadInputException("--particle-cluster-id: " + f.path() + " has no voxel with value " + id);
        }
    }

    /**
     * Streams the segmentation; returns {voxels equal to the id, voxels of the mask}. When {@code mask} is not
     * null it is filled: 1 where the value equals the id and z is within the limits (both inclusive).
     */
    static long[] scan(MrcFile f, Params p, byte[] mask) {
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
                            if (mask != null) {
                                mask[i] = 1;
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
                            if (mask != null) {
                                mask[base + i] = 1;
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
    static void scanCodes(MrcFile f, Params p, byte[] codes, int margin) {
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
                        if (codes != null) {
                            codes[z * per + i] = (byte) ((v == 1f ? 1 : 0) | ybits
                                    | (x < margin || x >= nx - margin ? 2 : 0));
                        }
                    }
                }
            }
        }
    }

    /** Turns {@link #scanCodes} codes into the mask of {@code id} in place; returns {voxels equal to id, in mask}. */
    static long[] codesToMask(byte[] codes, int id) {
        long present = 0;
        long in = 0;
        for (int i = 0; i < codes.length; i++) {
            int c = codes[i];
            boolean eq = (c & 1) == id;
            if (eq) {
                present++;
            }
            boolean keep = eq && (c & 4) == 0;
            if (keep) {
                in++;
            }
            codes[i] = keep ? (byte) 1 : 0;
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

    /** Half of picket-segment's neighborhood size (its border of unlabelled voxels), 2 when not known. */
    static int borderMargin(Map<String, Object> s1) {
        Object n = s1.get("neighborhood_size");
        return n instanceof Integer i && i > 0 ? i / 2 : 2;
    }

    static Map<String, Object> clusterProvenance(ParticleCluster.Choice ch, int margin, Map<String, Object> s1,
                                                 boolean tomogram) {
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

    /** The S2 parameters of one segmentation: explicit values, else estimated from the particle size. */
    static Resolved resolve(Params p, MrcFile f, MrcFile tomoFile, int clusterId, Map<String, Object> clusterProv,
                            byte[] mask, float[] edt) {
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
            int[] mx = ParticleSize.maxima(edt, new Shape(nx, ny, nz), minR);
            if (mx.length == 0) {
                minR = 1.0;
                mx = ParticleSize.maxima(edt, new Shape(nx, ny, nz), minR);
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
                ParticleSize.ProfileEstimate pe = ParticleSize.profileDiameter(reader(tomoFile), new Shape(nx, ny, nz),
                        mx, me.diameter());
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
                minV = minV == AUTO ? OFF : minV;
                maxV = maxV == AUTO ? OFF : maxV;
            } else {
                size.put("diameter_vox", Double.isNaN(particle) ? me.diameter() : particle);
                size.put("min_distance_rule", dv.minDistanceRule());
                size.put("size_filter_rule", dv.filterRule());
                if (p.minDistance() == null) {
                    md = dv.minDistance();
                }
                if (minV == AUTO) {
                    minV = dv.minVoxels();
                }
                if (maxV == AUTO) {
                    maxV = p.minVoxels() > 0 ? Math.max(dv.maxVoxels(), p.minVoxels()) : dv.maxVoxels();
                }
            }
        }
        boolean ws = p.methods().contains(Method.WATERSHED);
        if (ws) {
            size.put("min_distance", md);
            size.put("min_distance_from", p.minDistance() == null ? "estimate" : "user");
        }
        size.put("min_voxels", minV == OFF ? null : minV);
        size.put("min_voxels_from", p.minVoxels() == AUTO ? "estimate" : "user");
        size.put("max_voxels", maxV == OFF ? null : maxV);
        size.put("max_voxels_from", p.maxVoxels() == AUTO ? "estimate" : "user");
        return new Resolved(clusterId, md, minV, maxV, clusterProv, size);
    }

    private static Object nan(double v) {
        return Double.isNaN(v) ? null : (Object) v;
    }

    /** One stderr line: what was decided. */
    static String summary(Resolved rs) {
        StringBuilder b = new StringBuilder("particle cluster " + rs.clusterId() + " ("
                + rs.cluster().get("chosen_by") + ")");
        Object d = rs.size().get("diameter_vox");
        if (d instanceof Double dd) {
            b.append(String.format(java.util.Locale.ROOT, ", diameter %.1f voxels", dd));
        }
        if (rs.size().containsKey("min_distance")) {
            b.append(", min_distance ").append(rs.minDistance());
        }
        b.append(", instances kept ").append(rs.minVoxels() == OFF ? "from 1" : "from " + rs.minVoxels())
                .append(rs.maxVoxels() == OFF ? "" : " to " + rs.maxVoxels()).append(" voxels");
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readProvenance(Path file) {
        try {
            Object o = Json.mapper().readValue(file.toFile(), Object.class);
            if (!(o instanceof Map)) {
                throw new BadInputException(file + ": not a picket-segment provenance JSON (not an object)");
            }
            return (Map<String, Object>) o;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new BadInputException(file + ": not valid JSON (" + m + ")", e);
        }
    }

    /** PickET's metadata block, sorted on output. */
    static Map<String, Object> metadata(Params p, Resolved rs, Method m, MrcFile f, Map<String, Object> s1) {
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

    /** Writes every data file of a job (not the provenance); returns the subtomogram summary or null. */
    static Map<String, Object> writeOutputs(Params p, Resolved rs, Job j, MrcFile f, Localizer.Result r,
                                            Map<String, Object> s1, Volume tomo) {
        List<Particle> ps = r.particles();
        int n = ps.size();
        if (n >= (1 << 24)) {
            throw new BadInputException(f.path() + ": " + n + " instances cannot be stored exactly in an MRC"
                    + " (float32 holds integers up to 2^24); use --min-voxels");
        }
        AtomicFiles.writeString(j.file(".yaml"), Formats.yaml(ps, metadata(p, rs, j.method(), f, s1)));
        AtomicFiles.writeString(j.file(".csv"), Formats.csv(ps));
        AtomicFiles.writeString(j.file(".star"), Formats.star(ps, p.tomoName(j.seg())));
        AtomicFiles.writeString(j.file(".ndjson"), Formats.ndjson(ps));
        writeLabels(j.file("_instances.mrc"), r.labels(), f, n);
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

    static Map<String, Object> provenance(Params p, Resolved rs, Job j, MrcFile f, Localizer.Result r, long[] counts,
                                          Map<String, Object> sub, Map<String, Object> timings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", TOOL + " " + version());
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
        m.put("particle_cluster", rs.cluster());
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
        m.put("instances_mrc_mode", labelMode(r.particles().size()).label());
        List<String> outs = new ArrayList<>();
        for (String s : new String[] {".yaml", ".csv", ".star", ".ndjson", "_instances.mrc"}) {
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

    private static String version() {
        return Cli.version(LocalizeMain.class);
    }
}
