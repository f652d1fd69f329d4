process LOCALIZE {
    tag "${meta.id}_${meta.mode}_${meta.clusterer}"
    label 'process_low'

    input:
    // the original tomogram (staged in its own folder: any name) for --box, the shape check and the provenance
    tuple val(meta), path(segmentation), path(provenance), path(tomogram, stageAs: 'tomogram/*')
    val methods            // list of connected_component_labeling / watershed_segmentation

    output:
    // one task per segmentation, every method in one JVM: <segmentation name>_<method>.*
    tuple val(meta), path("*.csv"),           emit: csv, optional: true
    tuple val(meta), path("*.star"),          emit: star, optional: true
    tuple val(meta), path("*.yaml"),          emit: yaml, optional: true
    tuple val(meta), path("*.ndjson"),        emit: ndjson, optional: true
    tuple val(meta), path("*_instances.mrc"), emit: instances, optional: true
    tuple val(meta), path("*_{connected_component_labeling,watershed_segmentation}.json"), emit: provenance, optional: true
    // with --subtomogram_box N: <name>_<method>_subtomos/particle_<label>.mrc, or one <name>_<method>_subtomos.mrcs
    tuple val(meta), path("*_subtomos{,.mrcs}"), emit: subtomograms, optional: true
    // the tool's version on the 'versions' topic ("picket-localize 0.1.0" -> 0.1.0), for picket_software_versions.yml
    tuple val("${task.process}"), val('picket-localize'), eval("set -o pipefail; picket-localize --version | sed 's/^picket-localize //'"), emit: versions, topic: versions
    // bad input (the tool's exit 2) recorded by bin/picket-guard: [meta, <name>.failed.tsv]; the outputs above are then absent
    tuple val(meta), path("*.failed.tsv"), emit: failed, optional: true

    when:
    task.ext.when == null || task.ext.when

    script:
    def args     = task.ext.args ?: ''
    def method   = methods.size() > 1 ? 'both' : methods[0]
    def xmx      = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    def diameter = meta.particle_diameter_A != null ? "--particle-diameter-A ${meta.particle_diameter_A}" : ''
    // S2: the picking slab [s2_lower_z, s2_upper_z], both inclusive (PickET's rule)
    def lowerZ   = meta.s2_lower_z != null ? "--lower-z ${meta.s2_lower_z}" : ''
    def upperZ   = meta.s2_upper_z != null ? "--upper-z ${meta.s2_upper_z}" : ''
    def box      = meta.subtomogram_box ? "--box ${meta.subtomogram_box}" + (meta.subtomogram_stack ? ' --stack' : '') : ''
    // the per-voxel instance labels only with --save_instances (2-4 bytes per voxel each)
    def noInst   = meta.save_instances ? '' : '--no-instances'
    """
    picket-guard ${meta.id} LOCALIZE ${segmentation.baseName} -- picket-localize -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. \\
        --threads ${task.cpus} \\
        --segmentation ${segmentation} \\
        --provenance ${provenance} \\
        --tomogram ${tomogram} \\
        --method ${method} \\
        --out-dir . \\
        --min-distance ${meta.min_distance} \\
        --min-voxels ${meta.min_voxels} \\
        --max-voxels ${meta.max_voxels} \\
        ${diameter} \\
        --particle-cluster-id ${meta.particle_cluster_id} \\
        --tomo-name ${meta.id} \\
        ${lowerZ} ${upperZ} \\
        ${box} ${noInst} \\
        ${args}
    """

    stub:
    def name = segmentation.baseName
    def box  = meta.subtomogram_box ? (meta.subtomogram_stack ? 'stack' : 'folder') : ''
    """
    for m in ${methods.join(' ')}; do
        touch ${name}_\$m.csv ${name}_\$m.star ${name}_\$m.yaml ${name}_\$m.ndjson ${name}_\$m.json
        ${meta.save_instances ? "touch ${name}_\${m}_instances.mrc" : ''}
        case "${box}" in
            stack)  touch ${name}_\${m}_subtomos.mrcs ;;
            folder) mkdir ${name}_\${m}_subtomos && touch ${name}_\${m}_subtomos/particle_00001.mrc ;;
        esac
    done
    """
}
