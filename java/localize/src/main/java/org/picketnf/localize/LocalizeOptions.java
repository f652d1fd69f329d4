package org.picketnf.localize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;

/**
 * picket-localize's command line: the Commons CLI options, the help text, and the validated values of one call.
 * Every check that needs only the command line (not the files) is made in {@link #parse}.
 *
 * @param segmentations the --segmentation files, in order
 * @param provenances the --provenance files, one per segmentation, or empty
 * @param methods one method, or both (connected components first)
 * @param outPrefix --out-prefix, or null with --out-dir
 * @param outDir --out-dir, or null with --out-prefix
 * @param clusterId --particle-cluster-id, or null for auto
 * @param lowerZ --lower-z (inclusive), or null for the first section
 * @param upperZ --upper-z (inclusive), or null for the last section
 * @param minDistance --min-distance, or null for auto
 * @param minVoxels --min-voxels: N, {@link #AUTO} or {@link #OFF}
 * @param maxVoxels --max-voxels: N, {@link #AUTO} or {@link #OFF}
 * @param tomogram --tomogram, or null
 * @param tomoName --tomo-name or the tomogram's name, or null for each segmentation's own
 * @param box --box, 0 for no subtomograms
 * @param stack --stack
 * @param threads worker threads
 * @param skimage019 --skimage 0.19 (else 0.25)
 * @param diameterA --particle-diameter-A, or null
 * @param instances write PREFIX_instances.mrc (off with --no-instances)
 */
record LocalizeOptions(List<Path> segmentations, List<Path> provenances, List<Method> methods, Path outPrefix,
                       Path outDir, Integer clusterId, Integer lowerZ, Integer upperZ, Integer minDistance,
                       long minVoxels, long maxVoxels, Path tomogram, String tomoName, int box, boolean stack,
                       int threads, boolean skimage019, Double diameterA, boolean instances) {
    static final String USAGE = LocalizeMain.TOOL + " --segmentation SEG.mrc [--segmentation SEG2.mrc ...]"
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

    /** --min-voxels/--max-voxels auto: estimated from the particle size. */
    static final long AUTO = -1;
    /** --min-voxels/--max-voxels off: no limit. */
    static final long OFF = 0;

    /** Every option of picket-localize. */
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
                .addOption(Cli.flag("no-instances", "do not write PREFIX_instances.mrc (the per-voxel instance labels:"
                        + " 2-4 bytes per voxel, the largest output)"))
                .addOption(Cli.opt("threads", "N", "worker threads (default: available processors)"))
                .addOption(Cli.flag("help", "show this help"))
                .addOption(Cli.flag("version", "print the version and exit"));
    }

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

    /** The validated options of a parsed command line. */
    static LocalizeOptions parse(CommandLine cl) {
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
        return new LocalizeOptions(segs, provs, methods, prefix, dir, id, lz, uz, md, minV, maxV, tomo, name, box,
                stack, threads, sk.equals("0.19"), diaA, !cl.hasOption("no-instances"));
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

    /** The file name without directory and without .mrc/.map/.rec/.mrcs (and a .gz after them). */
    static String stem(Path p) {
        String n = p.getFileName().toString();
        n = n.replaceFirst("(?i)\\.gz$", "");
        return n.replaceFirst("(?i)\\.(mrc|mrcs|map|rec)$", "");
    }
}
