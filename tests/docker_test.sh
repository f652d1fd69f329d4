#!/usr/bin/env bash
# Docker test: the project's image and -profile docker, for real.
#   1. starts a Docker engine and makes the local base image (tests/backends/docker-up.sh: no registry, no bridge);
#   2. builds the image from the Dockerfile (picket-nf:<version>, jars from `make build`);
#   3. runs `nextflow run -profile test,docker` on the two simulated 64x64x48 tomograms of tests/pipeline_test.sh,
#      and a local `-profile test` run on the same inputs beside it: every task's .command.run starts the image
#      with `docker run`, every task has its metrics (ps in the image), and every published file is byte-identical
#      to the local run's (provenance JSON compared without its "timings"; pipeline_info/ not compared);
#   4. runs the Testcontainers test java/container-it (every launcher's --version and a real step in the image),
#      whose Surefire report tests/summary.sh counts.
# Runs only with CI=true or PICKET_TEST_BACKENDS=1 (it installs packages and starts a daemon); otherwise prints
# "docker test: NOT RUN (...)" and exits 0. When it runs, anything that cannot start is a FAIL with the reason.
# Closing line "docker test: PASS (...)" or "docker test: FAIL (...)"; exit 0 / 1. Stops the dockerd it started
# (DOCKER_KEEP=1 leaves it running). Keeps its folder on failure (or with KEEP=1): tests/out/docker/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
nf=$root/bin/picket-nextflow
out=${DOCKER_TEST_DIR:-$root/tests/out/docker}
export DOCKER_CI_DIR=${DOCKER_CI_DIR:-/tmp/docker-ci}
BASE_IMAGE=${BASE_IMAGE:-local/base:bookworm}
VERSION=$(sed -n '/<artifactId>picket-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/java/pom.xml")
IMAGE=picket-nf:$VERSION
t_start=$(date +%s)

if [[ "${CI:-}" != true && "${PICKET_TEST_BACKENDS:-}" != 1 ]]; then
    echo "docker test: NOT RUN (it installs docker.io, starts a Docker engine and builds the image; runs with CI=true or PICKET_TEST_BACKENDS=1)"
    exit 0
fi

fails=()
started_engine=0
local_pid=""
fail() { fails+=("$1"); echo "docker test: FAILED CHECK: $1" >&2; }
finish() {
    if [[ -n "$local_pid" ]] && kill -0 "$local_pid" 2>/dev/null; then kill "$local_pid"; wait "$local_pid" 2>/dev/null; fi
    if (( started_engine )) && [[ "${DOCKER_KEEP:-0}" != 1 ]]; then bash "$here/backends/docker-down.sh" > "$out/docker-down.log" 2>&1; fi
    local secs=$(( $(date +%s) - t_start ))
    if (( ${#fails[@]} == 0 )); then
        echo "docker test: PASS ($secs s: engine+base ${up_s:-?} s, image ${build_s:-?} s ($IMAGE, ${image_mb:-?} MB)," \
             "-profile test,docker ${docker_s:-?} s and local ${local_s:-?} s, $n_tasks tasks in the container," \
             "$n_compared files identical; Testcontainers: ${tc_line:-?})"
        [[ "${KEEP:-0}" == 1 ]] || rm -rf "$out"
        exit 0
    fi
    local IFS='|'
    echo "docker test: FAIL (${#fails[@]} check(s) failed: ${fails[*]} | logs in $out)"
    exit 1
}
abort() { fail "$1"; finish; }

rm -rf "$out"; mkdir -p "$out/local" "$out/docker" || { echo "docker test: FAIL (cannot create $out)"; exit 1; }
cd "$out" || exit 1

# ---- a Nextflow, the jars, the two tomograms -------------------------------------------------------------------
which=$("$nf" --which 2> which.err) || abort "no Nextflow: $(tail -1 which.err)"
echo "docker test: nextflow = $which"
for j in tools features cluster segment localize; do
    [[ -f "$root/java/$j/target/picket-$j-$VERSION-all.jar" ]] || abort "jars not built: run 'make build'"
done
for s in 1 2; do
    "$root/bin/picket-tools" simulate --size 64,64,48 --seed $s --out tomo$s.mrc --truth tomo$s.csv --threads 2 \
        2>> simulate.log || abort "simulate"
done
printf 'id,tomogram,truth\ntomoA,tomo1.mrc,tomo1.csv\ntomoB,tomo2.mrc,tomo2.csv\n' > samplesheet.csv
n_tasks=$(( 2 * (1 + 3 + 6 + 6 + 6 + 12 + 1) + 1 ))   # PREPROCESS, FEATURES, CLUSTER, SEGMENT, LOCALIZE, EVALUATE, RANK; REPORT

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

# published files: identical bytes (provenance JSON without its timings), pipeline_info/ aside
python3 - local/results docker/results > compare.txt 2>&1 <<'PY'
import hashlib, json, os, re, sys
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k != "timings"}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
def digest(path):
    data = open(path, "rb").read()
    if path.endswith(".json"):
        data = json.dumps(strip(json.loads(data)), sort_keys=True).encode()
    if path.endswith("report.html"):   # its timing cells (class "t") come from those same provenance timings
        data = re.sub(rb'<td class="t">[^<]*</td>', b'<td class="t"></td>', data)
    return hashlib.sha256(data).hexdigest()
def tree(top):
    out = {}
    for d, dirs, files in os.walk(top):
        dirs[:] = [x for x in dirs if os.path.relpath(os.path.join(d, x), top) != "pipeline_info"]
        for f in files:
            p = os.path.join(d, f)
            out[os.path.relpath(p, top)] = digest(p)
    return out
a, b = tree(sys.argv[1]), tree(sys.argv[2])
bad = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
for k in bad[:10]:
    print("differs:", k, "local" if k in a else "-", "docker" if k in b else "-")
print("compared", len(a), "differing", len(bad))
sys.exit(1 if bad or not a else 0)
PY
rc=$?
n_compared=$(awk '/^compared/ {print $2}' compare.txt)
(( rc == 0 )) || fail "published files differ from the local run's: $(tail -1 compare.txt) (see compare.txt)"
(( ${n_compared:-0} >= 2 * 6 * (3 + 2 * 7) )) || fail "only ${n_compared:-0} published files compared"

# ---- 4. the Testcontainers test (its Surefire report is counted by tests/summary.sh) ---------------------------
(cd "$root/java" && mvn -B -ntp -Dstyle.color=never verify -pl container-it -Dpicket.container.it=true \
    -Dpicket.image="$IMAGE" > "$out/container-it.log" 2>&1)
rc=$?
tc_line=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run:' container-it.log | tail -1 | sed 's/^\[[A-Z]*\] //')
echo "docker test: container-it: ${tc_line:-no Surefire summary}"
(( rc == 0 )) || fail "Testcontainers test (java/container-it): mvn exit $rc: ${tc_line:-$(grep -m1 ERROR container-it.log)} (see container-it.log)"
[[ "$tc_line" == *"Skipped: 0"* ]] || fail "Testcontainers test did not run every test: ${tc_line:-none}"

finish
