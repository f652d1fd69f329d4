process FEATURES {
    tag "${meta.id}_${meta.mode}"
    label 'process_medium'

    input:
    tuple val(meta), path(pre)

    output:
    tuple val(meta), path("${prefix}.npy"), path("${prefix}.spec.json"), emit: features, optional: true
    // the tool's version on the 'versions' topic ("picket-features 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-features'), eval("set -o pipefail; picket-features --version | sed 's/^picket-features //'"), emit: versions, topic: versions
    // bad input (the tool's exit 2) recorded by bin/picket-guard: [meta, <name>.failed.tsv]; the outputs above are then absent
    tuple val(meta), path("*.failed.tsv"), emit: failed, optional: true

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: ''
    prefix     = task.ext.prefix ?: "${meta.id}_${meta.mode}"
    def xmx    = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    def gabor  = meta.mode == 'gabor' ? "--num-sinusoids ${meta.num_sinusoids} --num-output-features ${meta.num_output_features}" : ''
    // S1: the fitting slab [lower_z, upper_z)
    def lowerZ = meta.lower_z != null ? "--lower-z ${meta.lower_z}" : ''
    def upperZ = meta.upper_z != null ? "--upper-z ${meta.upper_z}" : ''
    """
    picket-guard ${meta.id} FEATURES ${prefix} -- picket-features -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. extract \\
        --threads ${task.cpus} \\
        --pre ${pre} \\
        --mode ${meta.mode} \\
        --out ${prefix}.npy \\
        --spec ${prefix}.spec.json \\
        --neighborhood-size ${meta.neighborhood_size} \\
        --max-neighborhoods ${meta.max_num_neighborhoods_for_fitting} \\
        ${gabor} \\
        --seed ${meta.seed} \\
        ${lowerZ} ${upperZ} \\
        ${args}
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}_${meta.mode}"
    """
    touch ${prefix}.npy ${prefix}.spec.json
    """
}
