/*
 * Built-in test data (-profile test without --input): one seeded synthetic tomogram with its ground truth.
 * meta: [id, seed, size ('X,Y,Z')]. The same seed and size give the same bytes, so -resume reuses it.
 */
process SIMULATE {
    tag "${meta.id}"
    label 'process_single'

    input:
    val meta

    output:
    tuple val(meta), path("${meta.id}.mrc"), path("${meta.id}_truth.csv"), emit: tomogram
    // the tool's version on the 'versions' topic ("picket-tools 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-tools'), eval("set -o pipefail; picket-tools --version | sed 's/^picket-tools //'"), emit: versions, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    """
    picket-tools -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. simulate \\
        --threads ${task.cpus} \\
        --size ${meta.size} \\
        --seed ${meta.seed} \\
        --out ${meta.id}.mrc \\
        --truth ${meta.id}_truth.csv \\
        ${args}
    """

    stub:
    """
    touch ${meta.id}.mrc ${meta.id}_truth.csv
    """
}
