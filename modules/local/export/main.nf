process EXPORT {
    tag "${meta.id}"
    label 'process_single'

    input:
    // one item per tomogram: meta [id, size 'NX,NY,NZ', pixel_size_A, pixel_size_placeholder, coordinate_binning,
    // formats] (workflows/picket.nf, exportMeta); every particle set <id>_<mode>_<clusterer>_<method>.csv and the
    // consensus <id>_consensus.csv, sorted by name. tomogram: [] when meta has the size and voxel size (the header was
    // read before the run), else the tomogram, whose header is read here (picket-tools mrcinfo)
    tuple val(meta), path(particles), path(tomogram)

    output:
    // per CSV <name>: <name>_relion5.star, <name>_relion5_tomograms.star, <name>_warp.star, <name>_dynamo.tbl,
    // <name>_imod.mod and the copick tree <name>_copick/ExperimentRuns/<id>/Picks/picket_0_particle.json
    tuple val(meta), path("*_{relion5.star,relion5_tomograms.star,warp.star,dynamo.tbl,imod.mod,copick}"), emit: files, optional: true
    // the tool's version on the 'versions' topic ("picket-tools 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-tools'), eval("set -o pipefail; picket-tools --version | sed 's/^picket-tools //'"), emit: versions, topic: versions
    // bad input (the tool's exit 2) recorded by bin/picket-guard in <id>_export.failed.tsv (no set is written then)
    tuple val(meta), path("*.failed.tsv"), emit: failed, optional: true

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''   // picket-tools export options, e.g. --copick-user me --copick-object ribosome
    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    def csvs = (particles instanceof List ? particles : [particles]).findAll { it.name.endsWith('.csv') }.sort { it.name }
    def known = meta.size && meta.pixel_size_A != null
    // the header, when it was not read before the run: size and voxel size from picket-tools mrcinfo (the header's
    // float32 to 7 digits: 13.48, not 13.479999542236328); a voxel size of 0 or 1 A there is a placeholder unless
    // --pixel_size_A / the samplesheet's pixel_size_A set one (meta.pixel_size_A)
    def header = known ? """
    size=${meta.size}
    apix=${meta.pixel_size_A}
    placeholder=${meta.pixel_size_placeholder ? '--pixel-size-placeholder' : ''}
    """ : """
    picket-tools -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. mrcinfo ${tomogram} > header.json
    size=\$(awk -F'[:,]' '/^ *"n[xyz]" :/ { gsub(/ /, "", \$2); s = s (s ? "," : "") \$2 } END { print s }' header.json)
    apix=${meta.pixel_size_A != null ? meta.pixel_size_A : '\$(sed -n \'s/^ *"voxel_size_A" : \\[ *\\([^ ,]*\\).*/\\1/p\' header.json | awk \'{ printf "%.7g", \$1 }\')'}
    placeholder=''
    ${meta.pixel_size_A == null ? "awk -v a=\"\$apix\" 'BEGIN { exit !(a + 0 == 0 || a + 0 == 1) }' && placeholder=--pixel-size-placeholder && echo \"picket-nf: note: ${meta.id}: the MRC header's voxel size \$apix A is a placeholder; set --pixel_size_A\" >&2" : ''}
    rm header.json
    """
    // one picket-tools export for every CSV (one JVM, every file checked before any is written); the consensus
    // set's score is its confidence column (the tool's default for a CSV without a score column)
    def sets = csvs.collect { f -> "--particles ${f} --out-prefix ${f.name[0..-5]}" }.join(' \\\n        ')
    """
    ${header.trim()}
    picket-guard ${meta.id} EXPORT ${meta.id}_export -- picket-tools -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. export \\
        --tomogram-size \$size \\
        --pixel-size \$apix \$placeholder \\
        --binning ${meta.coordinate_binning} \\
        --formats ${meta.formats} \\
        --name ${meta.id} \\
        ${sets}${args ? " \\\n        ${args}" : ''}
    """

    stub:
    def csvs  = (particles instanceof List ? particles : [particles]).findAll { it.name.endsWith('.csv') }.sort { it.name }
    def fmts  = meta.formats == 'all' ? ['relion5', 'warp', 'copick', 'dynamo', 'imod'] : meta.formats.tokenize(',')
    def files = [relion5: ['relion5.star', 'relion5_tomograms.star'], warp: ['warp.star'], dynamo: ['dynamo.tbl'], imod: ['imod.mod']]
    def touch = fmts.collectMany { f -> files[f] ?: [] }
    """
    for name in ${csvs.collect { it.name[0..-5] }.join(' ')}; do
        ${touch ? "touch " + touch.collect { "\${name}_${it}" }.join(' ') : ':'}
        ${'copick' in fmts ? "mkdir -p \${name}_copick/ExperimentRuns/${meta.id}/Picks && touch \${name}_copick/ExperimentRuns/${meta.id}/Picks/picket_0_particle.json" : ''}
    done
    """
}
