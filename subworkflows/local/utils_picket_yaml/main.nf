/*
 * PickET's own parameter files as pipeline input: --picket_s1 (S1 YAML) and --picket_s2 (S2 YAML), formats as in
 * PickET's example/s1_params_example.yaml and example/s2_params_example.yaml. Parsed with the SnakeYAML that
 * Nextflow bundles (YAML 1.1 like PyYAML: 100_000_000 is an integer), no plugin.
 *
 * Every field is mapped to a parameter or a samplesheet value, or refused with a message, or (when it cannot change
 * a result) reported in a note. Nothing is ignored silently. The functions only collect: PIPELINE_INITIALISATION
 * (../utils_picket_pipeline) reports every error at once and starts no task when there is one.
 */
import org.yaml.snakeyaml.Yaml

// file name -> id, as for an --input glob: the name without .mrc/.rec/.map (and .gz)
def tomogramId(String path) {
    def name = path.tokenize('/').last()
    def id = name.replaceFirst(/(?i)\.(mrc|rec|map)(\.gz)?$/, '')
    return id == name ? null : id
}

// PickET opens relative paths from the folder it runs in; so do we (the launch folder)
def resolvePicketPath(String p) {
    return p.startsWith('/') || p.contains('://') ? file(p) : file("${workflow.launchDir}/${p}")
}

def loadYaml(String path, String what, List errors) {
    def f = file(path)
    if (!f.exists()) { errors << "${what} ${path}: no such file"; return null }
    try {
        def doc = new Yaml().load(f.text)
        if (!(doc instanceof Map)) { errors << "${what} ${path}: not a YAML mapping of PickET parameters"; return null }
        return doc
    } catch (Exception e) {
        errors << "${what} ${path}: not valid YAML: ${e.message?.readLines()?.take(3)?.join(' ')}"
        return null
    }
}

def isInt(v) { v instanceof Integer || v instanceof Long || v instanceof BigInteger }

// optional non-negative integer z-limit of an inputs entry
def zLimit(Map entry, String key, String where, List errors) {
    def v = entry[key]
    if (v == null) return null
    if (!isInt(v) || v < 0) { errors << "${where}: ${key} must be a non-negative integer, got '${v}'"; return null }
    return v as int
}

def unknownKeys(Map m, List allowed, String where, List errors, String hint = '') {
    def bad = m.keySet().findAll { !(it in allowed) }
    if (bad) errors << "${where}: unknown key${bad.size() > 1 ? 's' : ''} ${bad.collect { "'$it'" }.join(', ')} (allowed: ${allowed.join(', ')})${hint}"
}

/*
 * S1 YAML -> [tomograms, settings, notes, errors, dataset_name]
 *   tomograms: [[meta (id, lower_z, upper_z), tomogram path], ...] in the file's order (PickET's idx)
 *   settings:  param name -> value (neighborhood_size, max_num_neighborhoods_for_fitting, num_sinusoids,
 *              num_output_features, modes, clusterers)
 *   dataset_name: the file's dataset_name (null when missing or the file unreadable), which the S2 YAML must repeat
 */
def readPicketS1(String path) {
    def errors = [], notes = [], tomograms = [], settings = [:]
    def w = "--picket_s1 ${path}"
    def doc = loadYaml(path, '--picket_s1', errors)
    if (doc == null) return [tomograms, settings, notes, errors, null]
    def dataset = doc.dataset_name?.toString()
    unknownKeys(doc, ['dataset_name', 'inputs', 'neighborhood_size', 'max_num_neighborhoods_for_fitting',
                      'feature_extraction_params', 'clustering_methods', 'output_dir'], w, errors,
                doc.keySet().any { it in ['window_size', 'max_num_windows_for_fitting'] }
                    ? "; window_size/max_num_windows_for_fitting are PickET's keys before August 2025, now neighborhood_size/max_num_neighborhoods_for_fitting" : '')
    ['dataset_name', 'inputs', 'neighborhood_size', 'feature_extraction_params', 'clustering_methods', 'output_dir'].each {
        if (!doc.containsKey(it) || doc[it] == null) errors << "${w}: required key '${it}' missing"
    }

    // inputs: tomogram, optional z-limits (S1: the fitting slab, upper exclusive)
    def inputs = doc.inputs
    if (inputs != null && !(inputs instanceof List && inputs)) errors << "${w}: inputs must be a non-empty list of {tomogram: ...}"
    else if (inputs) {
        def seen = [:]
        inputs.eachWithIndex { e, i ->
            def where = "${w}: inputs[${i}]"
            if (!(e instanceof Map)) { errors << "${where}: not a mapping {tomogram: ..., lower_z-slice_limit: ..., upper_z-slice_limit: ...}"; return }
            unknownKeys(e, ['tomogram', 'lower_z-slice_limit', 'upper_z-slice_limit'], where, errors)
            if (!e.tomogram) { errors << "${where}: tomogram missing"; return }
            def t = resolvePicketPath(e.tomogram.toString())
            if (!t.exists()) errors << "${where}: tomogram not found: ${e.tomogram}"
            def id = tomogramId(e.tomogram.toString())
            if (id == null) errors << "${where}: ${e.tomogram} is not an MRC file (.mrc, .rec, .map, optionally .gz)"
            else if (!(id ==~ /[A-Za-z0-9][A-Za-z0-9._-]*/)) errors << "${where}: id '${id}' (from the file name) may hold only letters, digits, '.', '_' and '-'"
            def meta = [id: id, idx: i]
            def lz = zLimit(e, 'lower_z-slice_limit', where, errors)
            def uz = zLimit(e, 'upper_z-slice_limit', where, errors)
            if (lz != null) meta.lower_z = lz
            if (uz != null) meta.upper_z = uz
            if (lz != null && uz != null && lz >= uz) errors << "${where}: z-limits reversed or empty: lower_z-slice_limit ${lz} >= upper_z-slice_limit ${uz}"
            if (seen[t.toString()] != null) errors << "${where}: the same tomogram as inputs[${seen[t.toString()]}]: ${e.tomogram}"
            seen[t.toString()] = i
            tomograms << [meta, t]
        }
        // ids are file names; two tomograms of the same name (in different folders) get <dataset_name>_<idx>
        def ids = tomograms.collect { it[0].id }.findAll { it != null }
        if (ids.unique(false).size() != ids.size() && doc.dataset_name) {
            def ds = doc.dataset_name.toString().replaceAll(/[^A-Za-z0-9._-]/, '_')
            tomograms.each { it[0].id = "${ds}_${it[0].idx}".toString() }
            notes << "${w}: two tomograms share a file name, so the ids are <dataset_name>_<idx>: ${tomograms.collect { it[0].id }.join(', ')}"
        }
    }

    // neighborhood_size, max_num_neighborhoods_for_fitting
    def n = doc.neighborhood_size
    if (n != null) {
        if (!isInt(n) || n < 3 || n % 2 == 0) errors << "${w}: neighborhood_size must be an odd integer >= 3, got '${n}'"
        else settings.neighborhood_size = n as int
    }
    if (doc.containsKey('max_num_neighborhoods_for_fitting')) {
        def m = doc.max_num_neighborhoods_for_fitting
        if (!isInt(m) || m < 1) errors << "${w}: max_num_neighborhoods_for_fitting must be a positive integer, got '${m}'"
        else settings.max_num_neighborhoods_for_fitting = m as long
    } else if (doc.neighborhood_size != null) {
        settings.max_num_neighborhoods_for_fitting = 0L
        notes << "${w}: no max_num_neighborhoods_for_fitting: every neighborhood of the slab is used for fitting, as PickET does (--max_num_neighborhoods_for_fitting 0)"
    }

    // feature_extraction_params: the modes and their parameters
    def fep = doc.feature_extraction_params
    def modeKeys = [ffts: ['mode', 'n_fft_subsets'],
                    gabor: ['mode', 'num_sinusoids', 'num_output_features', 'num_neighborhoods_subsets', 'num_parallel_filters'],
                    intensities: ['mode']]
    if (fep != null && !(fep instanceof List && fep)) errors << "${w}: feature_extraction_params must be a non-empty list of {mode: ...}"
    else if (fep) {
        def modes = []
        fep.eachWithIndex { e, i ->
            def where = "${w}: feature_extraction_params[${i}]"
            if (!(e instanceof Map) || !e.mode) { errors << "${where}: needs a mode (ffts, gabor or intensities)"; return }
            def mode = e.mode.toString()
            if (!(mode in modeKeys.keySet())) { errors << "${where}: unknown mode '${mode}' (allowed: ffts, gabor, intensities)"; return }
            if (mode in modes) { errors << "${where}: mode '${mode}' is listed twice"; return }
            modes << mode
            unknownKeys(e, modeKeys[mode], "${where} (${mode})", errors)
            def batching = e.keySet().findAll { it in ['n_fft_subsets', 'num_neighborhoods_subsets', 'num_parallel_filters'] }
            batching.each { k ->
                if (!isInt(e[k]) || e[k] < 1) errors << "${where}: ${k} must be a positive integer, got '${e[k]}'"
            }
            if (batching) notes << "${w}: ${mode}: ${batching.join(', ')} only batch PickET's GPU work; they do not change results and are not needed here"
            if (mode == 'gabor') {
                ['num_sinusoids', 'num_output_features'].each { k ->
                    if (e[k] == null) return
                    if (!isInt(e[k]) || e[k] < 1) errors << "${where}: ${k} must be a positive integer, got '${e[k]}'"
                    else settings[k] = e[k] as int
                }
                if (isInt(e.num_sinusoids) && isInt(e.num_output_features) && e.num_output_features > e.num_sinusoids ** 3) {
                    errors << "${where}: num_output_features ${e.num_output_features} is more than the ${e.num_sinusoids ** 3} Gabor filters of num_sinusoids ${e.num_sinusoids}"
                }
            }
        }
        if (modes) settings.modes = modes
    }

    // clustering_methods
    def cms = doc.clustering_methods
    if (cms != null) {
        def list = cms instanceof List ? cms.collect { it.toString() } : [cms.toString()]
        def bad = list.findAll { !(it in ['kmeans', 'gmm']) }
        if (bad) errors << "${w}: clustering_methods: unknown ${bad.collect { "'$it'" }.join(', ')} (allowed: kmeans, gmm)"
        else if (!list) errors << "${w}: clustering_methods is empty (allowed: kmeans, gmm)"
        else if (list.unique(false).size() != list.size()) errors << "${w}: clustering_methods names a method twice"
        else settings.clusterers = list
    }

    if (doc.output_dir) notes << "${w}: output_dir ${doc.output_dir} is not used: results go to --outdir, as <outdir>/<id>/..."
    if (settings.modes?.contains('gabor') && tomograms.size() > 1) {
        notes << "${w}: the Gabor filters are chosen per tomogram (PickET reuses those of the first tomogram for the rest)"
    }
    return [tomograms, settings, notes, errors, dataset]
}

/*
 * S2 YAML -> [plan, settings, notes, errors]
 *   plan: "<id>_<mode>_<clusterer>" -> [particle_cluster_id:, s2_lower_z:, s2_upper_z:] for each listed segmentation
 *   settings: methods (list), min_distance
 * ids: the tomogram ids in PickET's idx order (S1 inputs order, else the samplesheet's); modes, clusterers: what
 * S1 runs. A segmentation is named as PickET names it, segmentation_<idx>_<mode>_<clusterer>.h5, or as picket-nf
 * does, <id>_<mode>_<clusterer>.mrc; the folder is not read (the pipeline makes the segmentation).
 */
def readPicketS2(String path, List ids, List modes, List clusterers, String s1Dataset) {
    def errors = [], notes = [], plan = [:], settings = [:]
    def w = "--picket_s2 ${path}"
    def doc = loadYaml(path, '--picket_s2', errors)
    if (doc == null) return [plan, settings, notes, errors]
    unknownKeys(doc, ['dataset_name', 'inputs', 'particle_extraction_params', 'output_dir'], w, errors)
    ['dataset_name', 'inputs', 'particle_extraction_params', 'output_dir'].each {
        if (!doc.containsKey(it) || doc[it] == null) errors << "${w}: required key '${it}' missing"
    }
    if (s1Dataset != null && doc.dataset_name != null && doc.dataset_name.toString() != s1Dataset) {
        errors << "${w}: dataset_name '${doc.dataset_name}' is not the S1 file's '${s1Dataset}'"
    }

    def inputs = doc.inputs
    if (inputs != null && !(inputs instanceof List && inputs)) errors << "${w}: inputs must be a non-empty list of {segmentation: ..., particle_cluster_id: ...}"
    else if (inputs) {
        inputs.eachWithIndex { e, i ->
            def where = "${w}: inputs[${i}]"
            if (!(e instanceof Map)) { errors << "${where}: not a mapping {segmentation: ..., particle_cluster_id: ...}"; return }
            unknownKeys(e, ['segmentation', 'particle_cluster_id', 'lower_z-slice_limit', 'upper_z-slice_limit'], where, errors)
            def pc = e.particle_cluster_id
            if (pc == null) errors << "${where}: particle_cluster_id missing"
            else if (!isInt(pc) || pc < 0) errors << "${where}: particle_cluster_id must be a non-negative integer, got '${pc}'"
            def lz = zLimit(e, 'lower_z-slice_limit', where, errors)
            def uz = zLimit(e, 'upper_z-slice_limit', where, errors)
            if (lz != null && uz != null && lz > uz) errors << "${where}: z-limits reversed: lower_z-slice_limit ${lz} > upper_z-slice_limit ${uz} (S2 keeps both, inclusive)"
            if (!e.segmentation) { errors << "${where}: segmentation missing"; return }
            def name = e.segmentation.toString().tokenize('/').last()
            def key = null
            def m = name =~ /^segmentation_(\d+)_([a-z]+)_([a-z]+)\.h5$/
            if (m.matches()) {
                def idx = m.group(1) as int
                def (mode, cl) = [m.group(2), m.group(3)]
                if (idx >= ids.size()) { errors << "${where}: ${name}: this run has no tomogram ${idx} (tomograms 0..${ids.size() - 1}: ${ids.join(', ')})"; return }
                key = [ids[idx], mode, cl]
            } else {
                def hit = null
                ids.each { id -> modes.each { mo -> clusterers.each { c -> if (name == "${id}_${mo}_${c}.mrc") hit = [id, mo, c] } } }
                if (hit == null) {
                    errors << "${where}: ${name} is not a segmentation this run makes (PickET's segmentation_<idx>_<mode>_<clusterer>.h5 or picket-nf's <id>_<mode>_<clusterer>.mrc, ids ${ids.join(', ')})"
                    return
                }
                key = hit
            }
            def (id, mode, cl) = key
            if (!(mode in modes)) { errors << "${where}: ${name}: feature mode '${mode}' is not run (modes: ${modes.join(', ')})"; return }
            if (!(cl in clusterers)) { errors << "${where}: ${name}: clustering method '${cl}' is not run (clustering methods: ${clusterers.join(', ')})"; return }
            def k = "${id}_${mode}_${cl}".toString()
            if (plan.containsKey(k)) { errors << "${where}: ${name} is listed twice (segmentation ${k} of this run)"; return }
            plan[k] = [particle_cluster_id: isInt(pc) ? pc as int : null, s2_lower_z: lz, s2_upper_z: uz, id: id, from: name]
        }
    }

    def pep = doc.particle_extraction_params
    if (pep != null && !(pep instanceof List && pep)) errors << "${w}: particle_extraction_params must be a non-empty list of {mode: ...}"
    else if (pep) {
        def methods = []
        pep.eachWithIndex { e, i ->
            def where = "${w}: particle_extraction_params[${i}]"
            if (!(e instanceof Map) || !e.mode) { errors << "${where}: needs a mode (connected_component_labeling or watershed_segmentation)"; return }
            def mode = e.mode.toString()
            if (mode == 'mean_shift_clustering') { errors << "${where}: mode mean_shift_clustering (undocumented in PickET) is not supported; use connected_component_labeling or watershed_segmentation"; return }
            if (!(mode in ['connected_component_labeling', 'watershed_segmentation'])) { errors << "${where}: unknown mode '${mode}' (allowed: connected_component_labeling, watershed_segmentation)"; return }
            if (mode in methods) { errors << "${where}: mode '${mode}' is listed twice"; return }
            methods << mode
            if (mode == 'connected_component_labeling') unknownKeys(e, ['mode'], "${where} (${mode})", errors)
            else {
                unknownKeys(e, ['mode', 'min_distance'], "${where} (${mode})", errors)
                if (e.min_distance == null) errors << "${where}: watershed_segmentation needs min_distance"
                else if (!isInt(e.min_distance) || e.min_distance < 1) errors << "${where}: min_distance must be a positive integer, got '${e.min_distance}'"
                else settings.min_distance = e.min_distance as int
            }
        }
        if (methods) settings.methods = methods
    }
    if (doc.output_dir) notes << "${w}: output_dir ${doc.output_dir} is not used: results go to --outdir, as <outdir>/<id>/..."
    return [plan, settings, notes, errors]
}

/*
 * Names of the params given on the command line (--name value, --name=value) or in a -params-file: a value from a
 * PickET YAML that differs from one of these is a contradiction; a value set only by a profile or config is
 * replaced, with a note.
 */
def commandLineParams() {
    def names = [] as Set
    def toks = (workflow.commandLine ?: '').tokenize(' ')
    toks.eachWithIndex { t, i ->
        if (t.startsWith('--') && t.length() > 2) names << t.substring(2).split('=', 2)[0].replace('-', '_')
        if (t == '-params-file' && i + 1 < toks.size()) {
            try {
                def pf = file(toks[i + 1])
                def doc = pf.name.endsWith('.json') ? new groovy.json.JsonSlurper().parse(pf.toFile()) : new Yaml().load(pf.text)
                if (doc instanceof Map) names.addAll(doc.keySet().collect { it.toString().replace('-', '_') })
            } catch (Exception ignored) { }
        }
    }
    return names.collect { it.replaceAll(/([A-Z])/) { all, c -> '_' + c.toLowerCase() } } as Set
}
