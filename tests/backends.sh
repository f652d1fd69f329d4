#!/usr/bin/env bash
# Says which tests need system services (SLURM, a Docker engine) and whether they run.
# They run when CI=true or PICKET_TEST_BACKENDS=1; on a person's own machine nothing is installed behind their back.
if [[ "${CI:-}" == "true" || "${PICKET_TEST_BACKENDS:-}" == "1" ]]; then
    echo "backend tests: enabled (CI=${CI:-} PICKET_TEST_BACKENDS=${PICKET_TEST_BACKENDS:-})"
    echo "backend tests: SLURM: tests/slurm_test.sh installs slurmctld/slurmd/munge with apt if missing, starts a private" \
         "single-node cluster as root and runs -profile test,slurm; it fails if SLURM cannot start"
    echo "backend tests: Docker: the Docker profile test is not written yet"
else
    echo "backend tests: not running the SLURM profile test (tests/slurm_test.sh: a private single-node SLURM, as root," \
         "packages installed with apt if missing); set CI=true or PICKET_TEST_BACKENDS=1 to run it"
    echo "backend tests: the Docker profile test is not written yet; it will run only with CI=true or PICKET_TEST_BACKENDS=1"
    echo "backend tests: running: Java tests, the local Nextflow pipeline test, the profile config test (no services)"
fi
