package org.picketnf.localize;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Geometry;
import org.picketnf.core.Shape;
import org.picketnf.core.Volume;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.mrc.MrcMode;
import org.picketnf.core.mrc.MrcWriter;
import org.picketnf.core.s2.Particle;

/**
 * Boxes cut from the original tomogram around each particle.
 *
 * <p>Box convention, per axis: centre {@code c = rint(centroid)} (nearest voxel, ties to even, as numpy.round);
 * the box covers voxels {@code [c - N/2, c - N/2 + N)} with integer division, so the centre voxel sits at index
 * {@code N/2} of the box: symmetric for odd N (PickET's {@code [c - N//2, c + N//2 + 1)}), one voxel more on the low
 * side for even N (RELION's convention for even boxes). A particle whose box would leave the tomogram is skipped
 * (never padded).
 */
final class Subtomograms {
    private static final String PREFIX = "particle_";

    private Subtomograms() {
    }

    /** How many boxes were written and the labels of the particles skipped at the border. */
    record Outcome(int written, List<Integer> skippedLabels) {
    }

    /** The low corner of the box of {@code p}, or null when the box leaves {@code tomo}. */
    static int[] corner(Particle p, int box, Volume tomo) {
        int[] c = {(int) Math.rint(p.x()), (int) Math.rint(p.y()), (int) Math.rint(p.z())};
        int[] n = {tomo.nx(), tomo.ny(), tomo.nz()};
        int[] lo = new int[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = c[a] - box / 2;
            if (lo[a] < 0 || lo[a] + box > n[a]) {
                return null;
            }
        }
        return lo;
    }

    /** File name of particle {@code label} inside the subtomogram folder. */
    static String fileName(int label) {
        return String.format(Locale.ROOT, PREFIX + "%05d.mrc", label);
    }

    /**
     * Refuses a target folder that holds anything but our particle files, so that replacing it never deletes
     * a user's file. A missing target is fine.
     */
    static void checkReplaceableDir(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": cannot write the subtomogram folder, a file has that name");
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.matches(PREFIX + "\\d+\\.mrc")) {
                    throw new BadInputException(dir + ": exists and holds " + n + ", which picket-localize did not"
                            + " write; remove it or choose another output prefix");
                }
            }
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** One MRC per particle in folder {@code dir} (written beside it under a temporary name, then renamed). */
    static Outcome writeFolder(Volume tomo, List<Particle> ps, int box, Path dir) {
        Path abs = dir.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".part");
        deleteOurs(tmp);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw AtomicFiles.writeError(dir, e);
        }
        List<Integer> skipped = new ArrayList<>();
        int written = 0;
        float[] buf = new float[box * box * box];
        Geometry g = tomo.geometry();
        try {
            for (Particle p : ps) {
                int[] lo = corner(p, box, tomo);
                if (lo == null) {
                    skipped.add(p.label());
                    continue;
                }
                crop(tomo, lo, box, buf, 0);
                Geometry sg = new Geometry(g.voxelX(), g.voxelY(), g.voxelZ(), g.originX() + lo[0] * g.voxelX(),
                        g.originY() + lo[1] * g.voxelY(), g.originZ() + lo[2] * g.voxelZ());
                try (MrcWriter w = MrcWriter.create(tmp.resolve(fileName(p.label())), new Shape(box, box, box),
                        MrcMode.FLOAT32, sg)) {
                    w.writeSections(buf, 0, box);
                }
                written++;
            }
            deleteOurs(abs);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteOurs(tmp);
            throw AtomicFiles.writeError(dir, e);
        } catch (RuntimeException e) {
            deleteOurs(tmp);
            throw e;
        }
        return new Outcome(written, skipped);
    }

    /**
     * All boxes in one MRC image stack (ISPG 0): particle k of the stack is sections {@code [k*N, (k+1)*N)}, in
     * label order, border particles left out. MRC2014 has volume stacks (ISPG 401) but few readers honour them;
     * an image stack of N-section blocks is what RELION's and IMOD's readers open.
     */
    static Outcome writeStack(Volume tomo, List<Particle> ps, int box, Path file) {
        List<Integer> skipped = new ArrayList<>();
        List<int[]> corners = new ArrayList<>();
        for (Particle p : ps) {
            int[] lo = corner(p, box, tomo);
            if (lo == null) {
                skipped.add(p.label());
            } else {
                corners.add(lo);
            }
        }
        float[] buf = new float[box * box * box];
        try (MrcWriter w = MrcWriter.create(file, new Shape(box, box, box * corners.size()), MrcMode.FLOAT32,
                tomo.geometry(), ByteOrder.LITTLE_ENDIAN, true, List.of(MrcWriter.LABEL,
                        "picket-localize subtomogram stack: " + box + " sections per particle"))) {
            for (int[] lo : corners) {
                crop(tomo, lo, box, buf, 0);
                w.writeSections(buf, 0, box);
            }
        }
        return new Outcome(corners.size(), skipped);
    }

    /** Copies the box with low corner {@code lo} into {@code dst} (x fastest). */
    static void crop(Volume v, int[] lo, int box, float[] dst, int off) {
        float[] d = v.data();
        int o = off;
        for (int z = 0; z < box; z++) {
            for (int y = 0; y < box; y++) {
                System.arraycopy(d, v.index(lo[0], lo[1] + y, lo[2] + z), dst, o, box);
                o += box;
            }
        }
    }

    /** Deletes a folder holding only our particle files (and their .part files); anything else is left alone. */
    private static void deleteOurs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.matches("\\.?" + PREFIX + "\\d+\\.mrc(\\.part)?")) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot replace (" + e.getMessage() + ")", e);
        }
    }
}
