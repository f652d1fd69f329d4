package org.picketnf.core.s1;

import org.picketnf.core.BadInputException;

/** PickET's feature extraction modes, named as in its S1 YAML ({@code mode: intensities | ffts | gabor}). */
public enum FeatureMode {
    /** The window's voxel values in C order ({@link IntensityFeatures}). */
    INTENSITIES("intensities"),
    /** Magnitudes of the window's 3-D DFT ({@link FftFeatures}). */
    FFTS("ffts"),
    /** Responses of selected cosine Gabor filters ({@link GaborFeatures}). */
    GABOR("gabor");

    private final String label;

    FeatureMode(String label) {
        this.label = label;
    }

    /** The YAML / file-name spelling: "intensities", "ffts" or "gabor". */
    public String label() {
        return label;
    }

    /**
     * The mode spelled {@code s} (exactly as PickET spells it, lower case).
     *
     * @throws BadInputException if s is null or not one of the three labels
     */
    public static FeatureMode parse(String s) {
        if (s != null) {
            for (FeatureMode m : values()) {
                if (m.label.equals(s)) {
                    return m;
                }
            }
        }
        throw new BadInputException("unknown feature extraction mode '" + s + "' (expected intensities, ffts or gabor)");
    }

    @Override
    public String toString() {
        return label;
    }
}
