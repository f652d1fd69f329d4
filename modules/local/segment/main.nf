process SEGMENT {
    tag "${meta.id}_${meta.mode}_${meta.clusterer}"
    label 'process_medium'

    input:
    tuple val(meta), path(model), path(pre), path(tomogram)

    output:
    tuple val(meta), path("${prefix}.mrc"), path("${prefix}.json"), emit: segmentation, optional: true
    // the tool's version on the 'versions' topic ("picket-segment 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-segment'), eval("set -o pipefail; picket-segment --version | sed 's/^picket-segment //'"), emit: versions, topic: versions
    // bad input (the tool's exit 2) recorded by bin/picket-guard: [meta, <name>.failed.tsv]; the outputs above are then absent
    tuple val(meta), path("*.failed.tsv"), emit: failed, optional: true

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}_${meta.mode}_${meta.clusterer}"
    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    """
    picket-guard ${meta.id} SEGMENT ${prefix} -- picket-segment -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. \\
        --threads ${task.cpus} \\
        --pre ${pre} \\
        --model ${model} \\
        --mode ${meta.mode} \\
        --tomogram ${tomogram} \\
        --out ${prefix}.mrc \\
        --provenance ${prefix}.json \\
        ${args}
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}_${meta.mode}_${meta.clusterer}"
    """
    touch ${prefix}.mrc ${prefix}.json
    """
}
