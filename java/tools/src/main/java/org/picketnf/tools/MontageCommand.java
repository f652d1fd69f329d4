package org.picketnf.tools;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.mrc.MrcFile;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code picket-tools montage --tomogram T.mrc --out P.png FILE|DIR ...}: one QC picture per tomogram. Row 1: the
 * central XY, XZ and YZ slices of the tomogram (grey, 1st-99th percentile of those slices). Then one row per
 * segmentation ({@code <id>_<mode>_<clusterer>.mrc}): the same slices with the particle cluster's voxels tinted,
 * and the particles of its two particle sets ({@code <id>_<mode>_<clusterer>_<method>.csv}) whose equivalent
 * sphere crosses the slice drawn as circles (the sphere's cut); titles give mode, clusterer, particle counts and
 * ranks (from {@code <id>_ranking.json}). Rows are in order of the segmentation's best rank when a ranking is given.
 * This class reads the options and the inputs into {@link Row}s; {@link MontageRenderer} draws and writes the PNG.
 */
final class MontageCommand {
    static final String USAGE = "picket-tools montage --tomogram TOMO.mrc --out MONTAGE.png [--id ID] [--panel-px N]"
            + " [--thick N] [--middle] SEGMENTATION.mrc|PARTICLES.csv|RANKING.json|DIR ...";

    private MontageCommand() {
    }

    static Options options() {
        return new Options()
                .addOption(Cli.opt("tomogram", "TOMO.mrc", "the tomogram (grey background)"))
                .addOption(Cli.opt("out", "PNG", "output picture"))
                .addOption(Cli.opt("id", "ID", "tomogram id (default: from the ranking or the particle file names)"))
                .addOption(Cli.opt("panel-px", "N", "longest side of a slice panel in pixels (default 240)"))
                .addOption(Cli.flag("middle", "slice through the middle of the volume (default: through the median"
                        + " particle position of the top-ranked particle set, so the slices show particles)"))
                .addOption(Cli.opt("thick", "N", "the grey background of each panel is the mean of N slices around"
                        + " the centre, to tame the noise (default 5; 1 = the central slice alone)"))
                .addOption(Cli.flag("help", "show this help"));
    }

    /** One segmentation row: its file, the particle cluster id, and its particle sets by method. */
    static final class Row {
        final String name;
        Path mrc;
        Double clusterId;
        String clusterBy;
        final Map<String, List<double[]>> particles = new TreeMap<>();
        final Map<String, Integer> rank = new HashMap<>();

        Row(String name) {
            this.name = name;
        }

        int bestRank() {
            return rank.values().stream().min(Integer::compare).orElse(Integer.MAX_VALUE);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, USAGE, "Draws a QC montage: the tomogram's central XY/XZ/YZ slices, then per segmentation"
                    + " <id>_<mode>_<clusterer>.mrc the same slices with the particle cluster tinted magenta and its"
                    + " particles as circles (yellow: watershed, cyan: connected components; each particle's"
                    + " equivalent sphere cut by the slice). Particle sets <id>_<mode>_<clusterer>_<method>.csv (with"
                    + " their .json provenance for the particle cluster id) and <id>_ranking.json are optional. A"
                    + " directory stands for the files in it. Same inputs, same PNG bytes.", o);
            return Cli.OK;
        }
        Path tomoPath = Path.of(Cli.required(cl, "tomogram"));
        Path outPath = Path.of(Cli.required(cl, "out"));
        int panelPx = Cli.intOpt(cl, "panel-px", 240);
        if (panelPx < 32 || panelPx > 4096) {
            throw new BadInputException("--panel-px: must be in 32..4096, got " + panelPx);
        }
        int thick = Cli.intOpt(cl, "thick", 5);
        if (thick < 1 || thick > 99) {
            throw new BadInputException("--thick: must be in 1..99, got " + thick);
        }
        List<Path> files = new ArrayList<>();
        for (String a : cl.getArgList()) {
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                    List<Path> in = new ArrayList<>();
                    ds.forEach(in::add);
                    in.sort(Comparator.comparing(f -> f.getFileName().toString()));
                    files.addAll(in);
                }
            } else if (!Files.isRegularFile(p)) {
                throw new BadInputException(p + ": no such file");
            } else {
                files.add(p);
            }
        }
        AtomicFiles.checkWritable(outPath);
        // the id: --id, else the one id of the rankings and particle sets among the inputs
        String id = cl.getOptionValue("id");
        if (id == null) {
            java.util.TreeSet<String> ids = new java.util.TreeSet<>();
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (n.endsWith("_ranking.json")) {
                    ids.add(n.substring(0, n.length() - "_ranking.json".length()));
                } else if (Workflow.METHODS.stream().anyMatch(m -> n.endsWith("_" + m + ".csv"))) {
                    ids.add(Workflow.parse(f).id());
                }
            }
            if (ids.size() > 1) {
                throw new BadInputException("the inputs hold several tomograms (" + String.join(", ", ids)
                        + "): give --id");
            }
        }
        JsonNode ranking = null;
        for (Path f : files) {
            if (f.getFileName().toString().endsWith("_ranking.json")) {
                JsonNode r = RankCommand.readJson(f);
                String rid = r.path("id").asText("");
                if (id == null) {
                    id = rid;
                }
                if (rid.equals(id)) {
                    ranking = r;
                }
            }
        }
        List<Workflow> wfs = new ArrayList<>();
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (Workflow.METHODS.stream().anyMatch(m -> n.endsWith("_" + m + ".csv"))) {
                Workflow w = Workflow.parse(f);
                if (id == null) {
                    id = w.id();
                }
                if (w.id().equals(id)) {
                    wfs.add(w);
                }
            }
        }
        Map<String, Row> rows = new TreeMap<>();
        Path tomoAbs = tomoPath.toAbsolutePath().normalize();
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (!n.endsWith(".mrc") || n.endsWith("_instances.mrc") || f.toAbsolutePath().normalize().equals(tomoAbs)) {
                continue;
            }
            String stem = n.substring(0, n.length() - 4);
            String segName;
            if (id != null) {
                if (!stem.startsWith(id + "_")) {
                    continue;
                }
                segName = stem.substring(id.length() + 1);
            } else {
                int c = stem.lastIndexOf('_');
                int m = c > 0 ? stem.lastIndexOf('_', c - 1) : -1;
                if (m <= 0) {
                    continue;
                }
                id = stem.substring(0, m);
                segName = stem.substring(m + 1);
            }
            if (segName.chars().filter(ch -> ch == '_').count() != 1) {
                continue;
            }
            rows.computeIfAbsent(segName, Row::new).mrc = f;
        }
        if (rows.isEmpty()) {
            throw new BadInputException("no segmentation <id>_<mode>_<clusterer>.mrc among the inputs"
                    + (id == null ? "" : " for id " + id));
        }
        for (Workflow w : wfs) {
            Row r = rows.get(w.segmentation());
            if (r == null) {
                continue; // a particle set whose segmentation was not given: nothing to draw it on
            }
            r.particles.put(w.methodShort(), ParticleCsv.read(w.csv()));
            if (w.provenance() != null && r.clusterId == null) {
                Map<String, Object> c = RankCommand.cluster(RankCommand.readJson(w.provenance()));
                if (c != null && c.get("id") instanceof JsonNode j && j.isNumber()) {
                    r.clusterId = j.asDouble();
                    r.clusterBy = c.get("chosen_by") instanceof JsonNode b && !b.isNull() ? b.asText() : null;
                }
            }
        }
        if (ranking != null) {
            for (JsonNode w : ranking.path("workflows")) {
                String wf = w.path("workflow").asText();
                for (Row r : rows.values()) {
                    for (String m : Workflow.METHODS) {
                        if (wf.equals(r.name + "_" + m)) {
                            r.rank.put(m.equals("watershed_segmentation") ? "WS" : "CC", w.path("rank").asInt());
                        }
                    }
                }
            }
        }
        List<Row> order = new ArrayList<>(rows.values());
        order.sort(Comparator.comparingInt(Row::bestRank).thenComparing(r -> r.name));
        List<double[]> consensus = consensus(files, id);
        BufferedImage img = MontageRenderer.render(id, MrcFile.open(tomoPath).readVolume(), order, panelPx, thick,
                !cl.hasOption("middle"), consensus);
        MontageRenderer.writePng(img, outPath);
        err.println("picket-tools montage: " + id + ": " + order.size() + " segmentations, " + img.getWidth() + "x"
                + img.getHeight() + " px -> " + outPath);
        return Cli.OK;
    }

    /**
     * The consensus set {@code <id>_consensus.csv} among the inputs (null when absent), each particle drawn as a ball
     * of the match radius of {@code <id>_consensus.json} (half the particle diameter) when that is given too.
     */
    static List<double[]> consensus(List<Path> files, String id) {
        Path csv = null;
        Path json = null;
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (n.equals(id + "_consensus.csv")) {
                csv = f;
            } else if (n.equals(id + "_consensus.json")) {
                json = f;
            }
        }
        if (csv == null) {
            return null;
        }
        List<double[]> ps = ParticleCsv.read(csv);
        double r = json == null ? Double.NaN : RankCommand.readJson(json).at("/rule/match_radius_vox").asDouble(Double.NaN);
        if (r > 0) {
            for (double[] p : ps) {
                p[3] = 4 * Math.PI * r * r * r / 3;
            }
        }
        return ps;
    }
}
