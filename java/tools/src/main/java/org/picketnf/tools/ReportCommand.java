package org.picketnf.tools;

import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;

/**
 * {@code picket-tools report --out report.html [--site DIR] FILE|DIR ...}: the report as a folder of pages ({@link
 * ReportSite}: {@code DIR/index.html}, the dataset overview, and {@code DIR/<id>.html} per tomogram with its montage,
 * ranking and plots; pictures as files next to them, no network) and a small summary page {@code report.html} that
 * links to it. {@code DIR} is {@code report/} beside {@code --out} unless given. Files are
 * recognised by name, as the pipeline stages them flat:
 * <ul>
 *   <li>{@code <id>_ranking.json} (picket-tools rank): ranks and score components;</li>
 *   <li>{@code <id>_montage.png} (picket-tools montage);</li>
 *   <li>{@code <id>_<mode>_<clusterer>_<method>.json} (picket-localize provenance): particle count, particle
 *       cluster and its evidence, particle size estimate, parameters, timings;</li>
 *   <li>{@code <id>_<mode>_<clusterer>_<method>.csv}: particle count when there is no provenance;</li>
 *   <li>{@code <id>_<mode>_<clusterer>_<method>.eval.json} (picket-tools evaluate): F1 against the truth;</li>
 *   <li>{@code <id>_<mode>_<clusterer>.json} (picket-segment provenance): segmentation timings.</li>
 * </ul>
 * Other files are ignored. With {@code --versions FILE.yml} (see {@link SoftwareVersions}) the page ends with the
 * run's software versions. The page has no date and no absolute paths: same inputs, same bytes. This class reads
 * the options; {@link ReportModel} sorts the files into tomograms and workflows; {@link ReportHtml} writes the page.
 */
final class ReportCommand {
    static final String USAGE = "picket-tools report --out report.html [--site DIR] [--title TEXT] [--versions VERSIONS.yml]"
            + " [--failures FAILURES.tsv] [--pixel-size-placeholder ID=A,...] FILE|DIR ...";

    private ReportCommand() {
    }

    static Options options() {
        return new Options()
                .addOption(Cli.opt("out", "HTML", "summary page (report.html)"))
                .addOption(Cli.opt("site", "DIR", "folder of the report's pages: index.html, <id>.html and their"
                        + " pictures (default: report/ beside --out)"))
                .addOption(Cli.opt("title", "TEXT", "page title (default 'picket-nf report')"))
                .addOption(Cli.opt("versions", "YML", "software versions of the run (process: then indented"
                        + " 'tool: version' lines, as nf-core's software_versions.yml), shown in a last section"))
                .addOption(Cli.opt("failures", "TSV", "tomograms the pipeline could not finish: one line each,"
                        + " id<TAB>step<TAB>message (bin/picket-guard's records), listed first on the page"))
                .addOption(Cli.opt("pixel-size-placeholder", "ID=A[,ID=A...]", "tomograms whose MRC header gives"
                        + " no real voxel size (A = its 0 or 1) and for which none was set: their exported Angstrom"
                        + " coordinates assume it, which the page notes"))
                .addOption(Cli.flag("help", "show this help"));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = options();
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, USAGE, "Writes the report (--site DIR: index.html, the dataset overview, and <id>.html per"
                    + " tomogram, pictures as files beside them, no network) and a summary page (--out) from"
                    + " the pipeline's per-tomogram files, found by name: <id>_ranking.json, <id>_montage.png,"
                    + " <id>_<mode>_<clusterer>_<method>.json/.csv/.eval.json, <id>_<mode>_<clusterer>.json. A"
                    + " directory stands for the files in it (not its subdirectories).", o);
            return Cli.OK;
        }
        Path outPath = Path.of(Cli.required(cl, "out"));
        Path parent = outPath.toAbsolutePath().normalize().getParent();
        Path site = cl.hasOption("site") ? Path.of(cl.getOptionValue("site")).toAbsolutePath().normalize()
                : parent.resolve("report");
        String versionsFile = cl.getOptionValue("versions");
        SoftwareVersions versions = versionsFile == null ? null
                : SoftwareVersions.read(Path.of(versionsFile), "--versions " + versionsFile);
        String failuresFile = cl.getOptionValue("failures");
        List<String[]> failures = failuresFile == null ? List.of() : readFailures(Path.of(failuresFile));
        Map<String, String> placeholders = placeholders(cl.getOptionValue("pixel-size-placeholder"));
        List<Path> files = new ArrayList<>();
        for (String a : cl.getArgList()) {
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                    for (Path f : ds) {
                        if (Files.isRegularFile(f)) {
                            files.add(f);
                        }
                    }
                }
            } else if (!Files.isRegularFile(p)) {
                throw new BadInputException(p + ": no such file");
            } else {
                files.add(p);
            }
        }
        files.sort(Comparator.comparing((Path f) -> f.getFileName().toString()).thenComparing(Path::toString));
        AtomicFiles.checkWritable(outPath);
        Map<String, ReportModel.Tomo> tomos = ReportModel.collect(files);
        if (tomos.isEmpty() && failures.isEmpty()) {
            throw new BadInputException("nothing to report: no <id>_ranking.json and no"
                    + " <id>_<mode>_<clusterer>_<method>.json/.csv among the inputs");
        }
        String title = cl.getOptionValue("title", "picket-nf report");
        String back = site.relativize(outPath.toAbsolutePath().normalize()).toString().replace('\\', '/');
        long indexBytes = ReportSite.write(site, title, tomos, failures, placeholders, back);
        List<ReportSite.Row> rows = ReportSite.rows(tomos, failures, placeholders, Map.of());
        String link = parent.relativize(site.resolve("index.html")).toString().replace('\\', '/');
        String html = ReportHtml.html(title, rows, versions, failures, placeholders, link, tomos.keySet());
        AtomicFiles.writeString(outPath, html);
        err.println("picket-tools report: " + tomos.size() + " tomograms -> " + site.resolve("index.html") + " ("
                + indexBytes + " bytes) and " + tomos.size() + " pages; summary " + outPath);
        return Cli.OK;
    }

    /**
     * --pixel-size-placeholder: tomogram id -> the header's voxel size as given ("1", "0.0"), in id order; empty for
     * none. Entries are {@code ID=A} separated by commas (ids never hold either: assets/schema_input.json).
     */
    static Map<String, String> placeholders(String value) {
        Map<String, String> m = new TreeMap<>();
        if (value == null) {
            return m;
        }
        for (String e : value.split(",")) {
            String s = e.strip();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            String a = eq < 0 ? "" : s.substring(eq + 1).strip();
            if (eq <= 0 || a.isEmpty()) {
                throw new BadInputException("--pixel-size-placeholder: '" + s + "' is not ID=A");
            }
            try {
                Double.parseDouble(a);
            } catch (NumberFormatException ex) {
                throw new BadInputException("--pixel-size-placeholder: '" + s + "': '" + a + "' is not a number");
            }
            m.put(s.substring(0, eq).strip(), a);
        }
        return m;
    }

    /** The failure records: id, step, message per line (tab-separated; blank lines skipped), in file order. */
    static List<String[]> readFailures(Path file) throws java.io.IOException {
        List<String[]> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException("--failures " + file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BadInputException("--failures " + file + ": not UTF-8 text");
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", 3);
            if (f.length != 3) {
                throw new BadInputException("--failures " + file + ": line " + n + ": expected id<TAB>step<TAB>message");
            }
            out.add(f);
        }
        return out;
    }
}
