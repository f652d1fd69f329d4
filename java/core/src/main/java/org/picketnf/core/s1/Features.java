package org.picketnf.core.s1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Volume;

/** Glue between a {@link FeatureSpec} and the feature implementations. */
public final class Features {
    private Features() {
    }

    /** @throws BadInputException naming {@code name} if the volume holds NaN or infinite values */
    public static void requireFinite(Volume v, String name) {
        long bad = 0;
        for (float f : v.data()) {
            if (!Float.isFinite(f)) {
                bad++;
            }
        }
        if (bad > 0) {
            throw new BadInputException(name + ": contains " + bad + " NaN or infinite values");
        }
    }

    /** The extractor a spec describes. */
    public static SectionFeatures extractor(FeatureSpec spec) {
        FeatureMode mode = FeatureMode.parse(spec.mode());
        int n = spec.neighborhoodSize();
        if (n < 1 || n % 2 == 0) {
            throw new BadInputException("feature spec: neighborhood_size must be odd and >= 1, got " + n);
        }
        SectionFeatures f = switch (mode) {
            case INTENSITIES -> new IntensityFeatures(n);
            case FFTS -> new FftFeatures(n);
            case GABOR -> {
                List<Integer> sel = spec.gaborFilters();
                if (sel == null || sel.isEmpty()) {
                    throw new BadInputException("feature spec: gabor mode needs gabor_filters");
                }
                int[] s = new int[sel.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = sel.get(i);
                }
                yield new GaborFeatures(n, spec.numSinusoids(), s);
            }
        };
        if (spec.dimension() != 0 && f.dimension() != spec.dimension()) {
            throw new BadInputException("feature spec: dimension " + spec.dimension() + " does not match " + mode
                    + " with neighborhood " + n + " (" + f.dimension() + ")");
        }
        return f;
    }

    /** A spec for {@code mode}; its dimension is that of the extractor it describes. */
    public static FeatureSpec spec(FeatureMode mode, int n, int numSinusoids, List<Integer> gabor,
                                   FeatureSpec.Fitting fitting) {
        String basis = switch (mode) {
            case INTENSITIES -> "window values in C order (z, y, x), as PickET";
            case FFTS -> "reduced Hermitian basis of PickET's |fftshift(fftn(window))|: DC, then sqrt(2) x each"
                    + " magnitude pair (FftFeatures.expandToPicket restores PickET's 125 values)";
            case GABOR -> "responses of the selected filters of PickET's cosine Gabor bank, ascending std";
        };
        FeatureSpec partial = new FeatureSpec(mode.label(), n, 0, basis, mode == FeatureMode.GABOR ? numSinusoids : 0,
                mode == FeatureMode.GABOR ? gabor : List.of(), fitting);
        int d = extractor(partial).dimension();
        return new FeatureSpec(mode.label(), n, d, basis, partial.numSinusoids(), partial.gaborFilters(), fitting);
    }

    /**
     * PickET's Gabor filter choice: the std of every bank filter's response over the fitting set, then the
     * {@code numOut} largest (np.argsort(stds)[-numOut:]).
     */
    public static List<Integer> selectGaborFilters(Volume pre, int n, int numSinusoids, int numOut, FittingSet fit,
                                                   int threads, Consumer<String> log) {
        int bank = numSinusoids * numSinusoids * numSinusoids;
        if (numSinusoids < 1 || numOut < 1 || numOut > bank) {
            throw new BadInputException("gabor: need num_sinusoids >= 1 and 1 <= num_output_features <= "
                    + "num_sinusoids^3, got " + numSinusoids + " and " + numOut);
        }
        long t0 = System.nanoTime();
        GaborFeatures.BankStats st = GaborFeatures.bankStats(pre, n, numSinusoids, fit.zFirst(), fit.zEnd(),
                fit::picks, threads);
        int[] sel = GaborFeatures.selectFilters(st.std(), numOut);
        log.accept(String.format(Locale.ROOT, "gabor: chose %d of %d filters on %d windows in %.2f s", numOut, bank,
                st.count(), (System.nanoTime() - t0) / 1e9));
        List<Integer> out = new ArrayList<>(sel.length);
        for (int s : sel) {
            out.add(s);
        }
        return out;
    }
}
