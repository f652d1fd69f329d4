process PREPROCESS {
    tag "${meta.id}"
    label 'process_low'

    input:
    tuple val(meta), path(tomogram)

    output:
    tuple val(meta), path("${prefix}.mrc"), emit: pre, optional: true
    // the tool's version on the 'versions' topic ("picket-features 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-features'), eval("set -o pipefail; picket-features --version | sed 's/^picket-features //'"), emit: versions, topic: versions
    // bad input (the tool's exit 2) recorded by bin/picket-guard: [meta, <name>.failed.tsv]; the outputs above are then absent
    tuple val(meta), path("*.failed.tsv"), emit: failed, optional: true

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}_pre"
    // heap = 80% of the task's memory (floor 512m); the launcher takes leading JVM options
    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    """
    picket-guard ${meta.id} PREPROCESS ${prefix} -- picket-features -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. preprocess \\
        --threads ${task.cpus} \\
        --in ${tomogram} \\
        --out ${prefix}.mrc \\
        ${args}
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}_pre"
    """
    touch ${prefix}.mrc
    """
}
