package org.picketnf.core.s1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a feature vector is: the mode, the neighborhood size, and for Gabor the selected filters (chosen once on the
 * fitting set and reused unchanged for prediction). Written into the feature spec and the model JSON.
 *
 * @param mode              intensities, ffts or gabor
 * @param neighborhoodSize  odd window edge n
 * @param dimension         length of one feature vector
 * @param basis             how the vector relates to PickET's (e.g. the reduced Hermitian basis for ffts)
 * @param numSinusoids      Gabor frequencies per axis (PickET's num_sinusoids), 0 for other modes
 * @param gaborFilters      indices of the selected Gabor bank filters in PickET's bank order, ascending std;
 *                          empty for other modes
 * @param fitting           where the fitting sample came from
 */
@JsonPropertyOrder({"mode", "neighborhood_size", "dimension", "basis", "num_sinusoids", "gabor_filters", "fitting"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(
        @JsonProperty("mode") String mode,
        @JsonProperty("neighborhood_size") int neighborhoodSize,
        @JsonProperty("dimension") int dimension,
        @JsonProperty("basis") String basis,
        @JsonProperty("num_sinusoids") int numSinusoids,
        @JsonProperty("gabor_filters") List<Integer> gaborFilters,
        @JsonProperty("fitting") Fitting fitting) {

    /**
     * The fitting sample's origin.
     *
     * @param lowerZ            slab start (inclusive)
     * @param upperZ            slab end (exclusive)
     * @param windowsInSlab     windows wholly inside the slab
     * @param windowsFitted     windows in the sample
     * @param maxNeighborhoods  the cap asked for (0 = none)
     * @param seed              the sampling seed
     * @param tomogram          the preprocessed tomogram's dimensions x, y, z
     */
    @JsonPropertyOrder({"lower_z", "upper_z", "windows_in_slab", "windows_fitted", "max_num_neighborhoods_for_fitting",
            "seed", "tomogram_shape_xyz"})
    public record Fitting(
            @JsonProperty("lower_z") int lowerZ,
            @JsonProperty("upper_z") int upperZ,
            @JsonProperty("windows_in_slab") long windowsInSlab,
            @JsonProperty("windows_fitted") long windowsFitted,
            @JsonProperty("max_num_neighborhoods_for_fitting") long maxNeighborhoods,
            @JsonProperty("seed") long seed,
            @JsonProperty("tomogram_shape_xyz") List<Integer> tomogram) {
    }
}
