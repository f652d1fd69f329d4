#!/usr/bin/env bash
# Says which tests need system services (SLURM, a Docker engine) and whether they run.
# They run when CI=true or PICKET_TEST_BACKENDS=1; on a person's own machine nothing is installed behind their back.
source "$(dirname "$0")/lib/common.sh"
if backends_enabled; then
    echo "backend tests: enabled (CI=${CI:-} PICKET_TEST_BACKENDS=${PICKET_TEST_BACKENDS:-})"
    echo "backend tests: SLURM: tests/slurm_test.sh installs slurmctld/slurmd/munge with apt if missing, starts a private" \
         "single-node cluster as root and runs -profile test,slurm; it fails if SLURM cannot start"
    echo "backend tests: Docker: tests/docker_test.sh installs docker.io/mmdebstrap if missing, starts dockerd (no bridge)," \
         "builds the picket-nf image, runs -profile test,docker and the Testcontainers test (java/container-it); a failure to start is a FAIL"
    echo "backend tests: report in a browser: tests/report_browser_test.sh installs chromium with apt if missing and renders" \
         "the report headless at 1280 px (NOT RUN when chromium cannot start)"
else
    echo "backend tests: not running the SLURM profile test (tests/slurm_test.sh: a private single-node SLURM, as root," \
         "packages installed with apt if missing); set CI=true or PICKET_TEST_BACKENDS=1 to run it"
    echo "backend tests: not running the Docker test (tests/docker_test.sh and java/container-it: a Docker engine started" \
         "as root, packages installed with apt if missing); set CI=true or PICKET_TEST_BACKENDS=1 to run it"
    echo "backend tests: not running the report browser test (tests/report_browser_test.sh: headless chromium, installed" \
         "with apt if missing); set CI=true or PICKET_TEST_BACKENDS=1 to run it"
    echo "backend tests: running: Java tests, the local Nextflow pipeline test, the profile config test (no services)"
fi
