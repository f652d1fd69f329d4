process CONSENSUS {
    tag "${meta.id}"
    label 'process_single'

    input:
    // one item per tomogram (meta.id): every <id>_<mode>_<clusterer>_<method>.csv with its provenance <same>.json
    tuple val(meta), path(particles)

    output:
    // the one answer per tomogram: every format a particle set has, the per-particle confidence in the CSV and STAR
    tuple val(meta), path("${meta.id}_consensus.csv"), emit: csv, optional: true
    tuple val(meta), path("${meta.id}_consensus_candidates.csv"), emit: candidates, optional: true
    tuple val(meta), path("${meta.id}_consensus.json"), emit: provenance, optional: true
    tuple val(meta), path("${meta.id}_consensus.{star,yaml,ndjson}"), emit: formats, optional: true
    // the tool's version on the 'versions' topic ("picket-tools 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-tools'), eval("set -o pipefail; picket-tools --version | sed 's/^picket-tools //'"), emit: versions, topic: versions
    // bad input (the tool's exit 2) recorded by bin/picket-guard: [meta, <name>.failed.tsv]; the outputs above are then absent
    tuple val(meta), path("*.failed.tsv"), emit: failed, optional: true

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''   // picket-tools consensus options, e.g. --sets all or --match-radius 4
    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    def csvs = (particles instanceof List ? particles : [particles]).findAll { it.name.endsWith('.csv') }
    """
    picket-guard ${meta.id} CONSENSUS ${meta.id}_consensus -- picket-tools -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. consensus \\
        --id ${meta.id} \\
        --out-dir . \\
        ${args} \\
        ${csvs.join(' ')}
    """

    stub:
    """
    touch ${meta.id}_consensus.csv ${meta.id}_consensus_candidates.csv ${meta.id}_consensus.json \\
        ${meta.id}_consensus.star ${meta.id}_consensus.yaml ${meta.id}_consensus.ndjson
    """
}
