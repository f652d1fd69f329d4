#!/usr/bin/env bash
# Says which tests need system services (SLURM, a Docker engine) and whether they run.
# They run when CI=true or PICKET_TEST_BACKENDS=1; on a person's own machine nothing is installed behind their back.
if [[ "${CI:-}" == "true" || "${PICKET_TEST_BACKENDS:-}" == "1" ]]; then
    echo "backend tests: enabled (CI=${CI:-} PICKET_TEST_BACKENDS=${PICKET_TEST_BACKENDS:-})"
else
    echo "backend tests: none exist yet in this version (the SLURM and Docker profile tests arrive with those profiles of the Nextflow pipeline);" \
         "when they do they run only with CI=true or PICKET_TEST_BACKENDS=1"
fi
