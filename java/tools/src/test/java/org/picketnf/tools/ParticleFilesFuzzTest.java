package org.picketnf.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.picketnf.core.BadInputException;
import org.picketnf.core.fuzz.FuzzContract;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets of the particle file readers that evaluate, rank, consensus, export, montage and report use:
 * {@link PointSets} (CSV, STAR, PickET YAML, ndjson, and a file without a known extension, sniffed by content),
 * {@link ScoreColumn} and {@link ParticleCsv}. Each reader either returns finite points (and, where both read, one
 * score per point) or refuses with a one-line {@link BadInputException} naming the file. In this package because
 * the readers are package-private. Seeds are in
 * {@code src/test/resources/org/picketnf/tools/ParticleFilesFuzzTestInputs/<method>/}.
 */
class ParticleFilesFuzzTest {

    @FuzzTest
    void csv(byte[] data) {
        Path f = FuzzContract.write("fuzz.csv", data);
        List<double[]> pts = points(f);
        List<double[]> rows = attempt(f, () -> ParticleCsv.read(f));
        if (rows != null) {
            FuzzContract.require(pts != null && rows.size() == pts.size(), "ParticleCsv has PointSets' rows");
            for (int i = 0; i < rows.size(); i++) {
                double[] r = rows.get(i);
                double[] p = pts.get(i);
                FuzzContract.require(r.length == 4 && r[0] == p[0] && r[1] == p[1] && r[2] == p[2],
                        "ParticleCsv row " + i + " is x, y, z, voxels");
                FuzzContract.require(Double.isNaN(r[3]) || r[3] >= 0 && Double.isFinite(r[3]), "voxels >= 0 or NaN");
            }
        }
        double[] col = attempt(f, () -> ParticleCsv.column(f, "score"));
        if (col != null) {
            for (double v : col) {
                FuzzContract.require(Double.isFinite(v), "column values are finite");
            }
        }
    }

    @FuzzTest
    void star(byte[] data) {
        points(FuzzContract.write("fuzz.star", data));
    }

    @FuzzTest
    void yaml(byte[] data) {
        points(FuzzContract.write("fuzz.yaml", data));
    }

    @FuzzTest
    void ndjson(byte[] data) {
        points(FuzzContract.write("fuzz.ndjson", data));
    }

    /** No known extension: the format is sniffed from the content. */
    @FuzzTest
    void sniffed(byte[] data) {
        points(FuzzContract.write("fuzz.txt", data));
    }

    /** PointSets.read, and ScoreColumn.read with the format's default column; returns the points or null. */
    private static List<double[]> points(Path f) {
        List<double[]> pts = attempt(f, () -> PointSets.read(f));
        if (pts != null) {
            for (double[] p : pts) {
                FuzzContract.require(p.length == 3 && Double.isFinite(p[0]) && Double.isFinite(p[1])
                        && Double.isFinite(p[2]), "points are 3 finite coordinates");
            }
        }
        double[] scores = attempt(f, () -> ScoreColumn.read(f, null));
        if (scores != null && pts != null) {
            FuzzContract.require(scores.length == pts.size(), "one score per point (" + scores.length + " scores, "
                    + pts.size() + " points)");
            for (double s : scores) {
                FuzzContract.require(Double.isFinite(s), "scores are finite");
            }
        }
        return pts;
    }

    private static <T> T attempt(Path f, Supplier<T> read) {
        try {
            return read.get();
        } catch (BadInputException e) {
            FuzzContract.checkRefusal(e, f);
            return null;
        }
    }
}
