process FEATURES {
    tag "${meta.id}_${meta.mode}"
    label 'process_medium'

    input:
    tuple val(meta), path(pre)

    output:
    tuple val(meta), path("${prefix}.npy"), path("${prefix}.spec.json"), emit: features

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}_${meta.mode}"
    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.8)) : 2048L
    """
    picket-features -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. extract \\
        --threads ${task.cpus} \\
        --pre ${pre} \\
        --mode ${meta.mode} \\
        --out ${prefix}.npy \\
        --spec ${prefix}.spec.json \\
        ${args}
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}_${meta.mode}"
    """
    touch ${prefix}.npy ${prefix}.spec.json
    """
}
