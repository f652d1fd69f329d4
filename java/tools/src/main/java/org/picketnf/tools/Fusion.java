package org.picketnf.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the particles of several sets that mark the same particle into groups.
 *
 * <p>The sets are taken one after another in the given order. The particles of a set are matched one-to-one to the
 * groups built so far that have no member of that set yet, closest pair first (distance to the group's mean position,
 * at most {@code radius}; ties by particle index, then group index); a particle left unmatched opens a new group.
 * The group means are updated after each set. With a radius below the particle spacing (half the particle diameter:
 * two particles are at least a diameter apart), each group holds at most one particle per set, so its support (sets
 * that found it) counts sets, not duplicates. The result depends only on the sets and their order, never on hashing
 * or timing: the same input gives the same groups.
 */
final class Fusion {
    private Fusion() {
    }

    /** One fused particle: mean position and, per set, the index of its member in that set or -1. */
    record Group(double x, double y, double z, int[] member) {
        int support() {
            int s = 0;
            for (int m : member) {
                if (m >= 0) {
                    s++;
                }
            }
            return s;
        }
    }

    /** Rows {x, y, z, ...} per set; groups in order of creation. */
    static List<Group> fuse(List<List<double[]>> sets, double radius) {
        int k = sets.size();
        List<double[]> sum = new ArrayList<>();   // per group: sum x, y, z, count
        List<int[]> members = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            List<double[]> pts = sets.get(s);
            boolean[] used = new boolean[pts.size()];
            if (!sum.isEmpty() && !pts.isEmpty()) {
                double[][] centre = new double[sum.size()][];
                for (int g = 0; g < centre.length; g++) {
                    double[] a = sum.get(g);
                    centre[g] = new double[] {a[0] / a[3], a[1] / a[3], a[2] / a[3]};
                }
                Map<Long, List<Integer>> grid = grid(centre, radius);
                List<double[]> pairs = new ArrayList<>();   // {distance, particle, group}
                for (int i = 0; i < pts.size(); i++) {
                    double[] p = pts.get(i);
                    for (int g : near(grid, p, radius)) {
                        if (members.get(g)[s] >= 0) {
                            continue;
                        }
                        double d = dist(p, centre[g]);
                        if (d <= radius) {
                            pairs.add(new double[] {d, i, g});
                        }
                    }
                }
                pairs.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
                        : a[1] != b[1] ? Double.compare(a[1], b[1]) : Double.compare(a[2], b[2]));
                boolean[] taken = new boolean[centre.length];
                for (double[] pr : pairs) {
                    int i = (int) pr[1];
                    int g = (int) pr[2];
                    if (used[i] || taken[g]) {
                        continue;
                    }
                    used[i] = true;
                    taken[g] = true;
                    double[] p = pts.get(i);
                    double[] a = sum.get(g);
                    a[0] += p[0];
                    a[1] += p[1];
                    a[2] += p[2];
                    a[3] += 1;
                    members.get(g)[s] = i;
                }
            }
            for (int i = 0; i < pts.size(); i++) {
                if (!used[i]) {
                    double[] p = pts.get(i);
                    sum.add(new double[] {p[0], p[1], p[2], 1});
                    int[] m = new int[k];
                    Arrays.fill(m, -1);
                    m[s] = i;
                    members.add(m);
                }
            }
        }
        List<Group> out = new ArrayList<>(sum.size());
        for (int g = 0; g < sum.size(); g++) {
            double[] a = sum.get(g);
            out.add(new Group(a[0] / a[3], a[1] / a[3], a[2] / a[3], members.get(g)));
        }
        return out;
    }

    /**
     * Which of the {@code candidate} groups stay when no two kept groups may be closer than {@code distance} (the
     * particle diameter: two particles' centres are at least a diameter apart, so two groups closer than that
     * cannot both be particles). Two candidates closer than {@code distance} conflict. While any candidate left has a
     * conflict, the one with the most conflicts is dropped; ties go to the lower support (fewer sets found it), then
     * the lower confidence, then the later group. A centroid that one set placed between two particles the other
     * sets found apart conflicts with both of them and is dropped first, the two particles stay; of a pair that
     * conflicts only with each other, the one fewer sets found goes. Groups that are not candidates never conflict
     * and are never kept. Deterministic: no hashing order or timing enters the result.
     *
     * @return per group, kept or not
     */
    static boolean[] exclude(List<Group> groups, boolean[] candidate, double[] confidence, double distance) {
        int n = groups.size();
        boolean[] keep = candidate.clone();
        List<Integer> cand = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            if (candidate[g]) {
                cand.add(g);
            }
        }
        double[][] pos = new double[cand.size()][];
        for (int c = 0; c < pos.length; c++) {
            Group x = groups.get(cand.get(c));
            pos[c] = new double[] {x.x(), x.y(), x.z()};
        }
        Map<Long, List<Integer>> grid = grid(pos, distance);
        List<List<Integer>> conflicts = new ArrayList<>();
        int[] degree = new int[pos.length];
        for (int c = 0; c < pos.length; c++) {
            List<Integer> l = new ArrayList<>();
            for (int o : near(grid, pos[c], distance)) {
                if (o != c && dist(pos[c], pos[o]) < distance) {
                    l.add(o);
                }
            }
            conflicts.add(l);
            degree[c] = l.size();
        }
        boolean[] alive = new boolean[pos.length];
        Arrays.fill(alive, true);
        while (true) {
            int drop = -1;
            for (int c = 0; c < pos.length; c++) {
                if (alive[c] && degree[c] > 0 && (drop < 0 || dropsBefore(c, drop, degree, groups, cand,
                        confidence))) {
                    drop = c;
                }
            }
            if (drop < 0) {
                break;
            }
            alive[drop] = false;
            keep[cand.get(drop)] = false;
            for (int o : conflicts.get(drop)) {
                if (alive[o]) {
                    degree[o]--;
                }
            }
        }
        return keep;
    }

    /** Whether candidate {@code c} is dropped before {@code d}: more conflicts, lower support, confidence, later. */
    private static boolean dropsBefore(int c, int d, int[] degree, List<Group> groups, List<Integer> cand,
            double[] confidence) {
        if (degree[c] != degree[d]) {
            return degree[c] > degree[d];
        }
        int gc = cand.get(c);
        int gd = cand.get(d);
        int sc = groups.get(gc).support();
        int sd = groups.get(gd).support();
        if (sc != sd) {
            return sc < sd;
        }
        if (confidence[gc] != confidence[gd]) {
            return confidence[gc] < confidence[gd];
        }
        return gc > gd;
    }

    static double dist(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static long cell(double v, double size) {
        return (long) Math.floor(v / size);
    }

    private static long key(long cx, long cy, long cz) {
        return (cx & 0x1FFFFF) << 42 | (cy & 0x1FFFFF) << 21 | (cz & 0x1FFFFF);
    }

    private static Map<Long, List<Integer>> grid(double[][] pts, double size) {
        Map<Long, List<Integer>> grid = new HashMap<>();
        double s = Math.max(size, 1.0);
        for (int i = 0; i < pts.length; i++) {
            grid.computeIfAbsent(key(cell(pts[i][0], s), cell(pts[i][1], s), cell(pts[i][2], s)),
                    q -> new ArrayList<>()).add(i);
        }
        return grid;
    }

    /** Indices in the 27 cells around {@code p} (a superset of those within {@code size}). */
    private static List<Integer> near(Map<Long, List<Integer>> grid, double[] p, double size) {
        double s = Math.max(size, 1.0);
        long cx = cell(p[0], s);
        long cy = cell(p[1], s);
        long cz = cell(p[2], s);
        List<Integer> out = new ArrayList<>();
        for (long dz = -1; dz <= 1; dz++) {
            for (long dy = -1; dy <= 1; dy++) {
                for (long dx = -1; dx <= 1; dx++) {
                    List<Integer> l = grid.get(key(cx + dx, cy + dy, cz + dz));
                    if (l != null) {
                        out.addAll(l);
                    }
                }
            }
        }
        return out;
    }
}
