/*
 * PickET's two stages for each tomogram.
 *   S1: PREPROCESS -> FEATURES (per mode) -> CLUSTER (per mode x clusterer) -> SEGMENT
 *   S2: LOCALIZE (per segmentation, every selected method in one task; with --subtomogram_box also the
 *       subtomograms around each particle) -> EVALUATE (per particle set, with truth)
 *   Answer: CONSENSUS (per tomogram: the particle sets fused into one, a confidence per particle) -> EVALUATE
 *   Export: EXPORT (per tomogram: every particle set and the consensus as RELION 5, Warp, copick, Dynamo, IMOD files)
 *   QC: RANK (per tomogram: the workflows ranked without truth, and the montage PNG) -> REPORT (report/index.html,
 *       report/<id>.html per tomogram, and a summary report.html)
 *   Versions: each module's tool on the 'versions' topic -> pipeline_info/picket_software_versions.yml -> REPORT
 * Meta maps carry [id, mode, clusterer, method] and, from where a task needs them on, the values it depends on:
 * S1 gets the fitting slab and fitting parameters, S2 the particle cluster id, picking slab and min_distance.
 * So a change of an S2 value (a PickET S2 YAML edited after looking at the segmentations) reruns only S2 on -resume.
 * Channels are combined by key (the tomogram id), never by emission order.
 */
include { PREPROCESS } from '../modules/local/preprocess'
include { FEATURES   } from '../modules/local/features'
include { CLUSTER    } from '../modules/local/cluster'
include { SEGMENT    } from '../modules/local/segment'
include { LOCALIZE   } from '../modules/local/localize'
include { EVALUATE   } from '../modules/local/evaluate'
include { RANK       } from '../modules/local/rank'
include { CONSENSUS  } from '../modules/local/consensus'
include { EXPORT     } from '../modules/local/export'
include { REPORT     } from '../modules/local/report'
include { softwareVersionsToYAML; exportMeta; pixelSizePlaceholder } from '../subworkflows/local/utils_picket_pipeline'

workflow PICKET {
    take:
    ch_samples    // channel: [ meta (id, lower_z?, upper_z?, particle_cluster_id?), tomogram, truth (or null) ]
    modes         // list of feature modes
    clusterers    // list of clustering methods
    methods       // list of localization methods
    settings      // map: neighborhood_size, max_num_neighborhoods_for_fitting, num_sinusoids, num_output_features,
                  //      seed, particle_cluster_id, min_distance, min_voxels, max_voxels, particle_diameter_A,
                  //      subtomogram_box, subtomogram_stack, evaluate_threshold_voxels,
                  //      pixel_size_A, coordinate_binning, export_formats
    s2plan        // empty (localize every segmentation), or from a PickET S2 YAML:
                  //      "<id>_<mode>_<clusterer>" -> [particle_cluster_id, s2_lower_z, s2_upper_z]
    stop_after    // 's1': stop after the segmentations; null: run S2 and the QC too
    outdir        // where pipeline_info/picket_software_versions.yml is written

    main:
    // the tools' versions of every task (each module's 'versions' topic), one sorted YAML in pipeline_info/.
    // Topics are connected once the whole workflow is built, so this sees every process, also those defined below
    // and SIMULATE (PIPELINE_INITIALISATION); the YAML is complete when they have all finished. REPORT reads it,
    // so REPORT itself emits no versions (it would wait for itself).
    ch_versions_yml = softwareVersionsToYAML(channel.topic('versions'))
        .collectFile(name: 'picket_software_versions.yml', storeDir: "${outdir}/pipeline_info")

    ch_tomo_by_id = ch_samples.map { meta, tomo, truth -> [meta.id, tomo] }
    ch_meta_by_id = ch_samples.map { meta, tomo, truth -> [meta.id, meta] }

    // ---- S1 -------------------------------------------------------------------------------------------
    // meta.voxels (from the header read before the run) sizes PREPROCESS's memory (conf/base.config)
    PREPROCESS(ch_samples.map { meta, tomo, truth -> [meta.subMap(['id', 'voxels']), tomo] })

    def fit   = settings.subMap(['neighborhood_size', 'max_num_neighborhoods_for_fitting', 'seed'])
    def gabor = settings.subMap(['num_sinusoids', 'num_output_features'])
    FEATURES(
        PREPROCESS.out.pre
            .map { meta, pre -> [meta.id, pre] }
            .combine(ch_meta_by_id, by: 0)
            .combine(channel.fromList(modes))
            .map { id, pre, meta, mode ->
                [meta.subMap(['id', 'lower_z', 'upper_z']) + [mode: mode] + fit + (mode == 'gabor' ? gabor : [:]), pre]
            }
    )

    CLUSTER(
        FEATURES.out.features.combine(channel.fromList(clusterers))
            .map { meta, npy, spec, clusterer -> [meta + [clusterer: clusterer], npy, spec] }
    )

    // one SEGMENT per tomogram x mode with all of the mode's models (its features are computed once), meeting the
    // tomogram's preprocessed volume and original tomogram by id; meta.clusterers lists the models in order
    ch_pre_by_id = PREPROCESS.out.pre.map { meta, pre -> [meta.id, pre] }
    SEGMENT(
        CLUSTER.out.model
            .map { meta, model -> [[meta.id, meta.mode], meta, model] }
            .groupTuple(size: clusterers.size(), remainder: true)
            .map { key, metas, models ->
                def order = clusterers.findAll { c -> metas.any { it.clusterer == c } }
                def base  = metas[0].findAll { k, v -> k != 'clusterer' }
                [base.id, base + [clusterers: order], order.collect { c -> models[metas.findIndexOf { it.clusterer == c }] }]
            }
            .combine(ch_pre_by_id, by: 0)
            .combine(ch_tomo_by_id, by: 0)
            .map { id, meta, models, pre, tomo -> [meta, models, pre, tomo] }
    )

    // tomograms whose data a tool refused (bin/picket-guard's records: id, step, reason), one TSV in pipeline_info/
    ch_failed = PREPROCESS.out.failed.mix(FEATURES.out.failed, CLUSTER.out.failed, SEGMENT.out.failed)

    // back to one [meta + clusterer, segmentation, provenance] per model, as CLUSTER made them
    ch_segmentations = SEGMENT.out.segmentation.flatMap { meta, segs, provs ->
        def ss = segs instanceof List ? segs : [segs]
        def ps = provs instanceof List ? provs : [provs]
        def base = meta.findAll { k, v -> k != 'clusterers' }
        meta.clusterers.collect { c ->
            def name = "${meta.id}_${meta.mode}_${c}".toString()
            [base + [clusterer: c], ss.find { it.name == name + '.mrc' }, ps.find { it.name == name + '.json' }]
        }.findAll { it[1] != null && it[2] != null }
    }
    ch_particles     = channel.empty()
    ch_done          = channel.empty()
    ch_answers       = channel.empty()
    ch_scores        = channel.empty()

    // ---- S2 -------------------------------------------------------------------------------------------
    if (stop_after != 's1') {
        // what S2 needs per segmentation: the samplesheet's values (its z-limits, inclusive here), or the S2 YAML's
        def s2common = settings.subMap(['min_distance', 'min_voxels', 'max_voxels', 'particle_diameter_A']) +
                       (settings.save_instances ? [save_instances: true] : [:]) +
                       (settings.subtomogram_box ? settings.subMap(['subtomogram_box', 'subtomogram_stack']) : [:])
        def segKey = { meta -> "${meta.id}_${meta.mode}_${meta.clusterer}".toString() }
        LOCALIZE(
            ch_segmentations
                .filter { meta, seg, prov -> !s2plan || s2plan.containsKey(segKey(meta)) }
                .map { meta, seg, prov -> [meta.id, meta, seg, prov] }
                .combine(ch_meta_by_id, by: 0)
                .combine(ch_tomo_by_id, by: 0)
                .map { id, meta, seg, prov, sample, tomo ->
                    def s2 = s2plan
                        ? s2plan[segKey(meta)].subMap(['particle_cluster_id', 's2_lower_z', 's2_upper_z'])
                        : [particle_cluster_id: sample.particle_cluster_id != null ? sample.particle_cluster_id : settings.particle_cluster_id,
                           s2_lower_z: sample.lower_z, s2_upper_z: sample.upper_z]
                    [meta.subMap(['id', 'mode', 'clusterer']) + s2 + s2common, seg, prov, tomo]
                },
            methods
        )

        // one item per particle set: [meta + method, csv]; the method is read from the file name
        ch_particles = LOCALIZE.out.csv
            .flatMap { meta, csvs ->
                (csvs instanceof List ? csvs : [csvs]).collect { f ->
                    def method = methods.find { m -> f.name.endsWith("_${m}.csv") }
                    [meta + [method: method], f]
                }
            }

        // ---- QC: ranking without truth, montage, report ---------------------------------------------------
        // every particle set of a tomogram (csv + provenance json), its segmentations and the tomogram, by id;
        // lists sorted by name so that the task hash does not depend on the order tasks finished in
        def byName = { a, b -> a.name <=> b.name }
        ch_sets_by_id = LOCALIZE.out.csv.join(LOCALIZE.out.provenance)
            .map { meta, csvs, jsons -> [meta.id, [csvs, jsons].flatten()] }
            .groupTuple(by: 0)
            .map { id, lists -> [id, lists.flatten().sort(byName)] }
        ch_segs_by_id = ch_segmentations
            .map { meta, seg, prov -> [meta.id, seg] }
            .groupTuple(by: 0)
            .map { id, segs -> [id, segs.sort(byName)] }
        // ---- the answer per tomogram: the consensus of its particle sets ----------------------------------
        CONSENSUS(ch_sets_by_id.map { id, files -> [[id: id], files] })

        ch_truth_by_id = ch_samples
            .filter { meta, tomo, truth -> truth != null }
            .map { meta, tomo, truth -> [meta.id, truth] }
        // every particle set, and the consensus' candidates (scores of the kept ones, a curve over the confidence)
        ch_consensus_scored = CONSENSUS.out.candidates
            .map { meta, csv -> [meta + [prefix: "${meta.id}_consensus".toString(), method: 'consensus',
                                         score_column: 'confidence', keep_column: 'kept'], csv] }
        EVALUATE(
            ch_particles.mix(ch_consensus_scored)
                .map { meta, csv -> [meta.id, meta, csv] }
                .combine(ch_truth_by_id, by: 0)
                .map { id, meta, csv, truth -> [meta + [threshold_voxels: settings.evaluate_threshold_voxels], csv, truth] }
        )
        ch_scores = EVALUATE.out.scores
        ch_failed = ch_failed.mix(LOCALIZE.out.failed, EVALUATE.out.failed, CONSENSUS.out.failed)

        // ---- coordinates for the tools after picking: every particle set and the consensus, one task per tomogram
        if (settings.export_formats != 'none') {
            // the consensus may be missing (its tool refused the sets): the sets are exported all the same
            EXPORT(
                ch_sets_by_id
                    .join(CONSENSUS.out.csv.map { meta, csv -> [meta.id, csv] }, remainder: true)
                    .filter { id, sets, consensus -> sets != null }
                    .map { id, sets, consensus ->
                        [id, (sets.findAll { it.name.endsWith('.csv') } + (consensus ? [consensus] : [])).sort(byName)] }
                    .join(ch_samples.map { meta, tomo, truth -> [meta.id, meta, tomo] })
                    .map { id, csvs, sample, tomo ->
                        def meta = exportMeta(sample, settings)
                        [meta, csvs, meta.size ? [] : tomo]
                    }
            )
            // one record per refused set
            ch_failed = ch_failed.mix(EXPORT.out.failed.flatMap { meta, tsvs ->
                (tsvs instanceof List ? tsvs : [tsvs]).collect { tsv -> [meta, tsv] } })
        }

        // the montage leads with the consensus set (absent when CONSENSUS refused its input: then without it)
        ch_consensus_by_id = CONSENSUS.out.csv.join(CONSENSUS.out.provenance)
            .map { meta, csv, json -> [meta.id, [csv, json]] }
        RANK(
            ch_sets_by_id
                .join(ch_segs_by_id)
                .join(ch_tomo_by_id)
                .join(ch_consensus_by_id, remainder: true)
                .filter { id, sets, segs, tomo, cons -> sets != null }
                .map { id, sets, segs, tomo, cons -> [[id: id], tomo, segs, (sets + (cons ?: [])).sort(byName)] }
        )
        // the closing line's answer per tomogram: [id, consensus particles, consensus F1 or null], sorted by id
        def slurp = { f -> f && f.size() > 0 ? new groovy.json.JsonSlurper().parse(f.toFile()) : [:] }   // -stub: empty files
        ch_answers = CONSENSUS.out.provenance.map { meta, json -> [meta.id, json] }
            .join(EVALUATE.out.scores.filter { meta, json -> meta.method == 'consensus' }
                      .map { meta, json -> [meta.id, json] }, remainder: true)
            .filter { id, prov, ev -> prov != null }
            .map { id, prov, ev -> [id, slurp(prov).particles ?: 0, slurp(ev).one_to_one?.f1] }
            .toSortedList { a, b -> a[0] <=> b[0] }

        ch_failures_tsv = failuresTsv(ch_failed, outdir)
        // "id=A,...": the tomograms whose exported Angstrom coordinates assume a placeholder voxel size (the header's
        // 0 or 1 A, none set; the log notes them too), for the report's note; '' for none
        ch_placeholders = ch_samples.map { meta, tomo, truth -> meta }
            .filter { meta -> settings.export_formats != 'none' && pixelSizePlaceholder(meta) }
            .map { meta -> "${meta.id}=${meta.header_pixel_A}".toString() }
            .toSortedList()
            .map { list -> list.join(',') }
        REPORT(
            RANK.out.ranking.map { meta, csv, json -> json }
                .mix(RANK.out.montage.map { meta, png -> png })
                .mix(ch_sets_by_id.flatMap { id, files -> files })   // particle CSVs and their provenance
                .mix(ch_segmentations.map { meta, seg, prov -> prov })
                .mix(ch_scores.map { meta, scores -> scores })
                .mix(CONSENSUS.out.provenance.map { meta, json -> json })
                .toSortedList(byName)
                .filter { files -> files },   // nothing to report when every tomogram failed (the summary says why)
            ch_versions_yml,
            "picket-nf ${workflow.manifest.version}",
            ch_failures_tsv.ifEmpty([]),
            ch_placeholders,
        )
        // the run is over when the report is written: then the failures, if any
        // (combine flattens a list, so 'no failures' travels as '' rather than [])
        ch_done = REPORT.out.html.ifEmpty('').combine(ch_failures_tsv.ifEmpty('')).map { html, tsv -> tsv }
    } else {
        ch_done = failuresTsv(ch_failed, outdir).ifEmpty('')
    }

    emit:
    done          = ch_done            // once, at the end: pipeline_info/picket_failures.tsv, or '' when none failed
    versions      = ch_versions_yml    // pipeline_info/picket_software_versions.yml
    segmentations = ch_segmentations   // [ meta, seg.mrc, seg.json ]
    particles     = ch_particles       // [ meta, particles.csv ]
    scores        = ch_scores          // [ meta, eval.json ]
    answers       = ch_answers         // once: [ [id, consensus particles, consensus F1 or null], ... ] sorted by id
}

// the failure records of every task ([meta, <name>.failed.tsv]) -> ${outdir}/pipeline_info/picket_failures.tsv, sorted
def failuresTsv(ch_failed, outdir) {
    return ch_failed
        .map { meta, tsv -> tsv }
        .collectFile(name: 'picket_failures.tsv', storeDir: "${outdir}/pipeline_info", sort: { it.text })
}
