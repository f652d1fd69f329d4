#!/usr/bin/env bash
# Says which tests need system services (SLURM, a Docker engine) and whether they run.
# They run when CI=true or PICKET_TEST_BACKENDS=1; on a person's own machine nothing is installed behind their back.
if [[ "${CI:-}" == "true" || "${PICKET_TEST_BACKENDS:-}" == "1" ]]; then
    echo "backend tests: enabled (CI=${CI:-} PICKET_TEST_BACKENDS=${PICKET_TEST_BACKENDS:-})"
    echo "backend tests: Docker: tests/docker_test.sh installs docker.io/mmdebstrap if missing, starts dockerd (no bridge)," \
         "builds the picket-nf image, runs -profile test,docker and the Testcontainers test (java/container-it), a failure to start is a FAIL"
else
    echo "backend tests: the SLURM profile test is not written yet; when it is, it will run only with" \
         "CI=true or PICKET_TEST_BACKENDS=1. Running: Java tests, then the local Nextflow pipeline test (no services)."
    echo "backend tests: Docker: NOT RUN (tests/docker_test.sh and java/container-it need a Docker engine and the image;" \
         "set CI=true or PICKET_TEST_BACKENDS=1 to run them)"
fi
