process CLUSTER {
    tag "${meta.id}_${meta.mode}_${meta.clusterer}"
    label 'process_low'

    input:
    tuple val(meta), path(features), path(spec)

    output:
    tuple val(meta), path("${prefix}.model.json"), emit: model, optional: true
    // the tool's version on the 'versions' topic ("picket-cluster 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-cluster'), eval("set -o pipefail; picket-cluster --version | sed 's/^picket-cluster //'"), emit: versions, topic: versions
    // bad input (the tool's exit 2) recorded by bin/picket-guard: [meta, <name>.failed.tsv]; the outputs above are then absent
    tuple val(meta), path("*.failed.tsv"), emit: failed, optional: true

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}_${meta.mode}_${meta.clusterer}"
    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    """
    picket-guard ${meta.id} CLUSTER ${prefix} -- picket-cluster -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. \\
        --threads ${task.cpus} \\
        --features ${features} \\
        --spec ${spec} \\
        --method ${meta.clusterer} \\
        --out ${prefix}.model.json \\
        --seed ${meta.seed} \\
        ${args}
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}_${meta.mode}_${meta.clusterer}"
    """
    touch ${prefix}.model.json
    """
}
