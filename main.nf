#!/usr/bin/env nextflow
/*
 * picket-nf: PickET's unsupervised particle picking for cryo-electron tomograms.
 *
 *   bin/picket-nextflow run . --input samplesheet.csv --outdir results [-profile test|local] [-resume]
 *
 * Parameters: nextflow_schema.json (or --help). Steps: workflows/picket.nf.
 */
nextflow.enable.dsl = 2

include { PICKET                                                    } from './workflows/picket'
include { SIMULATE                                                  } from './modules/local/simulate'
include { validateParams; readInput; helpText; csvList; testDataSpecs } from './subworkflows/local/utils_picket_pipeline'
include { readPicketS1; readPicketS2; commandLineParams             } from './subworkflows/local/utils_picket_yaml'

def given(v) { v != null && v != true && v.toString() }

// a file's identity for comparing tomogram lists: its real path when it exists
def canon(f) { f.exists() ? f.toRealPath().toString() : f.toAbsolutePath().normalize().toString() }

workflow {
    def schemaFile = "${projectDir}/nextflow_schema.json"
    if (params.help) {
        log.info helpText(schemaFile)
        return
    }

    // every problem of the params, the samplesheet and PickET's YAMLs, in one message, before any task starts
    def errors = params.validate_params ? validateParams(params, schemaFile) : []
    def notes = []
    def rows = []
    def asNum = { v -> v != null && v.toString() ==~ /-?\d+/ ? v.toString() as long : v }
    def settings = [
        neighborhood_size                : asNum(params.neighborhood_size),
        max_num_neighborhoods_for_fitting: asNum(params.max_num_neighborhoods_for_fitting),
        num_sinusoids                    : asNum(params.num_sinusoids),
        num_output_features              : asNum(params.num_output_features),
        modes                            : csvList(params.modes),
        clusterers                       : csvList(params.clusterers),
        methods                          : csvList(params.methods),
        min_distance                     : asNum(params.min_distance),
        min_voxels                       : asNum(params.min_voxels),
        max_voxels                       : asNum(params.max_voxels),
        particle_diameter_A              : params.particle_diameter_A,
        particle_cluster_id              : asNum(params.particle_cluster_id),
        subtomogram_box                  : asNum(params.subtomogram_box),
        subtomogram_stack                : params.subtomogram_stack == true,
    ]
    // a PickET YAML's value replaces a default or a profile's value (noted); one given on the command line that
    // differs is a contradiction
    def cli = commandLineParams()
    def shown = { v -> v instanceof List ? v.join(',') : v.toString() }
    def applyYaml = { String src, Map values ->
        values.each { k, v ->
            if (shown(settings[k]) == shown(v)) return
            if (k in cli) errors << "--${k} ${shown(settings[k])} contradicts ${src}, which gives ${shown(v)}: drop one of them"
            else { notes << "${src} sets --${k} ${shown(v)} (instead of ${shown(settings[k])})"; settings[k] = v }
        }
    }

    if (settings.subtomogram_stack && !settings.subtomogram_box) errors << "--subtomogram_stack needs --subtomogram_box N (the box edge in voxels)"

    if (given(params.input) && !errors.any { it.startsWith('--input') }) {
        def (sheetRows, sheetErrors) = readInput(params.input.toString())
        rows = sheetRows
        errors += sheetErrors
    }

    // ---- PickET's S1 YAML: tomograms, z-limits and S1 parameters
    def s1Dataset = null
    if (given(params.picket_s1) && !errors.any { it.startsWith('--picket_s1') }) {
        def (s1Tomos, s1Settings, s1Notes, s1Errors) = readPicketS1(params.picket_s1.toString())
        errors += s1Errors
        notes += s1Notes
        applyYaml("--picket_s1 ${params.picket_s1}", s1Settings)
        try { s1Dataset = new org.yaml.snakeyaml.Yaml().load(file(params.picket_s1.toString()).text)?.dataset_name?.toString() } catch (Exception e) { }
        if (given(params.input)) {
            // both: the same tomograms with the same z-limits; the samplesheet adds ids, truth, particle_cluster_id
            def sheetBy = rows.collectEntries { r -> [(canon(r[1])): r] }
            def yamlBy = s1Tomos.collectEntries { t -> [(canon(t[1])): t] }
            s1Tomos.each { meta, t ->
                if (!sheetBy.containsKey(canon(t))) errors << "--picket_s1 inputs[${meta.idx}] ${t} is not in --input ${params.input}"
            }
            rows.each { meta, t, truth ->
                if (!yamlBy.containsKey(canon(t))) errors << "--input ${params.input}: ${meta.id} (${t}) is not in --picket_s1's inputs"
            }
            def merged = []
            s1Tomos.each { ymeta, t ->
                def r = sheetBy[canon(t)]
                if (r == null) return
                def meta = r[0].clone()
                ['lower_z', 'upper_z'].each { k ->
                    if (meta[k] != null && ymeta[k] != null && meta[k] != ymeta[k]) {
                        errors << "${meta.id}: ${k} ${meta[k]} in --input but ${k.replace('_z', '_z-slice_limit')} ${ymeta[k]} in --picket_s1"
                    } else if (ymeta[k] != null) meta[k] = ymeta[k]
                }
                merged << [meta, r[1], r[2]]
            }
            rows = merged   // PickET's idx order
        } else {
            rows = s1Tomos.collect { meta, t -> [meta.findAll { k, v -> k != 'idx' }, t, null] }
        }
    }

    // no --input nor --picket_s1: -profile test (--test_data) simulates its own tomograms with ground truth
    def simulate = !given(params.input) && !given(params.picket_s1) && params.test_data == true
    if (!given(params.input) && !given(params.picket_s1) && !simulate) {
        errors << "--input is required: a samplesheet CSV or a glob of MRC files (or --picket_s1, or -profile test for built-in simulated data)"
    }
    def specs = simulate && !errors.any { it.startsWith('--test_data') } ? testDataSpecs(params) : []

    // ---- PickET's S2 YAML: which segmentations are localized, with which cluster id and z-limits
    def s2plan = null
    if (given(params.picket_s2) && !errors.any { it.startsWith('--picket_s2') }) {
        if (params.stop_after == 's1') errors << "--picket_s2 ${params.picket_s2} and --stop_after s1 contradict each other: S2 would not run"
        def ids = simulate ? specs*.id : rows.collect { it[0].id }
        def (plan, s2Settings, s2Notes, s2Errors) = readPicketS2(params.picket_s2.toString(), ids, settings.modes, settings.clusterers, s1Dataset)
        errors += s2Errors
        notes += s2Notes
        applyYaml("--picket_s2 ${params.picket_s2}", s2Settings)
        def rowBy = rows.collectEntries { r -> [(r[0].id): r[0]] }
        plan.each { k, e ->
            def id = e.id
            def sheetPc = rowBy[id]?.particle_cluster_id
            if (sheetPc != null && e.particle_cluster_id != null && sheetPc != e.particle_cluster_id) {
                errors << "${e.from}: particle_cluster_id ${e.particle_cluster_id} in --picket_s2 but ${sheetPc} for ${id} in --input"
            }
            if ('particle_cluster_id' in cli && e.particle_cluster_id != null && e.particle_cluster_id != settings.particle_cluster_id) {
                errors << "--particle_cluster_id ${settings.particle_cluster_id} contradicts --picket_s2 ${params.picket_s2}, which gives ${e.particle_cluster_id} for ${e.from}: drop one of them"
            }
        }
        def nSeg = ids.size() * settings.modes.size() * settings.clusterers.size()
        if (plan && plan.size() < nSeg) notes << "--picket_s2 ${params.picket_s2}: ${plan.size()} of the ${nSeg} segmentations are localized, as listed"
        s2plan = plan
    }

    if (errors) {
        error("picket-nf: ${errors.size()} problem${errors.size() > 1 ? 's' : ''} with the parameters, the samplesheet or PickET's YAML; no task was started:\n" +
              errors.unique().collect { "  - ${it}" }.join('\n'))
    }
    notes.each { log.info "picket-nf: note: ${it}" }

    def nTomo = simulate ? specs.size() : rows.size()
    log.info "picket-nf ${workflow.manifest.version}: ${nTomo} tomogram${nTomo > 1 ? 's' : ''}" +
             (simulate ? " simulated (${specs*.id.join(', ')}: ${params.test_data_size} voxels, with truth; no --input)" : '') + ", " +
             "modes ${settings.modes.join(',')}, clusterers ${settings.clusterers.join(',')}, " +
             (params.stop_after == 's1' ? "stopping after S1" : "methods ${settings.methods.join(',')}") +
             (settings.subtomogram_box ? ", subtomograms ${settings.subtomogram_box}^3" : '') +
             "; results in ${params.outdir}"

    def ch_samples
    if (simulate) {
        SIMULATE(channel.fromList(specs))
        ch_samples = SIMULATE.out.tomogram.map { meta, tomo, truth -> [[id: meta.id], tomo, truth] }
    } else {
        ch_samples = channel.fromList(rows)
    }

    PICKET(
        ch_samples,
        settings.modes,
        settings.clusterers,
        settings.methods,
        settings,
        s2plan,
    )
}

workflow.onComplete {
    if (params.help) return
    def s = workflow.stats
    def line = "picket-nf: ${workflow.success ? 'done' : 'FAILED'} in ${workflow.duration}: " +
               "${s.succeedCount} tasks succeeded, ${s.cachedCount} cached, ${s.failedCount} failed" +
               (s.retriesCount ? " (${s.retriesCount} of them retried)" : '') +
               (s.ignoredCount ? ", ${s.ignoredCount} ignored" : '')
    if (workflow.success) {
        log.info line + "\npicket-nf: results in ${params.outdir}: report.html (open it in a browser), <id>/<id>_ranking.csv (rank 1 = the workflow to use), <id>/particles, <id>/segmentations, pipeline_info/"
    } else {
        log.error line + (workflow.errorMessage ? "\n${workflow.errorMessage}" : '')
    }
}
