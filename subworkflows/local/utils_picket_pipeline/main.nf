/*
 * Parameter and samplesheet checks in plain Groovy (no plugins: none can be installed offline).
 * Everything is checked before any task starts, and every problem is reported in one message.
 */
import groovy.json.JsonSlurper

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
    if (params.neighborhood_size != null && params.neighborhood_size.toString() ==~ /\d+/
            && (params.neighborhood_size as int) % 2 == 0) {
        errors << "--neighborhood_size must be odd, got ${params.neighborhood_size}"
    }
    return errors
}

/*
 * --input: a samplesheet CSV (readSamplesheet) or a glob of MRC files (id = file name without .mrc / .mrc.gz).
 * Returns [rows, errors] with rows [meta, tomogram, truth-or-null].
 */
def readInput(String input) {
    if (input.toLowerCase().endsWith('.csv') && !isGlob(input)) return readSamplesheet(input)
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
 * Samplesheet CSV: id,tomogram[,lower_z,upper_z,particle_cluster_id,truth]
 * Returns [rows, errors]; rows are [meta, tomogram, truth-or-null]. Relative paths are resolved against the
 * samplesheet's folder.
 */
def readSamplesheet(sheetPath) {
    def columns = ['id', 'tomogram', 'lower_z', 'upper_z', 'particle_cluster_id', 'truth']
    def errors = []
    def rows = []
    def sheet = file(sheetPath)
    if (!sheet.exists()) return [rows, ["samplesheet ${sheetPath}: no such file"]]
    def lines = sheet.readLines().findAll { it.trim() && !it.startsWith('#') }
    if (!lines) return [rows, ["samplesheet ${sheetPath}: empty"]]
    def header = lines[0].split(',', -1).collect { it.trim() }
    def unknown = header.findAll { !(it in columns) }
    if (unknown) errors << "samplesheet ${sheet.name}: unknown column${unknown.size() > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${columns.join(', ')})"
    ['id', 'tomogram'].each { if (!(it in header)) errors << "samplesheet ${sheet.name}: required column '${it}' missing" }
    if (errors) return [rows, errors]
    def seen = [:]
    lines.drop(1).eachWithIndex { line, i ->
        def where = "samplesheet ${sheet.name} line ${i + 2}"
        def cells = line.split(',', -1).collect { it.trim() }
        if (cells.size() != header.size()) { errors << "${where}: ${cells.size()} fields, the header has ${header.size()}"; return }
        def row = [header, cells].transpose().collectEntries { it }
        def id = row.id
        if (!id) errors << "${where}: empty id"
        else if (!(id ==~ /[A-Za-z0-9][A-Za-z0-9._-]*/)) errors << "${where}: id '${id}' may hold only letters, digits, '.', '_' and '-'"
        else if (seen[id]) errors << "${where}: duplicate id '${id}' (first on line ${seen[id]})"
        else seen[id] = i + 2
        def resolve = { String p -> p.startsWith('/') || p.contains('://') ? file(p) : sheet.parent.resolve(p) }
        def tomo = null
        if (!row.tomogram) errors << "${where}: empty tomogram"
        else {
            tomo = resolve(row.tomogram)
            if (!tomo.exists()) errors << "${where}: tomogram not found: ${row.tomogram}"
        }
        def meta = [id: id]
        ['lower_z', 'upper_z', 'particle_cluster_id'].each { c ->
            if (row[c]) {
                if (row[c] ==~ /\d+/) meta[c] = row[c] as int
                else errors << "${where}: ${c} must be a non-negative integer, got '${row[c]}'"
            }
        }
        if (meta.lower_z != null && meta.upper_z != null && meta.lower_z >= meta.upper_z) {
            errors << "${where}: z-limits reversed or empty: lower_z ${meta.lower_z} >= upper_z ${meta.upper_z}"
        }
        def truth = null
        if (row.truth) {
            truth = resolve(row.truth)
            if (!truth.exists()) errors << "${where}: truth file not found: ${row.truth}"
        }
        rows << [meta, tomo, truth]
    }
    if (!rows && !errors) errors << "samplesheet ${sheet.name}: no rows"
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
def testDataSpecs(params) {
    return csvList(params.test_data_seeds).collect { seed -> [id: "sim${seed}".toString(), seed: seed as long, size: params.test_data_size.toString()] }
}
