package org.picketnf.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Particle-picking scores of predictions against ground truth, both as voxel coordinates.
 *
 * <p>Candidate pairs are those within the threshold (Euclidean distance &lt;= threshold, as PickET's
 * {@code cdist(...) <= threshold}); they are found with a uniform grid of cell max(threshold, 1) over the truth
 * points, so the cost is O((n_pred + n_true) + candidate pairs) instead of n_pred x n_true.
 *
 * <p>Lenient (PickET, spec 5.1): precision = fraction of predictions with any truth point within the threshold,
 * recall = fraction of truth points with any prediction within it; several predictions may claim one truth point.
 *
 * <p>One-to-one: a maximum-cardinality matching between predictions and truth points over the candidate pairs, of
 * minimum total distance among the maximum ones. Solved as a min-cost flow (source -&gt; prediction -&gt; truth
 * -&gt; sink, unit capacities, cost = distance) by successive shortest paths (Dijkstra with Johnson potentials),
 * separately on each connected component of the candidate graph. Per component with V points and E pairs the cost
 * is O(min(n_pred, n_true) * E log V) in the worst case, and components are small when the threshold is smaller
 * than the particle spacing. The number of matched pairs (TP) depends only on the candidate graph, not on the
 * distances; the distances decide which pairs.
 */
final class Matching {
    private Matching() {
    }

    /** Lenient counts: predictions near any truth point, truth points near any prediction. */
    record Lenient(int predHits, int truthHits) {
    }

    /** One-to-one result: matched pairs (prediction index, truth index) and their total distance. */
    record OneToOne(int[][] pairs, double totalDistance) {
        int tp() {
            return pairs.length;
        }
    }

    /** Candidate pairs: for prediction i, the truth indices within the threshold and their distances. */
    record Candidates(int[][] truthOf, double[][] distOf) {
        /**
         * The candidates of the predictions with {@code score[i] >= min}, in prediction order: the same as
         * {@link Matching#candidates} of those predictions alone (a prediction's pairs do not depend on the others).
         */
        Candidates atLeast(double[] score, double min) {
            int n = 0;
            for (int i = 0; i < truthOf.length; i++) {
                n += score[i] >= min ? 1 : 0;
            }
            int[][] t = new int[n][];
            double[][] d = new double[n][];
            int k = 0;
            for (int i = 0; i < truthOf.length; i++) {
                if (score[i] >= min) {
                    t[k] = truthOf[i];
                    d[k++] = distOf[i];
                }
            }
            return new Candidates(t, d);
        }
    }

    static Candidates candidates(List<double[]> pred, List<double[]> truth, double threshold) {
        double cell = Math.max(threshold, 1.0);
        Map<Long, List<Integer>> grid = new HashMap<>();
        for (int j = 0; j < truth.size(); j++) {
            grid.computeIfAbsent(key(truth.get(j), cell, 0, 0, 0), k -> new ArrayList<>()).add(j);
        }
        int[][] truthOf = new int[pred.size()][];
        double[][] distOf = new double[pred.size()][];
        List<Integer> js = new ArrayList<>();
        List<Double> ds = new ArrayList<>();
        for (int i = 0; i < pred.size(); i++) {
            double[] p = pred.get(i);
            js.clear();
            ds.clear();
            for (int dz = -1; dz <= 1; dz++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        List<Integer> l = grid.get(key(p, cell, dx, dy, dz));
                        if (l == null) {
                            continue;
                        }
                        for (int j : l) {
                            double[] t = truth.get(j);
                            double ex = p[0] - t[0];
                            double ey = p[1] - t[1];
                            double ez = p[2] - t[2];
                            double d = Math.sqrt(ex * ex + ey * ey + ez * ez);
                            if (d <= threshold) {
                                js.add(j);
                                ds.add(d);
                            }
                        }
                    }
                }
            }
            // deterministic order: by truth index
            Integer[] ord = new Integer[js.size()];
            for (int k = 0; k < ord.length; k++) {
                ord[k] = k;
            }
            Arrays.sort(ord, (a, b) -> Integer.compare(js.get(a), js.get(b)));
            truthOf[i] = new int[ord.length];
            distOf[i] = new double[ord.length];
            for (int k = 0; k < ord.length; k++) {
                truthOf[i][k] = js.get(ord[k]);
                distOf[i][k] = ds.get(ord[k]);
            }
        }
        return new Candidates(truthOf, distOf);
    }

    private static long key(double[] p, double cell, int dx, int dy, int dz) {
        long cx = (long) Math.floor(p[0] / cell) + dx + (1L << 20);
        long cy = (long) Math.floor(p[1] / cell) + dy + (1L << 20);
        long cz = (long) Math.floor(p[2] / cell) + dz + (1L << 20);
        return (cz << 42) | (cy << 21) | cx;
    }

    static Lenient lenient(Candidates c, int nTruth) {
        boolean[] truthHit = new boolean[nTruth];
        int predHits = 0;
        for (int[] js : c.truthOf()) {
            if (js.length > 0) {
                predHits++;
            }
            for (int j : js) {
                truthHit[j] = true;
            }
        }
        int truthHits = 0;
        for (boolean b : truthHit) {
            truthHits += b ? 1 : 0;
        }
        return new Lenient(predHits, truthHits);
    }

    static OneToOne oneToOne(Candidates c, int nTruth) {
        int nPred = c.truthOf().length;
        // connected components of the candidate graph (predictions 0..nPred-1, truths nPred..)
        int[] parent = new int[nPred + nTruth];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < nPred; i++) {
            for (int j : c.truthOf()[i]) {
                union(parent, i, nPred + j);
            }
        }
        Map<Integer, List<Integer>> compPreds = new HashMap<>();
        for (int i = 0; i < nPred; i++) {
            if (c.truthOf()[i].length > 0) {
                compPreds.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
            }
        }
        List<int[]> pairs = new ArrayList<>();
        double total = 0;
        int[] truthLocal = new int[nTruth];
        Arrays.fill(truthLocal, -1);
        List<Integer> roots = new ArrayList<>(compPreds.keySet());
        roots.sort(null);
        for (int root : roots) {
            List<Integer> preds = compPreds.get(root);
            List<Integer> truths = new ArrayList<>();
            for (int i : preds) {
                for (int j : c.truthOf()[i]) {
                    if (truthLocal[j] < 0) {
                        truthLocal[j] = truths.size();
                        truths.add(j);
                    }
                }
            }
            total += solve(c, preds, truths, truthLocal, pairs);
            for (int j : truths) {
                truthLocal[j] = -1;
            }
        }
        pairs.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        return new OneToOne(pairs.toArray(new int[0][]), total);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /** Min-cost maximum matching of one component by successive shortest paths; adds pairs, returns cost. */
    private static double solve(Candidates c, List<Integer> preds, List<Integer> truths, int[] truthLocal,
                                List<int[]> pairs) {
        int np = preds.size();
        int nt = truths.size();
        int src = np + nt;
        int snk = src + 1;
        int nodes = snk + 1;
        Graph g = new Graph(nodes);
        for (int a = 0; a < np; a++) {
            g.add(src, a, 0);
        }
        for (int a = 0; a < np; a++) {
            int i = preds.get(a);
            int[] js = c.truthOf()[i];
            double[] ds = c.distOf()[i];
            for (int k = 0; k < js.length; k++) {
                g.add(a, np + truthLocal[js[k]], ds[k]);
            }
        }
        for (int b = 0; b < nt; b++) {
            g.add(np + b, snk, 0);
        }
        double[] pot = new double[nodes];
        double[] dist = new double[nodes];
        int[] prevEdge = new int[nodes];
        double cost = 0;
        int flow = 0;
        int maxFlow = Math.min(np, nt);
        while (flow < maxFlow) {
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            Arrays.fill(prevEdge, -1);
            dist[src] = 0;
            PriorityQueue<double[]> pq = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0])
                    : Double.compare(x[1], y[1]));
            pq.add(new double[] {0, src});
            while (!pq.isEmpty()) {
                double[] top = pq.poll();
                int u = (int) top[1];
                if (top[0] > dist[u]) {
                    continue;
                }
                for (int e = g.head[u]; e >= 0; e = g.next[e]) {
                    if (g.cap[e] <= 0) {
                        continue;
                    }
                    int v = g.to[e];
                    double rc = Math.max(0, g.cost[e] + pot[u] - pot[v]); // >= 0 up to rounding
                    double nd = dist[u] + rc;
                    if (nd < dist[v]) {
                        dist[v] = nd;
                        prevEdge[v] = e;
                        pq.add(new double[] {nd, v});
                    }
                }
            }
            if (dist[snk] == Double.POSITIVE_INFINITY) {
                break;
            }
            for (int v = 0; v < nodes; v++) {
                if (dist[v] < Double.POSITIVE_INFINITY) {
                    pot[v] += dist[v];
                }
            }
            for (int v = snk; v != src; v = g.to[prevEdge[v] ^ 1]) {
                int e = prevEdge[v];
                g.cap[e]--;
                g.cap[e ^ 1]++;
                cost += g.cost[e];
            }
            flow++;
        }
        for (int a = 0; a < np; a++) {
            for (int e = g.head[a]; e >= 0; e = g.next[e]) {
                int v = g.to[e];
                if (v >= np && v < np + nt && (e & 1) == 0 && g.cap[e] == 0) {
                    pairs.add(new int[] {preds.get(a), truths.get(v - np)});
                }
            }
        }
        return cost;
    }

    /** Residual graph with paired edges (e, e^1). */
    private static final class Graph {
        int[] head;
        int[] next = new int[16];
        int[] to = new int[16];
        int[] cap = new int[16];
        double[] cost = new double[16];
        int edges;

        Graph(int nodes) {
            head = new int[nodes];
            Arrays.fill(head, -1);
        }

        void add(int u, int v, double c) {
            put(u, v, 1, c);
            put(v, u, 0, -c);
        }

        private void put(int u, int v, int capacity, double c) {
            if (edges == to.length) {
                int n = edges * 2;
                next = Arrays.copyOf(next, n);
                to = Arrays.copyOf(to, n);
                cap = Arrays.copyOf(cap, n);
                cost = Arrays.copyOf(cost, n);
            }
            to[edges] = v;
            cap[edges] = capacity;
            cost[edges] = c;
            next[edges] = head[u];
            head[u] = edges++;
        }
    }
}
