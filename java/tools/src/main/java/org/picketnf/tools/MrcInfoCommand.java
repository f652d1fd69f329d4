package org.picketnf.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.Volume;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcHeader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@code picket-tools mrcinfo FILE [--stats]}: the header as JSON on stdout. */
final class MrcInfoCommand {
    private MrcInfoCommand() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Options o = new Options()
                .addOption(Cli.flag("stats", "also read the data and report its min/max/mean/rms"))
                .addOption(Cli.flag("help", "show this help"));
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, "picket-tools mrcinfo FILE [--stats]", "Print an MRC file's header as JSON.", o);
            return Cli.OK;
        }
        List<String> files = cl.getArgList();
        if (files.size() != 1) {
            throw new BadInputException("mrcinfo takes exactly one FILE, got " + files.size());
        }
        MrcFile f = MrcFile.open(Path.of(files.get(0)));
        Map<String, Object> info = describe(f);
        if (cl.hasOption("stats")) {
            info.put("data_stats", stats(f.readVolume()));
        }
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(m.writeValueAsString(info));
        return Cli.OK;
    }

    static Map<String, Object> describe(MrcFile f) {
        MrcHeader h = f.header();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", f.path().toString());
        m.put("nx", f.nx());
        m.put("ny", f.ny());
        m.put("nz", f.nz());
        m.put("mode", h.modeCode());
        m.put("mode_name", h.mode().label() + (h.bytesUnsigned() ? " (unsigned, IMOD flags)" : ""));
        m.put("voxel_size_A", List.of(f.geometry().voxelX(), f.geometry().voxelY(), f.geometry().voxelZ()));
        m.put("origin_A", List.of(f.geometry().originX(), f.geometry().originY(), f.geometry().originZ()));
        m.put("min", h.dmin());
        m.put("max", h.dmax());
        m.put("mean", h.dmean());
        m.put("rms", h.rms());
        m.put("nstart", List.of(h.nxstart(), h.nystart(), h.nzstart()));
        m.put("sampling_mxyz", List.of(h.mx(), h.my(), h.mz()));
        m.put("mapcrs", List.of(h.mapc(), h.mapr(), h.maps()));
        m.put("ispg", h.ispg());
        m.put("nsymbt", h.nsymbt());
        m.put("exttyp", h.exttyp());
        m.put("nversion", h.nversion());
        m.put("byte_order", h.order().toString().equals("BIG_ENDIAN") ? "big-endian" : "little-endian");
        m.put("compression", f.isGzip() ? "gzip" : "none");
        m.put("labels", h.labels());
        m.put("warnings", f.warnings());
        return m;
    }

    static Map<String, Object> stats(Volume v) {
        float[] d = v.data();
        double sum = 0;
        double sq = 0;
        double mn = Double.POSITIVE_INFINITY;
        double mx = Double.NEGATIVE_INFINITY;
        long nonFinite = 0;
        for (float x : d) {
            if (!Float.isFinite(x)) {
                nonFinite++;
                continue;
            }
            sum += x;
            sq += (double) x * x;
            mn = Math.min(mn, x);
            mx = Math.max(mx, x);
        }
        long n = d.length - nonFinite;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", n > 0 ? mn : null);
        m.put("max", n > 0 ? mx : null);
        m.put("mean", n > 0 ? sum / n : null);
        m.put("rms", n > 0 ? Math.sqrt(Math.max(0, sq / n - (sum / n) * (sum / n))) : null);
        m.put("non_finite", nonFinite);
        return m;
    }
}
