package org.picketnf.localize;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.picketnf.core.Geometry;
import org.picketnf.core.LabelVolume;
import org.picketnf.core.mrc.MrcWriter;

/** Hand-built segmentations and an in-process runner for the tests. */
final class Seg {
    private Seg() {
    }

    record Result(int code, String out, String err) {
    }

    /**
     * PickET's S2 settings, which were this tool's defaults before the automatic ones: particle cluster 1,
     * min_distance 15, no size filter.
     */
    static final String[][] PICKET = {{"--particle-cluster-id", "1"}, {"--min-distance", "15"},
        {"--min-voxels", "off"}, {"--max-voxels", "off"}};

    /** Runs the tool with PickET's settings for every one of {@link #PICKET} that {@code args} does not give. */
    static Result run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        for (String[] kv : PICKET) {
            if (!a.contains(kv[0])) {
                a.add(kv[0]);
                a.add(kv[1]);
            }
        }
        return runAsIs(a.toArray(String[]::new));
    }

    /** Runs the tool with exactly {@code args} (the automatic defaults). */
    static Result runAsIs(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalizeMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static LabelVolume empty(int nx, int ny, int nz) {
        return LabelVolume.zeros(nx, ny, nz, new Geometry(10, 10, 10, 0, 0, 0));
    }

    /** Sets the voxels within {@code r} of (cx, cy, cz) to {@code v}. */
    static void sphere(LabelVolume l, int cx, int cy, int cz, double r, int v) {
        for (int z = 0; z < l.nz(); z++) {
            for (int y = 0; y < l.ny(); y++) {
                for (int x = 0; x < l.nx(); x++) {
                    double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);
                    if (d2 <= r * r) {
                        l.set(x, y, z, v);
                    }
                }
            }
        }
    }

    /** Sets the block [x0,x1] x [y0,y1] x [z0,z1] (inclusive) to {@code v}. */
    static void block(LabelVolume l, int x0, int x1, int y0, int y1, int z0, int z1, int v) {
        for (int z = z0; z <= z1; z++) {
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    l.set(x, y, z, v);
                }
            }
        }
    }

    static Path write(Path dir, String name, LabelVolume l) {
        Path p = dir.resolve(name);
        MrcWriter.write(p, l);
        return p;
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
