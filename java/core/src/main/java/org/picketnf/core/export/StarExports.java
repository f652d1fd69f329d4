package org.picketnf.core.export;

import java.util.List;

import org.picketnf.core.io.Numbers;
import org.picketnf.core.s2.Particle;

/**
 * The STAR exports: RELION 5 particles and tomograms, and the pixel-coordinate STAR of Warp/M and RELION 3-4.
 * Pure functions of their arguments (no times, no paths; {@link Numbers} formats with {@code Locale.ROOT}).
 *
 * <p><b>RELION 5</b> ({@code _relion5.star}): {@code rlnCenteredCoordinate{X,Y,Z}Angst} is the position in Angstrom
 * relative to the tomogram centre. RELION reads it back in {@code src/jaz/tomography/particle_set.cpp},
 * {@code ParticleSet::getParticleCoordDecenteredPixel} (3dem/relion ver5.0): {@code pixel = centred /
 * rlnTomoTiltSeriesPixelSize + centre}, with {@code centre = rlnTomoSize / 2.0} (floating-point division, set in
 * {@code TomogramSet::loadTomogram}, {@code src/jaz/tomography/tomogram_set.cpp}), pixels being 0-based and in the
 * tilt-series (output) frame, and {@code rlnTomoSize{X,Y,Z}} the tomogram size in those pixels. We write the inverse:
 * {@code centred = (v x B - round(n x B) / 2) x pixelSize / B}; for an integer binning that is
 * {@code (v - n / 2) x pixelSize}, e.g. voxel 10 of 100 at 13.48 A: (10 - 50) x 13.48 = -539.2 A. (Not
 * {@code n / 2 - 1}, which a python snippet in relion issue #1137 shows, nor {@code n // 2}.)
 *
 * <p><b>RELION 5 tomograms</b> ({@code _relion5_tomograms.star}): a {@code data_global} loop with the columns of
 * RELION 5's tomograms.star that fix the geometry: {@code rlnTomoName}, {@code rlnTomoTiltSeriesPixelSize} (output
 * pixel size), {@code rlnTomoTomogramBinning} (B), {@code rlnTomoSize{X,Y,Z}} (output pixels). A separate file as in
 * RELION 5, where particles and tomograms are two inputs ({@code relion_tomo_import_coordinates} reads the
 * coordinates' first block, {@code TomogramSet} reads {@code data_global} of tomograms.star); RELION's own
 * tomograms.star (from its reconstruct job) must agree with it.
 *
 * <p><b>Warp/M, RELION 3-4</b> ({@code _warp.star}): {@code rlnCoordinate{X,Y,Z}} in 0-based pixels at the output
 * pixel size (pass that size as {@code WarpTools ts_export_particles --coords_angpix}), {@code rlnMicrographName} =
 * {@code <name>.tomostar} (what Warp's template matching writes, {@code WarpLib/TiltSeries/TiltSeries.MatchFull.cs},
 * and what {@code ts_export_particles} matches tilt series by), {@code rlnTomoName} = name (RELION 4's key). Warp
 * reads the first {@code loop_} of the file and ends the labels at the first line not starting with {@code _}
 * ({@code WarpLib/Star.cs}), so nothing but rows follows the labels.
 */
public final class StarExports {
    /** Decimals of Angstrom coordinates (RELION writes 6). */
    static final int ANGSTROM_DECIMALS = 6;
    /** Decimals of scores. */
    static final int SCORE_DECIMALS = 6;

    private StarExports() {
    }

    /**
     * RELION 5 particles: {@code data_particles} with {@code rlnTomoName}, {@code rlnCenteredCoordinate{X,Y,Z}Angst}
     * and, when {@code scores} is not null (one per particle), {@code rlnAutopickFigureOfMerit}.
     */
    public static String relion5Particles(List<Particle> ps, double[] scores, ExportGeometry g) {
        checkScores(ps, scores);
        StringBuilder sb = new StringBuilder();
        pixelSizeNote(sb, g);
        sb.append("\n# version 50001\n\ndata_particles\n\nloop_\n");
        sb.append("_rlnTomoName #1\n_rlnCenteredCoordinateXAngst #2\n_rlnCenteredCoordinateYAngst #3\n"
                + "_rlnCenteredCoordinateZAngst #4\n");
        if (scores != null) {
            sb.append("_rlnAutopickFigureOfMerit #5\n");
        }
        for (int i = 0; i < ps.size(); i++) {
            Particle p = ps.get(i);
            sb.append(g.tomogramName());
            double[] v = {p.x(), p.y(), p.z()};
            for (int a = 0; a < 3; a++) {
                sb.append(' ').append(Numbers.fixed(centredAngstrom(v[a], a, g), ANGSTROM_DECIMALS));
            }
            if (scores != null) {
                sb.append(' ').append(Numbers.fixed(scores[i], SCORE_DECIMALS));
            }
            sb.append('\n');
        }
        return sb.append('\n').toString();
    }

    /** RELION 5 tomograms table ({@code data_global}) for one tomogram. */
    public static String relion5Tomograms(ExportGeometry g) {
        StringBuilder sb = new StringBuilder();
        pixelSizeNote(sb, g);
        sb.append("\n# version 50001\n\ndata_global\n\nloop_\n");
        sb.append("_rlnTomoName #1\n_rlnTomoTiltSeriesPixelSize #2\n_rlnTomoTomogramBinning #3\n"
                + "_rlnTomoSizeX #4\n_rlnTomoSizeY #5\n_rlnTomoSizeZ #6\n");
        sb.append(g.tomogramName()).append(' ').append(Numbers.fixed(g.outputPixelSize(), ANGSTROM_DECIMALS))
                .append(' ').append(Numbers.fixed(g.binning(), ANGSTROM_DECIMALS));
        for (int a = 0; a < 3; a++) {
            sb.append(' ').append(g.outputSize(a));
        }
        return sb.append("\n\n").toString();
    }

    /**
     * Warp/M and RELION 3-4: {@code data_particles} with {@code rlnCoordinate{X,Y,Z}} (output pixels, 0-based,
     * three decimals), {@code rlnMicrographName}, {@code rlnTomoName} and, with scores,
     * {@code rlnAutopickFigureOfMerit}.
     */
    public static String warp(List<Particle> ps, double[] scores, ExportGeometry g) {
        checkScores(ps, scores);
        StringBuilder sb = new StringBuilder("\n# version 30001\n\ndata_particles\n\nloop_\n");
        sb.append("_rlnCoordinateX #1\n_rlnCoordinateY #2\n_rlnCoordinateZ #3\n_rlnMicrographName #4\n"
                + "_rlnTomoName #5\n");
        if (scores != null) {
            sb.append("_rlnAutopickFigureOfMerit #6\n");
        }
        for (int i = 0; i < ps.size(); i++) {
            Particle p = ps.get(i);
            sb.append(Numbers.fixed3(g.toOutput(p.x()))).append(' ').append(Numbers.fixed3(g.toOutput(p.y())))
                    .append(' ').append(Numbers.fixed3(g.toOutput(p.z()))).append(' ').append(g.tomogramName())
                    .append(".tomostar ").append(g.tomogramName());
            if (scores != null) {
                sb.append(' ').append(Numbers.fixed(scores[i], SCORE_DECIMALS));
            }
            sb.append('\n');
        }
        return sb.append('\n').toString();
    }

    /** RELION 5's centred Angstrom coordinate of a picked voxel coordinate along axis {@code a}. */
    public static double centredAngstrom(double voxel, int a, ExportGeometry g) {
        return (g.toOutput(voxel) - g.outputSize(a) / 2.0) * g.outputPixelSize();
    }

    private static void pixelSizeNote(StringBuilder sb, ExportGeometry g) {
        if (!g.pixelSizeTrusted()) {
            sb.append("# picket-nf: the pixel size ").append(Numbers.shortest(g.pixelSize()))
                    .append(" A of the picked tomogram is a placeholder (the MRC header gave none and no --pixel-size"
                            + " was set); Angstrom values assume it\n");
        }
    }

    static void checkScores(List<Particle> ps, double[] scores) {
        if (scores != null && scores.length != ps.size()) {
            throw new IllegalArgumentException(scores.length + " scores for " + ps.size() + " particles");
        }
    }
}
