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
import org.picketnf.core.Volume;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Json;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;
import org.picketnf.core.s2.Particle;

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
            + "Outputs for PREFIX: PREFIX.yaml (PickET's predicted_centroids YAML: x, y, z truncated toward zero,"
            + " sorted keys, metadata), PREFIX.csv (x,y,z,voxels; 3 decimals), PREFIX.star (RELION 5 data_particles:"
            + " _rlnTomoName, _rlnCoordinateX/Y/Z in voxels), PREFIX.ndjson (CZI portal orientedPoint per line),"
            + " PREFIX_instances.mrc (instance labels 1..n, 0 background: mode 1 int16 when n <= 32767, else mode 2"
            + " float32 holding the integers exactly; MRC has no int32 mode), PREFIX.json (provenance: parameters,"
            + " counts, timings; written last). Row k of the coordinate files is label k of the instance volume.\n"
            + "Size filter (off by default, as PickET): instances outside [--min-voxels, --max-voxels] are removed"
            + " from every output and the rest renumbered 1..n in order.\n"
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
                .addOption(Cli.opt("particle-cluster-id", "ID", "segmentation value of the particles (default 1)"))
                .addOption(Cli.opt("lower-z", "Z", "lowest z-section kept, inclusive (default 0)"))
                .addOption(Cli.opt("upper-z", "Z", "highest z-section kept, INCLUSIVE (PickET's S2 rule;"
                        + " default the last)"))
                .addOption(Cli.opt("min-distance", "D", "watershed: minimum peak distance in voxels (default 15)"))
                .addOption(Cli.opt("skimage", "VERSION", "watershed rules of this scikit-image: 0.19 (the default: the"
                        + " version that made PickET's published tomo1 outputs, reproduced exactly; flooding without"
                        + " the max rule, peaks ordered by numpy 1.24's sort) or 0.25 (PickET's locked version)"))
                .addOption(Cli.opt("min-voxels", "N", "drop instances smaller than N voxels (default: keep all)"))
                .addOption(Cli.opt("max-voxels", "N", "drop instances larger than N voxels (default: keep all)"))
                .addOption(Cli.opt("tomogram", "TOMO.mrc", "original tomogram (same shape), for --box"))
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
                  Path outDir, int clusterId, Integer lowerZ, Integer upperZ, int minDistance, Long minVoxels,
                  Long maxVoxels, Path tomogram, String tomoName, int box, boolean stack, int threads,
                  boolean skimage019) {
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
        if (segs.size() > 1) {
            for (MrcFile f : segs) {
                checkClusterPresent(f, p.clusterId(), scan(f, p, null));
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
            long[] counts = scan(f, p, mask);
            checkClusterPresent(f, p.clusterId(), counts);
            double readS = (System.nanoTime() - a) / 1e9 + (si == 0 ? (a - t0) / 1e9 : 0);
            for (Job j : jobs) {
                if (j.seg() != si) {
                    continue;
                }
                long b = System.nanoTime();
                Localizer.Result r = Localizer.run(mask, f.nx(), f.ny(), f.nz(), j.method(), p.minDistance(),
                        p.minVoxels() == null ? 0 : p.minVoxels(),
                        p.maxVoxels() == null ? Long.MAX_VALUE : p.maxVoxels(), p.threads(), p.skimage019());
                long c = System.nanoTime();
                Map<String, Object> s1prov = p.provenances().isEmpty() ? Map.of() : s1.get(si);
                Map<String, Object> sub = writeOutputs(p, j, f, r, s1prov, tomo);
                long d = System.nanoTime();
                Map<String, Object> timings = new LinkedHashMap<>();
                timings.put("read_and_mask_s", readS);
                if (tomo != null) {
                    timings.put("tomogram_read_s", tomoReadS);
                }
                timings.put("edt_s", r.edtSeconds());
                timings.put("peaks_s", r.peaksSeconds());
                timings.put("label_s", r.labelSeconds());
                timings.put("centroids_s", r.centroidSeconds());
                timings.put("localize_s", (c - b) / 1e9);
                timings.put("write_s", (d - c) / 1e9);
                timings.put("threads", p.threads());
                AtomicFiles.writeString(j.file(".json"),
                        Json.pretty(provenance(p, j, f, r, counts, sub, timings)));
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
        int id = Cli.intOpt(cl, "particle-cluster-id", 1);
        Integer lz = cl.hasOption("lower-z") ? Cli.intOpt(cl, "lower-z", 0) : null;
        Integer uz = cl.hasOption("upper-z") ? Cli.intOpt(cl, "upper-z", 0) : null;
        if (lz != null && uz != null && lz > uz) {
            throw new BadInputException("--lower-z " + lz + " is above --upper-z " + uz + ": no section left");
        }
        String sk = cl.getOptionValue("skimage", "0.19");
        if (!sk.equals("0.25") && !sk.equals("0.19")) {
            throw new BadInputException("--skimage: '" + sk + "' is not one of 0.25, 0.19");
        }
        int md = Cli.intOpt(cl, "min-distance", 15);
        if (md < 1) {
            throw new BadInputException("--min-distance: must be >= 1, got " + md);
        }
        Long minV = cl.hasOption("min-voxels") ? Cli.longOpt(cl, "min-voxels", 0) : null;
        Long maxV = cl.hasOption("max-voxels") ? Cli.longOpt(cl, "max-voxels", 0) : null;
        if (minV != null && minV < 1) {
            throw new BadInputException("--min-voxels: must be >= 1, got " + minV);
        }
        if (maxV != null && maxV < 1) {
            throw new BadInputException("--max-voxels: must be >= 1, got " + maxV);
        }
        if (minV != null && maxV != null && maxV < minV) {
            throw new BadInputException("--max-voxels " + maxV + " is below --min-voxels " + minV);
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
        String name = cl.getOptionValue("tomo-name");
        if (name == null) {
            name = stem(tomo != null ? tomo : segs.get(0));
        }
        if (name.isEmpty() || !name.matches("\\S+") || name.startsWith("#") || name.startsWith("_")
                || name.startsWith("data_") || name.startsWith("loop_")) {
            throw new BadInputException("--tomo-name: '" + name + "' cannot be a STAR value (no spaces, must not"
                    + " start with #, _, data_ or loop_)");
        }
        int threads = Cli.threads(cl);
        return new Params(segs, provs, methods, prefix, dir, id, lz, uz, md, minV, maxV, tomo, name, box, stack,
                threads, sk.equals("0.19"));
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
    static Map<String, Object> metadata(Params p, Method m, MrcFile f, Map<String, Object> s1) {
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
        md.put("particle_cluster_id", p.clusterId());
        md.put("pex_mode", m.label());
        md.put("pex_min_distance", m == Method.WATERSHED ? (Object) p.minDistance() : "None");
        if (p.minVoxels() != null) {
            md.put("pex_min_voxels", p.minVoxels());
        }
        if (p.maxVoxels() != null) {
            md.put("pex_max_voxels", p.maxVoxels());
        }
        md.put("tomogram_shape", List.of(f.nz(), f.ny(), f.nx()));
        Geometry g = f.geometry();
        md.put("voxel_size", List.of(g.voxelZ(), g.voxelY(), g.voxelX()));
        md.put("z_lb_for_particle_extraction", p.lowerZ() == null ? "None" : (Object) p.lowerZ());
        md.put("z_ub_for_particle_extraction", p.upperZ() == null ? "None" : (Object) p.upperZ());
        return md;
    }

    /** Writes every data file of a job (not the provenance); returns the subtomogram summary or null. */
    static Map<String, Object> writeOutputs(Params p, Job j, MrcFile f, Localizer.Result r, Map<String, Object> s1,
                                            Volume tomo) {
        List<Particle> ps = r.particles();
        int n = ps.size();
        if (n >= (1 << 24)) {
            throw new BadInputException(f.path() + ": " + n + " instances cannot be stored exactly in an MRC"
                    + " (float32 holds integers up to 2^24); use --min-voxels");
        }
        AtomicFiles.writeString(j.file(".yaml"), Formats.yaml(ps, metadata(p, j.method(), f, s1)));
        AtomicFiles.writeString(j.file(".csv"), Formats.csv(ps));
        AtomicFiles.writeString(j.file(".star"), Formats.star(ps, p.tomoName()));
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
        try (MrcWriter w = MrcWriter.create(target, f.nx(), f.ny(), f.nz(), labelMode(count), f.geometry())) {
            for (int z = 0; z < f.nz(); z++) {
                int base = z * per;
                for (int i = 0; i < per; i++) {
                    sec[i] = lab[base + i];
                }
                w.writeSections(sec, 0, 1);
            }
        }
    }

    static Map<String, Object> provenance(Params p, Job j, MrcFile f, Localizer.Result r, long[] counts,
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
        m.put("tomo_name", p.tomoName());
        m.put("method", j.method().label());
        Map<String, Object> par = new LinkedHashMap<>();
        par.put("particle_cluster_id", p.clusterId());
        par.put("lower_z_inclusive", p.lowerZ());
        par.put("upper_z_inclusive", p.upperZ());
        if (j.method() == Method.WATERSHED) {
            par.put("min_distance", p.minDistance());
            par.put("skimage_rules", p.skimage019() ? "0.19" : "0.25");
        }
        par.put("min_voxels", p.minVoxels());
        par.put("max_voxels", p.maxVoxels());
        m.put("parameters", par);
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
