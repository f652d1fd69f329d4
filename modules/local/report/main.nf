process REPORT {
    label 'process_single'

    input:
    // everything, flat (names start with the tomogram id, so they never collide): <id>_ranking.json,
    // <id>_montage.png, particle sets <id>_<mode>_<clusterer>_<method>.csv (counts, instance sizes, pairwise F1)
    // with their provenance .json,
    // EVALUATE's <id>_<mode>_<clusterer>_<method>.eval.json, SEGMENT's <id>_<mode>_<clusterer>.json.
    // Other files are ignored; any of these may be missing (its columns stay empty).
    path(files, stageAs: 'in/*')
    path(versions)         // pipeline_info/picket_software_versions.yml (the tools' versions of every process)
    val title              // the report's title, e.g. 'picket-nf 0.1.0'
    path(failures)         // pipeline_info/picket_failures.tsv (id, step, reason of each failed tomogram), or [] for none
    val placeholders       // "id=A,...": tomograms whose exported Angstrom coordinates assume a placeholder voxel size, or ''

    output:
    path("report.html"), emit: html    // a small summary of the run, linking to report/index.html
    path("report"), emit: pages        // index.html (the dataset overview), <id>.html per tomogram, their PNGs

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    def xmx  = task.memory ? Math.max(512L, (long) (task.memory.toMega() * 0.96) - 256L) : 2048L
    """
    picket-tools -Xmx${xmx}m -XX:ActiveProcessorCount=${task.cpus} -Djava.io.tmpdir=. report \\
        --out report.html \\
        --site report \\
        --title '${title}' \\
        --versions ${versions} \\
        ${failures ? "--failures ${failures}" : ''} \\
        ${placeholders ? "--pixel-size-placeholder ${placeholders}" : ''} \\
        ${args} \\
        in
    """

    stub:
    """
    touch report.html
    mkdir report
    touch report/index.html
    """
}
