/*
 * PickET's two stages for each tomogram of the samplesheet.
 *   S1: PREPROCESS -> FEATURES (per mode) -> CLUSTER (per mode x clusterer) -> SEGMENT
 *   S2: LOCALIZE (per segmentation, every selected method in one task) -> EVALUATE (per particle set, with truth)
 * Meta maps carry [id, mode, clusterer, method] (+ the samplesheet's z-limits and particle_cluster_id);
 * channels are combined by key (the tomogram id or the segmentation key), never by emission order.
 */
include { PREPROCESS } from '../modules/local/picket_features/preprocess'
include { FEATURES   } from '../modules/local/picket_features/extract'
include { CLUSTER    } from '../modules/local/picket_cluster/fit'
include { SEGMENT    } from '../modules/local/picket_segment/predict'
include { LOCALIZE   } from '../modules/local/picket_localize/particles'
include { EVALUATE   } from '../modules/local/picket_tools/evaluate'

workflow PICKET {
    take:
    ch_samples    // channel: [ meta, tomogram, truth (or null) ]
    modes         // list of feature modes
    clusterers    // list of clustering methods
    methods       // list of localization methods

    main:
    ch_tomograms = ch_samples.map { meta, tomo, truth -> [meta, tomo] }

    // ---- S1 -------------------------------------------------------------------------------------------
    PREPROCESS(ch_tomograms)

    FEATURES(
        PREPROCESS.out.pre.combine(channel.fromList(modes))
            .map { meta, pre, mode -> [meta + [mode: mode], pre] }
    )

    CLUSTER(
        FEATURES.out.features.combine(channel.fromList(clusterers))
            .map { meta, npy, spec, clusterer -> [meta + [clusterer: clusterer], npy, spec] }
    )

    // each model meets its own tomogram's preprocessed volume and original tomogram, by id
    ch_pre_by_id  = PREPROCESS.out.pre.map { meta, pre -> [meta.id, pre] }
    ch_tomo_by_id = ch_tomograms.map { meta, tomo -> [meta.id, tomo] }
    SEGMENT(
        CLUSTER.out.model
            .map { meta, model -> [meta.id, meta, model] }
            .combine(ch_pre_by_id, by: 0)
            .combine(ch_tomo_by_id, by: 0)
            .map { id, meta, model, pre, tomo -> [meta, model, pre, tomo] }
    )

    ch_segmentations = SEGMENT.out.segmentation
    ch_particles     = channel.empty()
    ch_scores        = channel.empty()

    // ---- S2 -------------------------------------------------------------------------------------------
    if (params.stop_after != 's1') {
        LOCALIZE(ch_segmentations, methods)

        // one item per particle set: [meta + method, csv]; the method is read from the file name
        ch_particles = LOCALIZE.out.csv
            .flatMap { meta, csvs ->
                (csvs instanceof List ? csvs : [csvs]).collect { f ->
                    def method = methods.find { m -> f.name.endsWith("_${m}.csv") }
                    [meta + [method: method], f]
                }
            }

        ch_truth_by_id = ch_samples
            .filter { meta, tomo, truth -> truth != null }
            .map { meta, tomo, truth -> [meta.id, truth] }
        EVALUATE(
            ch_particles
                .map { meta, csv -> [meta.id, meta, csv] }
                .combine(ch_truth_by_id, by: 0)
                .map { id, meta, csv, truth -> [meta, csv, truth] }
        )
        ch_scores = EVALUATE.out.scores
    }

    emit:
    segmentations = ch_segmentations   // [ meta, seg.mrc, seg.json ]
    particles     = ch_particles       // [ meta, particles.csv ]
    scores        = ch_scores          // [ meta, eval.json ]
}
