#!/usr/bin/env bash
# Says which tests need system services (SLURM, a Docker engine) and whether they run.
# They run when CI=true or PICKET_TEST_BACKENDS=1; on a person's own machine nothing is installed behind their back.
if [[ "${CI:-}" == "true" || "${PICKET_TEST_BACKENDS:-}" == "1" ]]; then
    echo "backend tests: enabled (CI=${CI:-} PICKET_TEST_BACKENDS=${PICKET_TEST_BACKENDS:-}); none needs a system service yet"
else
    echo "backend tests: the SLURM and Docker profile tests are not written yet; when they are, they will run only with" \
         "CI=true or PICKET_TEST_BACKENDS=1. Running: Java tests, then the local Nextflow pipeline test (no services)."
fi
