// One task per tomogram x mode: the mode's features are computed once and each of its models (meta.clusterers, in
// the order of `models`) labels them (picket-segment with --model/--out/--provenance repeated); the outputs are the
// bytes one task per model would give, <id>_<mode>_<clusterer>.{mrc,json}. The workflow splits them per clusterer.
process SEGMENT {
    tag "${meta.id}_${meta.mode}"
    label 'process_medium'

    input:
    tuple val(meta), path(models), path(pre), path(tomogram)

    output:
    // [meta, the segmentations, their provenance JSONs] (one file each when one clusterer; inputs never match)
    tuple val(meta), path("${prefix}_*.mrc"), path("${prefix}_*.json"), emit: segmentation, optional: true
    // the tool's version on the 'versions' topic ("picket-segment 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-segment'), eval("set -o pipefail; picket-segment --version | sed 's/^picket-segment //'"), emit: versions, topic: versions
    // bad input (the tool's exit 2) recorded by bin/picket-guard: [meta, <name>.failed.tsv]; the outputs above are then absent
    tuple val(meta), path("*.failed.tsv"), emit: failed, optional: true

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}_${meta.mode}"
    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    def ms   = models instanceof List ? models : [models]
    def segs  = meta.clusterers.collect { c -> "${prefix}_${c}.mrc" }
    def provs = meta.clusterers.collect { c -> "${prefix}_${c}.json" }
    def each = [ms, segs, provs].transpose().collect { m, sg, pv -> "--model ${m} --out ${sg} --provenance ${pv}" }.join(' ')
    """
    picket-guard ${meta.id} SEGMENT ${prefix} -- picket-segment -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. \\
        --threads ${task.cpus} \\
        --pre ${pre} \\
        --mode ${meta.mode} \\
        --tomogram ${tomogram} \\
        ${each} \\
        ${args}
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}_${meta.mode}"
    def segs  = meta.clusterers.collect { c -> "${prefix}_${c}.mrc" }
    def provs = meta.clusterers.collect { c -> "${prefix}_${c}.json" }
    """
    touch ${segs.join(' ')} ${provs.join(' ')}
    """
}
