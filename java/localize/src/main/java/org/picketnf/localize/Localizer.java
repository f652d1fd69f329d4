package org.picketnf.localize;

import java.util.ArrayList;
import java.util.List;

import org.picketnf.core.LabelVolume;
import org.picketnf.core.s2.Centroids;
import org.picketnf.core.s2.ConnectedComponents;
import org.picketnf.core.s2.DistanceTransform;
import org.picketnf.core.s2.Instances;
import org.picketnf.core.s2.Particle;
import org.picketnf.core.s2.PeakLocalMax;
import org.picketnf.core.s2.Progress;
import org.picketnf.core.s2.Watershed;

/**
 * Instance segmentation of a binary mask and the particles it yields. No I/O.
 *
 * <p>Size filter: instances outside [minVoxels, maxVoxels] are removed from the label volume (set to 0), and the
 * remaining ones are renumbered 1..n in their original order, so that label k of the instance volume is row k of
 * the coordinate files and {@code particle_0000k} of the subtomograms. Empty labels (a watershed marker can in
 * principle own nothing) are dropped the same way, as PickET drops their NaN centroids.
 */
final class Localizer {
    private Localizer() {
    }

    /** What one localisation produced. {@code labels} is renumbered in place to 1..particles.size(). */
    record Result(List<Particle> particles, int[] labels, int instances, int empty, int filteredSmall,
                  int filteredLarge, int peaks, double labelSeconds, double edtSeconds, double peaksSeconds,
                  double centroidSeconds) {
    }

    /**
     * How to localise: the method, the watershed's minimum peak distance and scikit-image rules, the size filter
     * [minVoxels, maxVoxels] (0 and {@link Long#MAX_VALUE} keep all) and the worker threads.
     */
    record Settings(Method method, int minDistance, long minVoxels, long maxVoxels, int threads,
                    boolean skimage019) {
    }

    /**
     * Splits {@code mask} (1 = particle) into instances and returns their particles. {@code edtIn}, when not null,
     * is the mask's distance transform already computed (watershed only; it is not modified); {@code progress}
     * counts the watershed's labelled voxels. Without {@code keepLabels} the watershed makes no label volume (4 bytes
     * per voxel less; the mask is used and restored) and {@code labels} of the result is null.
     */
    static Result run(LabelVolume mask, Settings s, float[] edtIn, Progress progress, boolean keepLabels) {
        byte[] m = mask.data();
        int threads = s.threads();
        boolean skimage019 = s.skimage019();
        long t0 = System.nanoTime();
        int peaks = -1;
        double edtS = 0;
        double peaksS = 0;
        List<Particle> all;
        int count;
        int[] lab = null;
        if (s.method() == Method.CONNECTED_COMPONENTS) {
            Instances in = ConnectedComponents.label(m, mask.shape());
            all = Centroids.of(in);
            count = in.count();
            lab = keepLabels ? in.labels() : null;
        } else {
            float[] edt = edtIn != null ? edtIn : DistanceTransform.edt(m, mask.shape(), threads);
            long t1 = System.nanoTime();
            int[] pk = PeakLocalMax.peaks(edt, mask.shape(), s.minDistance(), threads, skimage019);
            long t2 = System.nanoTime();
            peaks = pk.length;
            Watershed.Flooding flooding = skimage019 ? Watershed.Flooding.SKIMAGE_0_19
                    : Watershed.Flooding.SKIMAGE_0_25;
            if (keepLabels) {
                Instances in = Watershed.fromPeaks(edt, m, mask.shape(), pk, flooding, progress);
                all = Centroids.of(in);
                count = in.count();
                lab = in.labels();
            } else {
                Watershed.Centres c = Watershed.centroidsFromPeaks(edt, m, mask.shape(), pk, flooding, progress);
                all = c.particles();
                count = c.count();
            }
            edtS = (t1 - t0) / 1e9;
            peaksS = (t2 - t1) / 1e9;
            t0 = t2;
        }
        long t3 = System.nanoTime();
        Result r = filter(all, count, lab, s, peaks);
        long t4 = System.nanoTime();
        return new Result(r.particles(), r.labels(), r.instances(), r.empty(), r.filteredSmall(), r.filteredLarge(),
                peaks, (t3 - t0) / 1e9, edtS, peaksS, (t4 - t3) / 1e9);
    }

    /**
     * The size filter on particles already found ({@code all}: labels 1..count with voxels, by label); {@code lab},
     * when not null, is the label volume, renumbered in place. Timings are 0.
     */
    static Result filter(List<Particle> all, int count, int[] lab, Settings s, int peaks) {
        int[] map = new int[count + 1];
        List<Particle> kept = new ArrayList<>(all.size());
        int small = 0;
        int large = 0;
        for (Particle p : all) {
            if (p.voxels() < s.minVoxels()) {
                small++;
            } else if (p.voxels() > s.maxVoxels()) {
                large++;
            } else {
                int k = kept.size() + 1;
                map[p.label()] = k;
                kept.add(new Particle(k, p.x(), p.y(), p.z(), p.voxels()));
            }
        }
        boolean identity = kept.size() == count;
        if (lab != null && !identity) {
            for (int i = 0; i < lab.length; i++) {
                int l = lab[i];
                if (l != 0) {
                    lab[i] = map[l];
                }
            }
        }
        return new Result(kept, lab, count, count - all.size(), small, large, peaks, 0, 0, 0, 0);
    }
}
