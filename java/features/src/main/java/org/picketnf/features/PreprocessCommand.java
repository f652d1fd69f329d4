package org.picketnf.features;

import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.picketnf.core.BadInputException;
import org.picketnf.core.Volume;
import org.picketnf.core.cli.Cli;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;
import org.picketnf.core.s1.Preprocess;

/** {@code picket-features preprocess}: blur + min-max, float32 MRC out with the tomogram's voxel size and origin. */
final class PreprocessCommand {
    private PreprocessCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o = new Options()
                .addOption(Cli.opt("in", "TOMO.mrc", "input tomogram (MRC, any real mode, plain or gzip)"))
                .addOption(Cli.opt("out", "PRE.mrc", "preprocessed tomogram (float32 MRC)"))
                .addOption(Cli.opt("sigma", "S", "Gaussian blur sigma in voxels (default 2, PickET's value)"))
                .addOption(Cli.opt("threads", "N", "worker threads (default: available processors)"))
                .addOption(Cli.flag("help", "show this help"));
        CommandLine cl = Cli.parse(o, args);
        if (cl.hasOption("help")) {
            Cli.help(out, "picket-features preprocess --in TOMO.mrc --out PRE.mrc", "", o);
            return Cli.OK;
        }
        Path in = Path.of(Cli.required(cl, "in"));
        Path outPath = Path.of(Cli.required(cl, "out"));
        double sigma = Cli.doubleOpt(cl, "sigma", 2.0);
        if (!(sigma > 0)) {
            throw new BadInputException("--sigma: must be > 0, got " + sigma);
        }
        int threads = Cli.threads(cl);
        AtomicFiles.checkWritable(outPath);
        long t0 = System.nanoTime();
        MrcFile f = MrcFile.open(in);
        for (String w : f.warnings()) {
            err.println("picket-features preprocess: warning: " + in + ": " + w);
        }
        Volume v = f.readVolume();
        long t1 = System.nanoTime();
        Volume pre;
        try {
            pre = Preprocess.blurAndNormalize(v, sigma, threads);
        } catch (BadInputException e) {
            throw new BadInputException(in + ": " + e.getMessage());
        }
        long t2 = System.nanoTime();
        MrcWriter.write(outPath, pre, MrcMode.FLOAT32);
        long t3 = System.nanoTime();
        err.println("picket-features preprocess: " + in + " " + v.nx() + "x" + v.ny() + "x" + v.nz()
                + " read " + Cli.seconds(t1 - t0) + " s, blur+normalise " + Cli.seconds(t2 - t1) + " s, write "
                + Cli.seconds(t3 - t2) + " s");
        return Cli.OK;
    }

}
