#!/usr/bin/env nextflow
/*
 * picket-nf: PickET's unsupervised particle picking for cryo-electron tomograms.
 *
 *   bin/picket-nextflow run . --input samplesheet.csv --outdir results [-profile test|local] [-resume]
 *
 * Parameters: nextflow_schema.json (or --help). Checks and inputs: PIPELINE_INITIALISATION
 * (subworkflows/local/utils_picket_pipeline). Steps: workflows/picket.nf.
 */
nextflow.enable.dsl = 2
nextflow.preview.topic = true   // tools' versions on the 'versions' topic (a preview feature in Nextflow 24.10)

include { PICKET                                                 } from './workflows/picket'
include { PIPELINE_INITIALISATION; PIPELINE_COMPLETION; helpText } from './subworkflows/local/utils_picket_pipeline'

workflow {
    if (params.help) {
        log.info helpText("${projectDir}/nextflow_schema.json")
        return
    }

    // every problem of the params, the samplesheet and PickET's YAMLs in one message, before any task starts
    PIPELINE_INITIALISATION(
        params.validate_params,
        params.input,
        params.picket_s1,
        params.picket_s2,
        params.stop_after,
        params.outdir,
    )
    // the settings and the S2 plan are plain maps, known before any task starts (value channels: .val)
    def settings = PIPELINE_INITIALISATION.out.settings.val

    PICKET(
        PIPELINE_INITIALISATION.out.samples,
        settings.modes,
        settings.clusterers,
        settings.methods,
        settings,
        PIPELINE_INITIALISATION.out.s2plan.val,
        params.stop_after,
        params.outdir,
    )

    PIPELINE_COMPLETION(params.outdir, PICKET.out.done, PICKET.out.answers, PIPELINE_INITIALISATION.out.tomograms.val)
}
