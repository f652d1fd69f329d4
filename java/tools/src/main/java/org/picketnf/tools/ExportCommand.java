package org.picketnf.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.export.CopickExport;
import org.picketnf.core.export.DynamoExport;
import org.picketnf.core.export.ExportFormat;
import org.picketnf.core.export.ExportGeometry;
import org.picketnf.core.export.ImodExport;
import org.picketnf.core.export.StarExports;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Numbers;
import org.picketnf.core.s2.Particle;

/**
 * {@code picket-tools export}: writes particle sets of one tomogram (each: voxels of the picked tomogram, any format {@link PointSets}
 * reads, with the scores of {@link ScoreColumn} when present) for the tools that come after picking: RELION 5,
 * Warp/M and RELION 3-4, copick, Dynamo and IMOD ({@link org.picketnf.core.export}). Every output is written to a
 * temporary file first and renamed only when all of them (of every set) are written, so bad input or a failed write
 * leaves none. Several sets in one call save a JVM start per set (the pipeline's EXPORT does a tomogram's 13 at once).
 */
final class ExportCommand {
    static final String USAGE = "picket-tools export --particles FILE --tomogram-size NX,NY,NZ --pixel-size A"
            + " --name NAME --out-prefix PREFIX [--binning B] [--formats relion5,warp,copick,dynamo,imod|all]";

    private ExportCommand() {
    }

    static Options options() {
        return new Options()
                .addOption(Cli.opt("particles", "FILE", "particle coordinates in voxels of the picked tomogram: .csv"
                        + " with x,y,z columns, .star (rlnCoordinateX/Y/Z), .yaml (PickET), .ndjson; may be repeated"
                        + " (several sets of one tomogram in one call, each with its --out-prefix, in the same order;"
                        + " all are checked before any file is written)"))
                .addOption(Cli.opt("tomogram-size", "NX,NY,NZ", "size of the picked tomogram, voxels"))
                .addOption(Cli.opt("pixel-size", "A", "voxel size of the picked tomogram, Angstrom"))
                .addOption(Cli.flag("pixel-size-placeholder", "the pixel size is a placeholder (the MRC header gave 0"
                        + " or 1 A and no size was set): the RELION 5 files and the IMOD model say so"))
                .addOption(Cli.opt("binning", "B", "binning of the picked tomogram relative to the pixel size the"
                        + " coordinates are written for (default 1): picked at bin 4, written for bin 1 -> 4"))
                .addOption(Cli.opt("formats", "LIST", "comma-separated relion5, warp, copick, dynamo, imod, or all"
                        + " (default all)"))
                .addOption(Cli.opt("name", "NAME", "tomogram name (rlnTomoName, copick run, ...): letters, digits,"
                        + " '.', '_', '-'"))
                .addOption(Cli.opt("out-prefix", "PREFIX", "one per --particles: output files are PREFIX_relion5.star,"
                        + " PREFIX_relion5_tomograms.star, PREFIX_warp.star, PREFIX_dynamo.tbl, PREFIX_imod.mod and"
                        + " PREFIX_copick/ExperimentRuns/NAME/Picks/USER_SESSION_OBJECT.json"))
                .addOption(Cli.opt("score-column", "COLUMN", "score column of --particles (default: score in a CSV,"
                        + " else confidence (picket-tools consensus); score in ndjson; _rlnAutopickFigureOfMerit in a"
                        + " STAR; used when present)"))
                .addOption(Cli.opt("copick-object", "NAME", "copick pickable object name (default particle)"))
                .addOption(Cli.opt("copick-user", "ID", "copick user id (default picket)"))
                .addOption(Cli.opt("copick-session", "ID", "copick session id (default 0, copick's id for a tool)"))
                .addOption(Cli.opt("dynamo-tomo", "N", "Dynamo tomogram number, table column 20 (default 1)"))
                .addOption(Cli.flag("help", "show this help"));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, USAGE, "Writes particle coordinates for RELION 5 (centred Angstrom), Warp/M and RELION"
                    + " 3-4 (pixels at the output pixel size), copick (Angstrom JSON), Dynamo (.tbl, pixels counted"
                    + " from 1) and IMOD (.mod, pixel centres at i + 0.5 in X and Y). Output pixel size ="
                    + " --pixel-size / --binning. See docs/coordinates.md for each convention and its source.", o);
            return Cli.OK;
        }
        if (!cl.getArgList().isEmpty()) {
            throw new BadInputException("unexpected argument '" + cl.getArgList().get(0) + "'");
        }
        int[] size = Cli.triple("tomogram-size", Cli.required(cl, "tomogram-size"));
        Cli.required(cl, "pixel-size");
        double pixel = Cli.doubleOpt(cl, "pixel-size", 0);
        double binning = Cli.doubleOpt(cl, "binning", 1);
        if (!(pixel > 0)) {
            throw new BadInputException("--pixel-size: must be > 0, got " + cl.getOptionValue("pixel-size"));
        }
        if (!(binning > 0)) {
            throw new BadInputException("--binning: must be > 0, got " + cl.getOptionValue("binning"));
        }
        String name = Cli.required(cl, "name");
        ExportGeometry g;
        try {
            g = new ExportGeometry(name, size[0], size[1], size[2], pixel, binning,
                    !cl.hasOption("pixel-size-placeholder"));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--name: " + e.getMessage());
        }
        Set<ExportFormat> formats;
        try {
            formats = ExportFormat.parse(cl.getOptionValue("formats", "all"));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--formats: " + e.getMessage());
        }
        String object = id(cl, "copick-object", "particle");
        String user = id(cl, "copick-user", "picket");
        String session = id(cl, "copick-session", CopickExport.TOOL_SESSION);
        int tomo = Cli.intOpt(cl, "dynamo-tomo", 1);
        if (tomo < 1) {
            throw new BadInputException("--dynamo-tomo: must be >= 1, got " + tomo);
        }
        String[] files = values(cl, "particles");
        String[] prefixes = values(cl, "out-prefix");
        if (files.length != prefixes.length) {
            throw new BadInputException("--particles is given " + files.length + " time(s) but --out-prefix "
                    + prefixes.length + ": one --out-prefix per --particles, in the same order");
        }
        // every set is read and checked before anything is written; then all files are written as one set
        Map<Path, byte[]> outputs = new LinkedHashMap<>();
        List<Path> copickRoots = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < files.length; k++) {
            Path file = Path.of(files[k]);
            String prefix = prefixes[k];
            List<double[]> pts = PointSets.read(file);
            double[] scores = ScoreColumn.read(file, cl.getOptionValue("score-column"));
            if (scores != null && scores.length != pts.size()) {
                throw new BadInputException(file + ": " + scores.length + " scores for " + pts.size() + " particles");
            }
            List<Particle> ps = particles(file, pts, g);
            Map<Path, byte[]> set = new LinkedHashMap<>();
            if (formats.contains(ExportFormat.RELION5)) {
                set.put(Path.of(prefix + "_relion5.star"), utf8(StarExports.relion5Particles(ps, scores, g)));
                set.put(Path.of(prefix + "_relion5_tomograms.star"), utf8(StarExports.relion5Tomograms(g)));
            }
            if (formats.contains(ExportFormat.WARP)) {
                set.put(Path.of(prefix + "_warp.star"), utf8(StarExports.warp(ps, scores, g)));
            }
            if (formats.contains(ExportFormat.COPICK)) {
                set.put(Path.of(prefix + "_copick", CopickExport.relativePath(name, user, session, object)),
                        utf8(CopickExport.json(ps, scores, g, object, user, session)));
            }
            if (formats.contains(ExportFormat.DYNAMO)) {
                set.put(Path.of(prefix + "_dynamo.tbl"), utf8(DynamoExport.table(ps, scores, g, tomo)));
            }
            if (formats.contains(ExportFormat.IMOD)) {
                set.put(Path.of(prefix + "_imod.mod"), ImodExport.model(ps, g, object));
            }
            for (Map.Entry<Path, byte[]> e : set.entrySet()) {
                if (outputs.put(e.getKey(), e.getValue()) != null) {
                    throw new BadInputException("--out-prefix " + prefix + ": " + e.getKey()
                            + " would be written twice (two sets with the same --out-prefix)");
                }
            }
            copickRoots.add(Path.of(prefix + "_copick"));
            lines.add("picket-tools export: " + name + ": " + ps.size() + " particles"
                    + (scores == null ? "" : " with scores") + ", picked at " + Numbers.shortest(pixel)
                    + " A, binning " + Numbers.integral(binning) + " -> " + Numbers.shortest(g.outputPixelSize())
                    + " A pixels: " + String.join(", ", set.keySet().stream().map(Path::toString).toList()));
        }
        writeAll(outputs, copickRoots);

        lines.forEach(err::println);
        if (!g.pixelSizeTrusted()) {
            err.println("picket-tools export: note: the pixel size " + Numbers.shortest(pixel) + " A is a placeholder;"
                    + " the Angstrom coordinates (RELION 5, copick) are only right if it is");
        }
        return Cli.OK;
    }

    /** Every value of a repeatable required option, in the order given. */
    private static String[] values(CommandLine cl, String opt) {
        Cli.required(cl, opt);
        String[] v = cl.getOptionValues(opt);
        for (String s : v) {
            if (s == null || s.isBlank()) {
                throw new BadInputException("--" + opt + " is empty");
            }
        }
        return v;
    }

    private static String id(CommandLine cl, String opt, String def) {
        String v = cl.getOptionValue(opt, def);
        if (!v.matches("[A-Za-z0-9._-]+")) {
            throw new BadInputException("--" + opt + ": '" + v + "' must be letters, digits, '.', '_' or '-'");
        }
        return v;
    }

    /** The points as particles labelled 1..n; a point outside the tomogram is bad input (a wrong size, mostly). */
    static List<Particle> particles(Path file, List<double[]> pts, ExportGeometry g) {
        List<Particle> ps = new ArrayList<>(pts.size());
        for (int i = 0; i < pts.size(); i++) {
            double[] p = pts.get(i);
            for (int a = 0; a < 3; a++) {
                if (p[a] < -0.5 || p[a] > g.size(a) - 0.5) {
                    throw new BadInputException(file + ": particle " + (i + 1) + " at " + Numbers.fixed3(p[0]) + ","
                            + Numbers.fixed3(p[1]) + "," + Numbers.fixed3(p[2]) + " lies outside the tomogram of "
                            + g.nx() + "," + g.ny() + "," + g.nz() + " voxels (--tomogram-size)");
                }
            }
            ps.add(new Particle(i + 1, p[0], p[1], p[2], 0));
        }
        return ps;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes every output to its temporary file, then renames them all; any failure removes the temporary files and
     * the directories made here, so nothing is left half written.
     */
    static void writeAll(Map<Path, byte[]> outputs, List<Path> copickRoots) {
        List<Path> madeDirs = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        try {
            for (Path target : outputs.keySet()) {
                Path dir = target.toAbsolutePath().getParent();
                for (Path copickRoot : copickRoots) {
                    Path root = copickRoot.toAbsolutePath();
                    if (!Files.isDirectory(dir) && target.toAbsolutePath().startsWith(root)) {
                        if (!Files.isDirectory(root.getParent())) {
                            throw new BadInputException(copickRoot + ": cannot write, directory " + root.getParent()
                                    + " does not exist");
                        }
                        mkdirs(dir, madeDirs); // only below a copick root, whose parent exists
                    }
                }
                AtomicFiles.checkWritable(target);
            }
            for (Map.Entry<Path, byte[]> e : outputs.entrySet()) {
                Path tmp = AtomicFiles.tempFor(e.getKey());
                temps.add(tmp);
                try {
                    Files.write(tmp, e.getValue());
                } catch (IOException ex) {
                    throw AtomicFiles.writeError(e.getKey(), ex);
                }
            }
        } catch (RuntimeException ex) {
            temps.forEach(AtomicFiles::deleteQuietly);
            for (int i = madeDirs.size() - 1; i >= 0; i--) {
                AtomicFiles.deleteQuietly(madeDirs.get(i));
            }
            throw ex;
        }
        for (Map.Entry<Path, byte[]> e : outputs.entrySet()) {
            AtomicFiles.commit(AtomicFiles.tempFor(e.getKey()), e.getKey());
        }
    }

    private static void mkdirs(Path dir, List<Path> made) {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            missing.add(0, d);
        }
        for (Path d : missing) {
            try {
                Files.createDirectory(d);
                made.add(d);
            } catch (IOException e) {
                throw new BadInputException(d + ": cannot create directory (" + e.getMessage() + ")", e);
            }
        }
    }
}
