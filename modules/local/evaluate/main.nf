process EVALUATE {
    tag "${meta.prefix ?: "${meta.id}_${meta.mode}_${meta.clusterer}_${meta.method}"}"
    label 'process_single'

    input:
    tuple val(meta), path(pred), path(truth)

    output:
    tuple val(meta), path("${prefix}.eval.json"), emit: scores, optional: true
    // the tool's version on the 'versions' topic ("picket-tools 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-tools'), eval("set -o pipefail; picket-tools --version | sed 's/^picket-tools //'"), emit: versions, topic: versions
    // bad input (the tool's exit 2) recorded by bin/picket-guard: [meta, <name>.failed.tsv]; the outputs above are then absent
    tuple val(meta), path("*.failed.tsv"), emit: failed, optional: true

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: (meta.prefix ?: pred.baseName)
    // a set with a score per particle (the consensus' candidates): the scores of the kept ones and a curve over the score
    def scored = meta.score_column ? "--score-column ${meta.score_column}" + (meta.keep_column ? " --keep-column ${meta.keep_column}" : '') : ''

    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    """
    picket-guard ${meta.id} EVALUATE ${prefix} -- picket-tools -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. evaluate \\
        --truth ${truth} \\
        --pred ${pred} \\
        --threshold-voxels ${meta.threshold_voxels} \\
        --fbeta 4 \\
        ${scored} \\
        ${args} \\
        >| ${prefix}.eval.json.tmp
    mv ${prefix}.eval.json.tmp ${prefix}.eval.json
    """

    stub:
    prefix = task.ext.prefix ?: (meta.prefix ?: pred.baseName)
    """
    touch ${prefix}.eval.json
    """
}
