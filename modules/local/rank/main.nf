process RANK {
    tag "${meta.id}"
    label 'process_single'

    input:
    // one item per tomogram (meta.id), files named as the pipeline publishes them:
    //   tomogram       the tomogram MRC (grey background of the montage)
    //   segmentations  every <id>_<mode>_<clusterer>.mrc of the tomogram (their .json may come along; ignored)
    //   particles      every <id>_<mode>_<clusterer>_<method>.csv with its provenance <same>.json, and the consensus
    //                  set <id>_consensus.csv/.json when there is one (drawn on the montage's tomogram row)
    tuple val(meta), path(tomogram), path(segmentations), path(particles)

    output:
    tuple val(meta), path("${meta.id}_ranking.csv"), path("${meta.id}_ranking.json"), emit: ranking
    tuple val(meta), path("${meta.id}_montage.png"),                                   emit: montage
    // the tool's version on the 'versions' topic ("picket-tools 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-tools'), eval("set -o pipefail; picket-tools --version | sed 's/^picket-tools //'"), emit: versions, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args  = task.ext.args  ?: ''   // picket-tools rank options, e.g. --match-radius 5
    def args2 = task.ext.args2 ?: ''   // picket-tools montage options, e.g. --panel-px 320 --middle
    def xmx   = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    def all   = particles instanceof List ? particles : [particles]
    def csvs  = all.findAll { it.name.endsWith('.csv') && !it.name.endsWith('_consensus.csv') }
    def cons  = all.findAll { it.name.startsWith("${meta.id}_consensus.") }
    """
    picket-tools -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. rank \\
        --id ${meta.id} \\
        --out-dir . \\
        ${args} \\
        ${csvs.join(' ')}
    picket-tools -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. montage \\
        --id ${meta.id} \\
        --tomogram ${tomogram} \\
        --out ${meta.id}_montage.png \\
        ${args2} \\
        ${segmentations} ${csvs.join(' ')} ${cons.join(' ')} ${meta.id}_ranking.json
    """

    stub:
    """
    touch ${meta.id}_ranking.csv ${meta.id}_ranking.json ${meta.id}_montage.png
    """
}
