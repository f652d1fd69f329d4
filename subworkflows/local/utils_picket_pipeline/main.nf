/*
 * PIPELINE_INITIALISATION and PIPELINE_COMPLETION, as in the nf-core template, and the plain functions they use.
 * Parameter, samplesheet and PickET YAML checks in plain Groovy (no plugins: none can be installed offline).
 * Everything is checked before any task starts, and every problem is reported in one message.
 */
import groovy.json.JsonSlurper

include { SIMULATE                                      } from '../../../modules/local/simulate'
include { readPicketS1; readPicketS2; commandLineParams } from '../utils_picket_yaml'

/*
 * The params, the samplesheet and PickET's YAMLs -> the tomograms and the run's settings. Every problem is
 * collected and reported in one message (error), before any task starts; notes are logged. Without --input and
 * --picket_s1, -profile test (--test_data) simulates its tomograms (SIMULATE).
 */
workflow PIPELINE_INITIALISATION {
    take:
    validate_params   // boolean: check the params against nextflow_schema.json
    input             // --input: a samplesheet CSV or a glob of MRC files (or null)
    picket_s1         // --picket_s1: PickET's S1 YAML (or null)
    picket_s2         // --picket_s2: PickET's S2 YAML (or null)
    stop_after        // 's1' or null
    outdir            // --outdir (for the opening line)

    main:
    // every problem in one message (error), before any task starts; the notes and the opening line
    // (a plain function: Nextflow 24.10 refuses `def x = ...` naming a take: in a workflow body)
    inputs = checkInputs(validate_params, input, picket_s1, picket_s2, stop_after, outdir)
    // SIMULATE is invoked on every run, with no tomogram unless -profile test simulates them: Nextflow 24.10 numbers
    // the eval outputs (the tools' versions) in the order processes are invoked and puts that number in the task
    // hash, so every route (--input, --picket_s1, built-in data) must invoke the same processes in the same order
    // for -resume to find the same tasks (nextflow-io/nextflow#7572)
    SIMULATE(channel.fromList(inputs.specs))
    if (inputs.simulate) {
        // the header of each simulated tomogram is read here, as checkHeaders reads the others before the run
        // (unreadable, as the empty files of -stub: the size from the spec, the voxel size left to EXPORT)
        ch_samples = SIMULATE.out.tomogram.map { meta, tomo, truth ->
            def header = checkHeaders([tomo])[1][tomo.toString()] ?: [:]
            def sample = [id: meta.id, voxels: meta.size.tokenize(',').inject(1L) { n, d -> n * (d as long) },
                          size: meta.size] + header
            if (inputs.note_export && pixelSizePlaceholder(sample)) log.info "picket-nf: note: ${pixelSizeNote([sample])}"
            [sample, tomo, truth]
        }
    } else {
        ch_samples = channel.fromList(inputs.rows)
    }
    settings = inputs.settings
    s2plan   = inputs.s2plan
    tomograms = inputs.simulate ? inputs.specs.size() : inputs.rows.size()

    emit:
    samples  = ch_samples   // channel: [ meta (id, lower_z?, upper_z?, particle_cluster_id?, pixel_size_A?, coordinate_binning?,
                            //   voxels, size, header_pixel_A: from the header), tomogram, truth (or null) ]
    settings = settings     // value channel of a map: the run's settings, params with the PickET YAMLs' values applied
    s2plan   = s2plan       // value channel of a map: "<id>_<mode>_<clusterer>" -> S2 values of --picket_s2 (empty without)
    tomograms = tomograms   // value channel: how many tomograms the run has (for the failure summary)
}

/*
 * The checks of PIPELINE_INITIALISATION: the params (against nextflow_schema.json), the samplesheet (against
 * assets/schema_input.json) or MRC glob, PickET's YAMLs, and how they agree. Stops the run with one message
 * listing every problem (error); logs the notes and the opening line. Returns [rows: [meta, tomogram, truth]...,
 * simulate: whether -profile test simulates the tomograms, specs: SIMULATE's inputs, settings:, s2plan:].
 */
def checkInputs(validate_params, input, picket_s1, picket_s2, stop_after, outdir) {
    def schemaFile = "${projectDir}/nextflow_schema.json"
    def errors = validate_params ? validateParams(params, schemaFile) : []
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
        save_instances                   : params.save_instances == true,
        seed                             : params.seed,
        evaluate_threshold_voxels        : params.evaluate_threshold_voxels,
        pixel_size_A                     : params.pixel_size_A,
        coordinate_binning               : params.coordinate_binning,
        export_formats                   : csvList(params.export_formats).join(','),
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

    if (given(input) && !errors.any { it.startsWith('--input') }) {
        def sheet = readInput(input.toString(), "${projectDir}/${schemaProperties(schemaFile).input.schema}")
        rows = sheet[0]
        errors += sheet[1]
    }

    // ---- PickET's S1 YAML: tomograms, z-limits and S1 parameters
    def s1Dataset = null
    if (given(picket_s1) && !errors.any { it.startsWith('--picket_s1') }) {
        def s1 = readPicketS1(picket_s1.toString())   // [tomograms, settings, notes, errors, dataset_name]
        def s1Tomos = s1[0]
        errors += s1[3]
        notes += s1[2]
        s1Dataset = s1[4]
        applyYaml("--picket_s1 ${picket_s1}", s1[1])
        if (given(input)) rows = mergeS1(rows, s1Tomos, input, errors)   // PickET's idx order
        else rows = s1Tomos.collect { meta, t -> [meta.findAll { k, v -> k != 'idx' }, t, null] }
    }

    // no --input nor --picket_s1: -profile test (--test_data) simulates its own tomograms with ground truth
    def simulate = !given(input) && !given(picket_s1) && params.test_data == true
    if (!given(input) && !given(picket_s1) && !simulate) {
        errors << "--input is required: a samplesheet CSV or a glob of MRC files (or --picket_s1, or -profile test for built-in simulated data)"
    }
    def specs = simulate && !errors.any { it.startsWith('--test_data') } ? testDataSpecs(params) : []

    // every tomogram's MRC header and file size, read as the tools read them, before any task: an unreadable one is
    // listed with the other problems; the voxel count sizes the tasks' memory (conf/base.config)
    // (and meta gets the size and the header's voxel size, for the exported coordinates: EXPORT)
    if (!simulate && rows) {
        def (headerErrors, headers, headerNote) = checkHeaders(rows.collect { it[1] })
        errors += headerErrors
        if (headerNote) notes << headerNote
        rows = rows.collect { meta, t, truth -> [meta + (headers[t.toString()] ?: [:]), t, truth] }
        def placeholder = rows.findAll { meta, t, truth -> pixelSizePlaceholder(meta) }.collect { it[0] }
        if (placeholder && stop_after != 's1' && settings.export_formats != 'none') notes << pixelSizeNote(placeholder)
    }

    // ---- PickET's S2 YAML: which segmentations are localized, with which cluster id and z-limits
    def s2plan = [:]
    if (given(picket_s2) && !errors.any { it.startsWith('--picket_s2') }) {
        if (stop_after == 's1') errors << "--picket_s2 ${picket_s2} and --stop_after s1 contradict each other: S2 would not run"
        def ids = simulate ? specs*.id : rows.collect { it[0].id }
        def s2 = readPicketS2(picket_s2.toString(), ids, settings.modes, settings.clusterers, s1Dataset)   // [plan, settings, notes, errors]
        def plan = s2[0]
        errors += s2[3]
        notes += s2[2]
        applyYaml("--picket_s2 ${picket_s2}", s2[1])
        def rowBy = rows.collectEntries { r -> [(r[0].id): r[0]] }
        plan.each { k, e ->
            def id = e.id
            def sheetPc = rowBy[id]?.particle_cluster_id
            if (sheetPc != null && e.particle_cluster_id != null && sheetPc != e.particle_cluster_id) {
                errors << "${e.from}: particle_cluster_id ${e.particle_cluster_id} in --picket_s2 but ${sheetPc} for ${id} in --input"
            }
            if ('particle_cluster_id' in cli && e.particle_cluster_id != null && e.particle_cluster_id != settings.particle_cluster_id) {
                errors << "--particle_cluster_id ${settings.particle_cluster_id} contradicts --picket_s2 ${picket_s2}, which gives ${e.particle_cluster_id} for ${e.from}: drop one of them"
            }
        }
        def nSeg = ids.size() * settings.modes.size() * settings.clusterers.size()
        if (plan && plan.size() < nSeg) notes << "--picket_s2 ${picket_s2}: ${plan.size()} of the ${nSeg} segmentations are localized, as listed"
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
             (stop_after == 's1' ? "stopping after S1" : "methods ${settings.methods.join(',')}") +
             (settings.subtomogram_box ? ", subtomograms ${settings.subtomogram_box}^3" : '') +
             "; results in ${outdir}"

    // an earlier run's failure records would be taken for this run's
    if (outdir) file("${outdir}/pipeline_info/picket_failures.tsv").delete()
    return [rows: rows, simulate: simulate, specs: specs, settings: settings, s2plan: s2plan,
            note_export: stop_after != 's1' && settings.export_formats != 'none']
}

/*
 * The closing lines: done (with where the results are) or FAILED (with the error), and the task counts.
 */
workflow PIPELINE_COMPLETION {
    take:
    outdir   // --outdir
    done     // once, when every task has finished: pipeline_info/picket_failures.tsv, or '' when none failed
    answers  // once (or never, with --stop_after s1): [[id, consensus particles, consensus F1 or null], ...]
    tomograms // how many tomograms the run has

    main:
    def answerRows = []
    answers.subscribe { rows -> answerRows.addAll(rows) }
    // tomograms a tool refused (bin/picket-guard): the others ran to the end; the run ends non-zero, naming each
    done.subscribe { tsv -> if (tsv) error(failureSummary(tsv.readLines(), tomograms, params.stop_after != 's1')) }
    workflow.onComplete { completionSummary(outdir, answerRows) }
}

// "N tomograms failed ..." and one line per failure (id: step: the tool's message), from the lines of
// pipeline_info/picket_failures.tsv. total: the run's tomograms (null: unknown); report: whether the run makes a
// report.html (not with --stop_after s1). Some failed: "the others ran to the end"; all failed: says so, and points
// to report.html only for what it may hold (the tomograms that failed late, in EXPORT, are in it).
def failureSummary(List lines, total, boolean report) {
    def rows = lines.findAll { it.trim() }.collect { it.split('\t', 3) }
    def ids = rows.collect { it[0] }.unique()
    def n = ids.size()
    def list = ids.join(', ')
    def head
    if (total != null && n >= (total as int) && n == 1) {
        head = "picket-nf: the run's only tomogram failed (${list})" + (report ? '; report.html, if written, shows how far it got' : '')
    } else if (total != null && n >= (total as int)) {
        head = "picket-nf: all ${n} tomograms failed (${list}); none ran to the end" + (report ? '; report.html, if written, shows how far each got' : '')
    } else {
        head = "picket-nf: ${n} tomogram${n > 1 ? 's' : ''} failed (${list}); the others ran to the end" + (report ? ' (see report.html)' : '')
    }
    return head + ':\n' + rows.collect { "  - ${it[0]}: ${it[1]}: ${it.size() > 2 ? it[2] : ''}" }.join('\n')
}

// the answer per tomogram in one line: particles of the consensus set (and its F1 when a truth was given); at most
// 8 tomograms by name, then the totals
def answerSummary(rows) {
    if (!rows) return ''
    def f1s = rows.findAll { it[2] != null }.collect { it[2] as double }
    def shown = rows.take(8).collect { r -> "${r[0]}: ${r[1]} particles" + (r[2] != null ? String.format(" (F1 %.3f)", r[2] as double) : "") }
    def more = rows.size() > 8 ? ", ... (${rows.size()} tomograms, ${rows.sum { it[1] as long }} particles in all)" : ''
    def mean = f1s.size() > 1 ? String.format('; mean F1 %.3f over %d with truth', f1s.sum() / f1s.size(), f1s.size()) : ''
    return "\npicket-nf: the answer per tomogram, <id>/<id>_consensus.csv (particles found by most workflows, a confidence each): " +
           shown.join(', ') + more + mean
}

def completionSummary(outdir, answers = []) {
    def s = workflow.stats
    def line = "picket-nf: ${workflow.success ? 'done' : 'FAILED'} in ${workflow.duration}: " +
               "${s.succeedCount} tasks succeeded, ${s.cachedCount} cached, ${s.failedCount} failed" +
               (s.retriesCount ? " (${s.retriesCount} of them retried)" : '') +
               (s.ignoredCount ? ", ${s.ignoredCount} ignored" : '')
    if (workflow.success) {
        log.info line + answerSummary(answers) + "\npicket-nf: results in ${outdir}: report/index.html (open it in a browser: one row per tomogram, a page each), <id>/<id>_consensus.csv (the answer; also .star, .yaml, .ndjson), <id>/<id>_ranking.csv (the single workflow that agrees best with the rest), <id>/particles, <id>/segmentations, " +
                 (params.export_formats.toString() != 'none' && params.stop_after != 's1' ? "<id>/export (coordinates for RELION 5, Warp, copick, Dynamo, IMOD), " : '') + "pipeline_info/"
    } else {
        def unwritable = unwritableOutdir(outdir, workflow.errorMessage)
        log.error line + (workflow.errorMessage ? "\n${workflow.errorMessage}" : '') + (unwritable ? "\n${unwritable}" : '')
    }
}

// After a failed run: when --outdir (or a folder of it that the error names, e.g. Nextflow's "Failed to create publish
// directory: ...", which gives no reason) cannot be written, one line saying so ('' otherwise; a local outdir only).
def unwritableOutdir(outdir, errorMessage) {
    if (!outdir || outdir.toString().contains('://')) return ''
    def root = java.nio.file.Paths.get(outdir.toString()).toAbsolutePath().normalize()
    def named = ((errorMessage ?: '') =~ /\/[^\s;,'"]+/).collect { java.nio.file.Paths.get(it).normalize() }.findAll { it.startsWith(root) }
    for (def p : [root] + named) {
        while (p != null && !java.nio.file.Files.isDirectory(p)) p = p.parent
        if (p != null && !java.nio.file.Files.isWritable(p)) {
            return "picket-nf: the results folder ${outdir} cannot be written (${p}: read-only file system or no permission); " +
                   "make it writable (or give another --outdir), then run again with -resume (it publishes every file again)"
        }
    }
    return ''
}

/*
 * The versions topic ([process, tool, version] of every task) -> the text of picket_software_versions.yml:
 * one block per process (its simple name), then a Workflow block (Nextflow, the Java that runs it, picket-nf);
 * processes and tools sorted, so that the same tools give the same bytes.
 */
def softwareVersionsToYAML(ch_versions) {
    return ch_versions
        .map { process, tool, version -> [process.tokenize(':')[-1], tool, version.toString().trim()] }
        .unique()
        .toSortedList { a, b -> a[0] <=> b[0] ?: a[1] <=> b[1] ?: a[2] <=> b[2] }
        .map { entries ->
            def blocks = entries.groupBy { it[0] }.collect { process, tools ->
                "${process}:\n" + tools.collect { "  ${it[1]}: ${it[2]}\n" }.join('')
            }
            blocks.join('') + "Workflow:\n" +
                "  Nextflow: ${workflow.nextflow.version}\n" +
                "  Java: ${System.getProperty('java.version')}\n" +
                "  picket-nf: ${workflow.manifest.version}\n"
        }
}

def given(v) { v != null && v != true && v.toString() }

// a file's identity for comparing tomogram lists: its real path when it exists
def canon(f) { f.exists() ? f.toRealPath().toString() : f.toAbsolutePath().normalize().toString() }

/*
 * --input and --picket_s1 both: the same tomograms with the same z-limits; the samplesheet adds ids, truth,
 * particle_cluster_id. Returns the rows in PickET's idx order; problems go to errors.
 */
def mergeS1(List rows, List s1Tomos, input, List errors) {
    def sheetBy = rows.collectEntries { r -> [(canon(r[1])): r] }
    def yamlBy = s1Tomos.collectEntries { t -> [(canon(t[1])): t] }
    s1Tomos.each { meta, t ->
        if (!sheetBy.containsKey(canon(t))) errors << "--picket_s1 inputs[${meta.idx}] ${t} is not in --input ${input}"
    }
    rows.each { meta, t, truth ->
        if (!yamlBy.containsKey(canon(t))) errors << "--input ${input}: ${meta.id} (${t}) is not in --picket_s1's inputs"
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
    return merged
}

// name -> property map of every param in nextflow_schema.json
def schemaProperties(schemaFile) {
    def schema = new JsonSlurper().parse(new File(schemaFile.toString()))
    def props = [:]
    schema['$defs'].each { group, defn -> defn.properties.each { name, p -> props[name] = p } }
    return props
}

def schemaRequired(schemaFile) {
    def schema = new JsonSlurper().parse(new File(schemaFile.toString()))
    return schema['$defs'].collectMany { group, defn -> defn.required ?: [] }
}

def isGlob(String path) {
    return path =~ /[*?\[{]/
}

// comma-separated list param -> list of trimmed, non-empty values
def csvList(value) {
    return value == null ? [] : value.toString().split(',').collect { it.trim() }.findAll { it }
}

// every problem of the params against the schema
def validateParams(params, schemaFile) {
    def props = schemaProperties(schemaFile)
    def errors = []
    def camel = { String s -> s.replaceAll(/_([a-z])/) { all, c -> c.toUpperCase() } }
    def known = props.keySet() + props.keySet().collect { camel(it) } + props.keySet().collect { it.replace('_', '-') }
    params.each { name, value ->
        if (!(name in known)) {
            def near = props.keySet().find { it.equalsIgnoreCase(name.replace('-', '_')) }
            errors << "unknown parameter --${name}" + (near ? " (did you mean --${near}?)" : '')
        }
    }
    schemaRequired(schemaFile).each { name ->
        if (params[name] == null || params[name] == true || params[name].toString().isEmpty()) {
            errors << "--${name} is required: ${props[name]?.description}"
        }
    }
    props.each { name, p ->
        def v = params[name]
        if (v == null) return
        switch (p.type) {
            case 'integer':
                if (!(v instanceof Integer || v instanceof Long || v.toString() ==~ /-?\d+/)) {
                    errors << "--${name} must be an integer, got '${v}'"; return
                }
                def n = v.toString() as long
                if (p.minimum != null && n < p.minimum) errors << "--${name} must be >= ${p.minimum}, got ${n}"
                break
            case 'number':
                if (!(v instanceof Number || v.toString() ==~ /-?\d+(\.\d*)?([eE][-+]?\d+)?/)) {
                    errors << "--${name} must be a number, got '${v}'"; return
                }
                if (p.exclusiveMinimum != null && (v.toString() as double) <= (p.exclusiveMinimum as double)) errors << "--${name} must be > ${p.exclusiveMinimum}, got ${v}"
                break
            case 'boolean':
                if (!(v instanceof Boolean)) errors << "--${name} must be true or false, got '${v}'"
                break
            case 'string':
                if (v instanceof Boolean) { errors << "--${name} needs a value"; return }
                if (p.enum && !(v.toString() in p.enum)) {
                    errors << "--${name} must be one of ${p.enum.join(', ')}, got '${v}'"
                }
                if (p.items?.enum) {
                    def values = csvList(v)
                    def bad = values.findAll { !(it in p.items.enum) }
                    if (bad) errors << "--${name}: unknown value${bad.size() > 1 ? 's' : ''} ${bad.collect { "'$it'" }.join(', ')}; allowed: ${p.items.enum.join(', ')}"
                    else if (!values) errors << "--${name} is empty; allowed: ${p.items.enum.join(', ')}"
                    else if (values.unique(false).size() != values.size()) errors << "--${name} names a value twice: '${v}'"
                }
                // JSON-schema semantics: the pattern is searched for (anchor it to match the whole value)
                if (p.pattern && !(v.toString() =~ p.pattern).find()) {
                    errors << "--${name} ${p.errorMessage ?: "must match ${p.pattern}"}, got '${v}'"
                }
                if (p.exists && p.format == 'file-path') {
                    def glob = isGlob(v.toString())
                    if (glob && !files(v.toString())) errors << "--${name}: no file matches ${v}"
                    else if (!glob && !file(v.toString()).exists()) errors << "--${name}: no such file: ${v}"
                }
                break
        }
    }
    // 'required_with_profile': a param that a profile cannot run without (the cloud work folder, project, queue)
    def profiles = (workflow.profile ?: '').tokenize(',')*.trim()
    props.each { name, p ->
        def v = params[name]
        if (p.required_with_profile && p.required_with_profile in profiles
                && (v == null || v.toString().isEmpty())) {   // a bare --name is reported above
            errors << "--${name} is required with -profile ${p.required_with_profile}: ${p.description}"
        }
    }
    if (params.test_data_seeds && params.test_data_seeds.toString() ==~ /[0-9]+(,[0-9]+)*/) {
        def seeds = csvList(params.test_data_seeds)
        if (seeds.unique(false).size() != seeds.size()) errors << "--test_data_seeds names a seed twice: '${params.test_data_seeds}'"
    }
    def formats = csvList(params.export_formats)
    if (formats.size() > 1 && formats.any { it in ['all', 'none'] }) {
        errors << "--export_formats: 'all' and 'none' stand alone, got '${params.export_formats}'"
    }
    if (params.neighborhood_size != null && params.neighborhood_size.toString() ==~ /\d+/
            && (params.neighborhood_size as int) % 2 == 0) {
        errors << "--neighborhood_size must be odd, got ${params.neighborhood_size}"
    }
    return errors
}

/*
 * --input: a samplesheet CSV (readSamplesheet, with the samplesheet schema) or a glob of MRC files (id = file name without .mrc / .mrc.gz).
 * Returns [rows, errors] with rows [meta, tomogram, truth-or-null].
 */
def readInput(String input, sampleSchema) {
    if (input.toLowerCase().endsWith('.csv') && !isGlob(input)) return readSamplesheet(input, sampleSchema)
    def errors = []
    def rows = []
    def seen = [:]
    def matched = isGlob(input) ? files(input).sort { it.toString() } : [file(input)]
    matched.each { f ->
        def name = f.name
        def id = name.replaceFirst(/(?i)\.(mrc|rec|map)(\.gz)?$/, '')
        if (id == name) { errors << "--input ${input}: ${name} is not an MRC file (.mrc, .rec, .map, optionally .gz)"; return }
        if (!(id ==~ /[A-Za-z0-9][A-Za-z0-9._-]*/)) { errors << "--input ${input}: id '${id}' of ${name} may hold only letters, digits, '.', '_' and '-'"; return }
        if (seen[id]) { errors << "--input ${input}: ${name} and ${seen[id]} give the same id '${id}'"; return }
        seen[id] = name
        rows << [[id: id], f, null]
    }
    return [rows, errors]
}

/*
 * Samplesheet CSV, its columns as assets/schema_input.json describes them (the schema that --input's entry in
 * nextflow_schema.json names). Returns [rows, errors]; rows are [meta, file columns...] ([meta, tomogram,
 * truth-or-null]): columns with "meta" go into the meta map, "file-path" columns are resolved against the
 * samplesheet's folder (unless absolute or a URL). The schema's keywords read here: required, uniqueEntries,
 * minItems, and per column type (string, integer or number), pattern, minimum, exclusiveMinimum (numbers), format file-path, exists, title (the
 * column's name in messages) and errorMessage.
 */
def readSamplesheet(sheetPath, schemaFile) {
    def schema = new JsonSlurper().parse(new File(schemaFile.toString()))
    def props = schema.items.properties
    def columns = props.keySet() as List
    def required = schema.items.required ?: []
    def unique = schema.uniqueEntries ?: []
    def errors = []
    def rows = []
    def sheet = file(sheetPath)
    if (!sheet.exists()) return [rows, ["samplesheet ${sheetPath}: no such file"]]
    def lines = sheet.readLines().findAll { it.trim() && !it.startsWith('#') }
    if (!lines) return [rows, ["samplesheet ${sheetPath}: empty"]]
    def header = lines[0].split(',', -1).collect { it.trim() }
    def unknown = header.findAll { !(it in columns) }
    if (unknown) errors << "samplesheet ${sheet.name}: unknown column${unknown.size() > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${columns.join(', ')})"
    required.each { if (!(it in header)) errors << "samplesheet ${sheet.name}: required column '${it}' missing" }
    if (errors) return [rows, errors]
    def seen = unique.collectEntries { [(it): [:]] }
    def resolve = { String p -> p.startsWith('/') || p.contains('://') ? file(p) : sheet.parent.resolve(p) }
    lines.drop(1).eachWithIndex { line, i ->
        def where = "samplesheet ${sheet.name} line ${i + 2}"
        def cells = line.split(',', -1).collect { it.trim() }
        if (cells.size() != header.size()) { errors << "${where}: ${cells.size()} fields, the header has ${header.size()}"; return }
        def row = [header, cells].transpose().collectEntries { it }
        def meta = [:]
        def files = [:]
        props.each { name, p ->
            def v = row[name]
            if (p.meta && !(p.type in ['integer', 'number'])) meta[p.meta[0]] = v   // as written, also when refused below
            if (!v) {
                if (name in required) errors << "${where}: empty ${p.title ?: name}"
                return
            }
            if (p.type == 'integer') {
                if (!(v ==~ /-?\d+/) || (p.minimum != null && (v as long) < p.minimum)) {
                    errors << "${where}: ${name} ${p.errorMessage ?: 'must be an integer'}, got '${v}'"
                    return
                }
                if (p.meta) meta[p.meta[0]] = v as int
            } else if (p.type == 'number') {
                if (!(v ==~ /-?\d+(\.\d*)?([eE][-+]?\d+)?/) || (p.exclusiveMinimum != null && (v as BigDecimal) <= (p.exclusiveMinimum as BigDecimal))) {
                    errors << "${where}: ${name} ${p.errorMessage ?: 'must be a number'}, got '${v}'"
                    return
                }
                if (p.meta) meta[p.meta[0]] = v as BigDecimal
            } else if (p.pattern && !(v =~ p.pattern).find()) {
                errors << "${where}: ${name} '${v}' ${p.errorMessage ?: "must match ${p.pattern}"}"
                return
            }
            if (name in unique) {
                if (seen[name][v]) { errors << "${where}: duplicate ${name} '${v}' (first on line ${seen[name][v]})"; return }
                seen[name][v] = i + 2
            }
            if (p.format == 'file-path') {
                files[name] = resolve(v)
                if (p.exists && !files[name].exists()) errors << "${where}: ${p.title ?: name} not found: ${v}"
            }
        }
        // the one rule across two columns, which a column's schema cannot state: a non-empty z-slab
        if (meta.lower_z != null && meta.upper_z != null && meta.lower_z >= meta.upper_z) {
            errors << "${where}: z-limits reversed or empty: lower_z ${meta.lower_z} >= upper_z ${meta.upper_z}"
        }
        rows << [meta] + props.findAll { name, p -> p.format == 'file-path' }.collect { name, p -> files[name] }
    }
    if (!rows && !errors && (schema.minItems ?: 0) > 0) errors << "samplesheet ${sheet.name}: no rows"
    return [rows, errors]
}

// --help text from the schema
def helpText(schemaFile) {
    def schema = new JsonSlurper().parse(new File(schemaFile.toString()))
    def out = ["Usage: bin/picket-nextflow run . --input samplesheet.csv --outdir results [-profile test|local] [-resume]", ""]
    schema['$defs'].each { group, defn ->
        out << "${defn.title}:"
        defn.properties.each { name, p ->
            def dflt = p.default != null ? " [default: ${p.default}]" : ''
            def allowed = p.enum ? " (${p.enum.join('|')})" : ''
            def needed  = p.required_with_profile ? " [required with -profile ${p.required_with_profile}]" : ''
            out << String.format("  --%-36s %s%s%s%s", name, p.description, allowed, dflt, needed)
        }
        out << ""
    }
    return out.join('\n')
}

/*
 * The built-in test data (--test_data, set by -profile test): one [id, seed, size] per seed, for SIMULATE.
 */
/*
 * The MRC header and size of each tomogram, checked with the tools' own reader (org.picketnf.core.mrc.MrcFile from
 * the picket-tools jar, in a class loader of its own so that its libraries do not meet Nextflow's). Returns
 * [errors: one line per unreadable file, headers: path -> [voxels: nx*ny*nz, size: 'NX,NY,NZ', header_pixel_A: the
 * header's voxel size along x in A, 0 when the header leaves it undefined], note: why nothing was checked (or null)].
 * Files that are not on a local file system (s3://, gs://) are left to the tasks.
 */
def checkHeaders(List tomograms) {
    def version = workflow.manifest.version
    def jarName = "picket-tools-${version}-all.jar"
    def jar = [System.getenv('PICKET_LIB'), "${projectDir}/lib", "${projectDir}/java/tools/target"]
        .findAll { it }.collect { new File(it.toString(), jarName) }.find { it.isFile() }
    if (jar == null) {
        return [[], [:], "MRC headers not checked before the run (${jarName} not found: 'make build' makes it); each tomogram is checked by its first task"]
    }
    def loader = new URLClassLoader([jar.toURI().toURL()] as URL[], ClassLoader.platformClassLoader)
    def mrcFile = loader.loadClass('org.picketnf.core.mrc.MrcFile')
    def errors = []
    def headers = [:]
    tomograms.each { t ->
        if (t.toUri().scheme != 'file') return
        try {
            def f = mrcFile.getMethod('open', java.nio.file.Path).invoke(null, t)
            // the header's float32, printed as a float (13.48, not 13.479999542236328)
            def apix = f.voxelSizeDefaulted() ? 0 : new BigDecimal(Float.toString((float) f.geometry().voxelX()))
            headers[t.toString()] = [voxels: (long) f.nx() * f.ny() * f.nz(), size: "${f.nx()},${f.ny()},${f.nz()}".toString(),
                                     header_pixel_A: apix]
        } catch (java.lang.reflect.InvocationTargetException e) {
            errors << (e.cause?.message ?: "${t}: ${e.cause}").toString()
        }
    }
    return [errors, headers, null]
}

/*
 * The exported coordinates' geometry of one tomogram (EXPORT's meta): the size, the voxel size (the samplesheet's
 * pixel_size_A, else --pixel_size_A, else the header's), whether it is a placeholder (the header's 0 or 1 A, no
 * override), the binning (the samplesheet's coordinate_binning, else --coordinate_binning) and the formats.
 * Without the header (not read before the run: a remote file, no jar) size and voxel size are null: EXPORT reads them.
 */
def exportMeta(Map sample, Map settings) {
    def override = sample.pixel_size_A != null ? sample.pixel_size_A : settings.pixel_size_A
    def known = sample.size != null && (override != null || sample.header_pixel_A != null)
    return [id: sample.id, size: known ? sample.size : null,
            pixel_size_A: override != null ? override : sample.header_pixel_A,
            pixel_size_placeholder: pixelSizePlaceholder(sample),
            coordinate_binning: sample.coordinate_binning != null ? sample.coordinate_binning : settings.coordinate_binning,
            formats: settings.export_formats]
}

// the header's voxel size is 0 (undefined) or 1 A (what most writers put when they do not know it) and none was set
def pixelSizePlaceholder(Map meta) {
    if (meta.pixel_size_A != null || params.pixel_size_A != null || meta.header_pixel_A == null) return false
    def h = meta.header_pixel_A as BigDecimal
    return h == 0 || h == 1
}

// the log's note for the tomograms whose voxel size is a placeholder (at most 8 named)
def pixelSizeNote(List metas) {
    def ids = metas.take(8).collect { "${it.id} (${it.header_pixel_A} A)" }.join(', ') + (metas.size() > 8 ? ", ... (${metas.size()} tomograms)" : '')
    return "the MRC header gives no real voxel size for ${ids}: the exported Angstrom coordinates (<id>/export/: " +
           "RELION 5, copick) use it and say it is a placeholder; set --pixel_size_A (or the samplesheet's pixel_size_A column)"
}

def testDataSpecs(params) {
    return csvList(params.test_data_seeds).collect { seed -> [id: "sim${seed}".toString(), seed: seed as long, size: params.test_data_size.toString()] }
}
