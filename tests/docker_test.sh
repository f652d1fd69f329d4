#!/usr/bin/env bash
# Docker test: the project's image and -profile docker, for real.
#   1. starts a Docker engine and makes the local base image (tests/backends/docker-up.sh: no registry, no bridge);
#   2. builds the image from the Dockerfile (picket-nf:<version>, jars from `make build`);
#   3. runs `nextflow run -profile test,docker` on the two simulated 64x64x48 tomograms of tests/pipeline_test.sh,
#      and a local `-profile test` run on the same inputs beside it: every task's .command.run starts the image
#      with `docker run`, every task has its metrics (ps in the image), and every published file is byte-identical
#      to the local run's (tests/lib/same_results.sh: provenance JSON compared without its "timings", report.html
#      without its timing cells and Software versions; pipeline_info/ not compared);
#   4. runs the Testcontainers test java/container-it (every launcher's --version and a real step in the image),
#      whose Surefire report tests/summary.sh counts.
# Runs only with CI=true or PICKET_TEST_BACKENDS=1 (it installs packages and starts a daemon); otherwise prints
# "docker test: NOT RUN (...)" and exits 0. When it runs, anything that cannot start is a FAIL with the reason.
# Closing line "docker test: PASS (...)" or "docker test: FAIL (...)"; exit 0 / 1. Stops the dockerd it started
# (DOCKER_KEEP=1 leaves it running). Keeps its folder on failure (or with KEEP=1): tests/out/docker/.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/same_results.sh"
test_init docker
export DOCKER_CI_DIR=${DOCKER_CI_DIR:-/tmp/docker-ci}
BASE_IMAGE=${BASE_IMAGE:-local/base:bookworm}
IMAGE=picket-nf:$VERSION
require_backends "it installs docker.io, starts a Docker engine and builds the image; runs with CI=true or PICKET_TEST_BACKENDS=1"
pass_details() {
    echo "engine+base ${up_s:-?} s, image ${build_s:-?} s ($IMAGE, ${image_mb:-?} MB)," \
         "-profile test,docker ${docker_s:-?} s and local ${local_s:-?} s, $n_tasks tasks in the container," \
         "$n_compared files identical; Testcontainers: ${tc_line:-?}"
}
started_engine=0
local_pid=""
on_finish() {
    if [[ -n "$local_pid" ]] && kill -0 "$local_pid" 2>/dev/null; then kill "$local_pid"; wait "$local_pid" 2>/dev/null; fi
    if (( started_engine )) && [[ "${DOCKER_KEEP:-0}" != 1 ]]; then bash "$here/backends/docker-down.sh" > "$out/docker-down.log" 2>&1; fi
}

fresh_out local docker

# ---- a Nextflow, the jars, the two tomograms -------------------------------------------------------------------
need_nextflow
need_jars
simulate_tomograms tomo samplesheet.csv
n_tasks=$(pipeline_tasks 2)

# ---- the local reference run, in the background while the engine and the image are made -------------------------
# (exec: $local_pid is Nextflow itself, so that stopping it on an early failure also stops its tasks)
local_t0=$(date +%s)
(cd local && exec "$nf" run "$root" -profile test --input ../samplesheet.csv --outdir results \
      --trace_report_suffix local) > local.log 2>&1 &
local_pid=$!

# ---- 1. engine and base image ----------------------------------------------------------------------------------
docker info > /dev/null 2>&1 || started_engine=1
t0=$(date +%s)
BASE_IMAGE=$BASE_IMAGE bash "$here/backends/docker-up.sh" > docker-up.log 2>&1
rc=$?; up_s=$(( $(date +%s) - t0 ))
sed 's/^/docker test: /' docker-up.log | grep '\[docker-up\|FAILED'
(( rc == 0 )) || abort "Docker engine or base image: $(grep -m1 'FAILED' docker-up.log || tail -1 docker-up.log)"

# ---- 2. the image ----------------------------------------------------------------------------------------------
t0=$(date +%s)
docker build --network host --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" "$root" > build.log 2>&1
rc=$?; build_s=$(( $(date +%s) - t0 ))
(( rc == 0 )) || abort "docker build exit $rc: $(tail -1 build.log) (see build.log)"
image_mb=$(( $(docker image inspect -f '{{.Size}}' "$IMAGE") / 1000000 ))
echo "docker test: built $IMAGE from $BASE_IMAGE in $build_s s, $image_mb MB"

# ---- 3. -profile test,docker -----------------------------------------------------------------------------------
t0=$(date +%s)
(cd docker && "$nf" run "$root" -profile test,docker --input ../samplesheet.csv --outdir results \
    --trace_report_suffix docker > ../docker.log 2>&1)
rc=$?; docker_s=$(( $(date +%s) - t0 ))
(( rc == 0 )) || fail "-profile test,docker: exit $rc: $(grep -m1 -i 'error' docker.log) (see docker.log)"
wait "$local_pid"; local_rc=$?; local_pid=""
local_s=$(( $(stat -c %Y local.log) - local_t0 ))
[[ "$local_rc" == 0 ]] || fail "local -profile test run: exit $local_rc (see local.log)"

# every task started the image with `docker run`, and its metrics were collected inside (ps)
if tr=$(ls docker/results/pipeline_info/execution_trace_docker.txt 2>/dev/null); then
    rows=$(awk -F'\t' 'NR > 1 && $7 == "COMPLETED"' "$tr" | wc -l)
    (( rows == n_tasks )) || fail "trace: $rows COMPLETED tasks, expected $n_tasks"
    in_image=0; with_rss=0
    while IFS=$'\t' read -r rss wd; do
        grep "docker run " "$wd/.command.run" 2>/dev/null | grep -qF " $IMAGE " && in_image=$((in_image + 1))
        [[ "$rss" != "-" && -n "$rss" ]] && with_rss=$((with_rss + 1))
    done < <(awk -F'\t' 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i; next}
                          {print $col["peak_rss"] "\t" $col["workdir"]}' "$tr")
    (( in_image == n_tasks )) || fail "$in_image of $n_tasks tasks' .command.run start 'docker run ... $IMAGE'"
    (( with_rss == n_tasks )) || fail "$with_rss of $n_tasks tasks have a peak_rss (task metrics need ps in the image)"
else
    fail "no trace of the docker run"
fi

# the same results as the local run (tests/lib/same_results.sh: provenance JSON without timings, report.html without
# its timing cells and Software versions, pipeline_info/ aside)
result_sums local/results --ignore-versions > sums_local.txt; result_sums docker/results --ignore-versions > sums_docker.txt
same_sums sums_local.txt sums_docker.txt || fail "published files differ from the local run's: $same_diff"
n_compared=$same_n
(( n_compared >= 2 * 6 * (3 + 2 * 6) ))   # per segmentation: seg, json, model; per method csv star yaml ndjson json eval (instances are opt-in) || fail "only $n_compared published files compared"

# ---- 4. the Testcontainers test (its Surefire report is counted by tests/summary.sh) ---------------------------
(cd "$root/java" && mvn -B -ntp -Dstyle.color=never verify -pl container-it -Dpicket.container.it=true \
    -Dpicket.image="$IMAGE" > "$out/container-it.log" 2>&1)
rc=$?
tc_line=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run:' container-it.log | tail -1 | sed 's/^\[[A-Z]*\] //')
echo "docker test: container-it: ${tc_line:-no Surefire summary}"
(( rc == 0 )) || fail "Testcontainers test (java/container-it): mvn exit $rc: ${tc_line:-$(grep -m1 ERROR container-it.log)} (see container-it.log)"
[[ "$tc_line" == *"Skipped: 0"* ]] || fail "Testcontainers test did not run every test: ${tc_line:-none}"

finish
