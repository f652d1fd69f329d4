#!/usr/bin/env nextflow
/*
 * picket-nf: PickET's unsupervised particle picking for cryo-electron tomograms.
 *
 *   bin/picket-nextflow run . --input samplesheet.csv --outdir results [-profile test|local] [-resume]
 *
 * Parameters: nextflow_schema.json (or --help). Steps: workflows/picket.nf.
 */
nextflow.enable.dsl = 2

include { PICKET                                              } from './workflows/picket'
include { validateParams; readInput; helpText; csvList      } from './subworkflows/local/utils_picket_pipeline'

workflow {
    def schemaFile = "${projectDir}/nextflow_schema.json"
    if (params.help) {
        log.info helpText(schemaFile)
        return
    }

    // every problem of the params and the samplesheet, in one message, before any task starts
    def errors = params.validate_params ? validateParams(params, schemaFile) : []
    def rows = []
    if (params.input && params.input != true && !errors.any { it.startsWith('--input') }) {
        def (sheetRows, sheetErrors) = readInput(params.input.toString())
        rows = sheetRows
        errors += sheetErrors
    }
    if (errors) {
        error("picket-nf: ${errors.size()} problem${errors.size() > 1 ? 's' : ''} with the parameters or the samplesheet; no task was started:\n" +
              errors.collect { "  - ${it}" }.join('\n'))
    }

    log.info "picket-nf ${workflow.manifest.version}: ${rows.size()} tomogram${rows.size() > 1 ? 's' : ''}, " +
             "modes ${csvList(params.modes).join(',')}, clusterers ${csvList(params.clusterers).join(',')}, " +
             (params.stop_after == 's1' ? "stopping after S1" : "methods ${csvList(params.methods).join(',')}") +
             "; results in ${params.outdir}"

    PICKET(
        channel.fromList(rows),
        csvList(params.modes),
        csvList(params.clusterers),
        csvList(params.methods),
    )
}

workflow.onComplete {
    if (params.help) return
    def s = workflow.stats
    def line = "picket-nf: ${workflow.success ? 'done' : 'FAILED'} in ${workflow.duration}: " +
               "${s.succeedCount} tasks succeeded, ${s.cachedCount} cached, ${s.failedCount} failed" +
               (s.retriesCount ? " (${s.retriesCount} of them retried)" : '') +
               (s.ignoredCount ? ", ${s.ignoredCount} ignored" : '')
    if (workflow.success) {
        log.info line + "\npicket-nf: results in ${params.outdir} (<id>/segmentations, <id>/particles, <id>/instances, pipeline_info/)"
    } else {
        log.error line + (workflow.errorMessage ? "\n${workflow.errorMessage}" : '')
    }
}
