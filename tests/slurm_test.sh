#!/usr/bin/env bash
# SLURM test: the pipeline through a real SLURM, against a local run of the same inputs.
#   1. tests/backends/slurm-up.sh starts a private single-node SLURM (munged, slurmctld, slurmd; installs Debian's
#      packages when missing); the trap stops the daemons by PID (tests/backends/slurm-down.sh) whatever happens;
#   2. `-profile test,slurm` on two simulated 64x64x48 tomograms (as tests/pipeline_test.sh makes them), with
#      --slurm_queue, --slurm_cluster_options, --slurm_submit_rate_limit given: exit 0, every task COMPLETED in the
#      trace with a SLURM job id as its native id, every job id in SLURM's completed-jobs file (JobState=COMPLETED,
#      partition given), the cluster options seen by slurmctld (scontrol);
#   3. `-profile test` (local executor) on the same inputs: the same published files, byte for byte, but for the
#      provenance JSON beside segmentations and particle sets, equal once their timings are dropped, and pipeline_info/.
# Runs only with CI=true or PICKET_TEST_BACKENDS=1 (it starts daemons as root); otherwise prints
# "slurm test: NOT RUN (...)" and exits 0. Then any failure, SLURM not starting included, is "slurm test: FAIL (reason)",
# exit 1; else "slurm test: PASS (...)". Keeps tests/out/slurm/ (with the daemons' logs) on failure or with KEEP=1.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
nf=$root/bin/picket-nextflow
out=${SLURM_TEST_DIR:-$root/tests/out/slurm}
t_start=$(date +%s)

if [[ "${CI:-}" != true && "${PICKET_TEST_BACKENDS:-}" != 1 ]]; then
    echo "slurm test: NOT RUN (set PICKET_TEST_BACKENDS=1 or CI=true to run it: it installs SLURM and munge with apt if missing and starts their daemons as root)"
    exit 0
fi

fails=()
fail() { fails+=("$1"); echo "slurm test: FAILED CHECK: $1" >&2; }
finish() {
    stop_cluster
    local secs=$(( $(date +%s) - t_start ))
    if (( ${#fails[@]} == 0 )); then
        echo "slurm test: PASS ($secs s: SLURM up ${up_s:-?} s, slurm run ${run_slurm_s:-?} s, local run ${run_local_s:-?} s; $n_jobs SLURM jobs, $n_same files identical to the local run, provenance JSON without timings)"
        [[ "${KEEP:-0}" == 1 ]] || rm -rf "$out"
        exit 0
    fi
    local IFS='|'
    echo "slurm test: FAIL (${#fails[@]} check(s) failed: ${fails[*]} | logs in $out)"
    exit 1
}
abort() { fail "$1"; finish; }

# ---- prerequisites ------------------------------------------------------------------------------------------
(( $(id -u) == 0 )) || abort "needs root to start slurmd (running as $(id -un))"
"$nf" --which > /dev/null 2> "/tmp/picket-slurm-test-which.$$" ||
    abort "no Nextflow: $(tail -1 "/tmp/picket-slurm-test-which.$$"; rm -f "/tmp/picket-slurm-test-which.$$")"
rm -f "/tmp/picket-slurm-test-which.$$"
for j in features cluster segment localize tools; do
    ls "$root"/java/$j/target/picket-$j-*-all.jar > /dev/null 2>&1 || abort "jars not built: run 'make build'"
done

rm -rf "$out"; mkdir -p "$out"; cd "$out" || exit 1
# the cluster's folder holds munge's socket: keep its path well under the 108 bytes a socket path may have
cluster=$out/cluster
(( ${#cluster} <= 60 )) || cluster=$(mktemp -d /tmp/picket-slurm.XXXXXX)

# ---- 1. a private single-node SLURM, stopped by PID on exit ---------------------------------------------------------
# stops the daemons by the PIDs in $cluster/run (before finish removes $out; once only)
stop_cluster() {
    [[ -n "${cluster:-}" && -d "$cluster" ]] || return 0
    "$here/backends/slurm-down.sh" "$cluster" > "$out/slurm-down.log" 2>&1
    [[ "$cluster" == "$out/cluster" ]] || { cp -r "$cluster/log" "$out/cluster-log" 2>/dev/null; rm -rf "$cluster"; }
    cluster=
}
trap stop_cluster EXIT
t0=$(date +%s)
if ! "$here/backends/slurm-up.sh" "$cluster" > slurm-up.log 2>&1; then
    abort "SLURM did not start: $(grep -m1 '^slurm-up: [^[]' slurm-up.log || tail -1 slurm-up.log) (see slurm-up.log)"
fi
up_s=$(( $(date +%s) - t0 ))
export SLURM_CONF=$cluster/slurm.conf
echo "slurm test: $(tail -1 slurm-up.log)"

# ---- two simulated tomograms with ground truth -------------------------------------------------------------------
for s in 1 2; do
    "$root/bin/picket-tools" simulate --size 64,64,48 --seed $s --out tomo$s.mrc --truth tomo$s.csv --threads 2 \
        2>> simulate.log || abort "simulate"
done
printf 'id,tomogram,truth\ntomoA,tomo1.mrc,tomo1.csv\ntomoB,tomo2.mrc,tomo2.csv\n' > samplesheet.csv
n_tasks=$(( 2 * (1 + 3 + 6 + 6 + 6 + 12 + 1) + 1 ))   # PREPROCESS, FEATURES, CLUSTER, SEGMENT, LOCALIZE, EVALUATE, RANK; REPORT

# ---- 2. -profile test,slurm (an option value that starts with -- needs the --name=value form) ------------------------------------------------------------------------------------------
comment=picket-nf-slurm-test-$$
t0=$(date +%s)
"$nf" run "$root" -profile test,slurm -c "$here/slurm_test.config" -w work_slurm \
    --input samplesheet.csv --outdir results_slurm --trace_report_suffix slurm \
    --slurm_queue debug "--slurm_cluster_options=--comment=$comment" --slurm_submit_rate_limit 20/1sec \
    > run_slurm.log 2>&1
rc=$?; run_slurm_s=$(( $(date +%s) - t0 ))
(( rc == 0 )) || fail "slurm run exit $rc (see run_slurm.log)"
n_jobs=0
if trace=$(ls results_slurm/pipeline_info/execution_trace_slurm.txt 2>/dev/null); then
    # task_id hash native_id process tag name status ...
    awk -F'\t' 'NR > 1 { print $3, $7 }' "$trace" > jobs.txt
    rows=$(wc -l < jobs.txt)
    done_ids=$(awk '$2 == "COMPLETED" && $1 ~ /^[0-9]+$/ { print $1 }' jobs.txt | sort -u | wc -l)
    (( rows == n_tasks )) || fail "trace: $rows tasks, expected $n_tasks"
    (( done_ids == n_tasks )) || fail "trace: $done_ids COMPLETED tasks with distinct numeric SLURM job ids, expected $n_tasks ($(head -3 jobs.txt | tr '\n' ';'))"
    # every job id in SLURM's completed-jobs file, completed, in the partition given, named by Nextflow
    comp=$cluster/log/jobcomp.txt
    missing=0
    while read -r id _; do
        n_jobs=$((n_jobs + 1))
        grep -qE "^JobId=$id .*Name=nf-[^ ]* JobState=COMPLETED Partition=debug " "$comp" 2>/dev/null ||
            { missing=$((missing + 1)); (( missing <= 3 )) && echo "slurm test: job $id: $(grep "^JobId=$id " "$comp" 2>/dev/null || echo 'not in jobcomp.txt')" >&2; }
    done < jobs.txt
    (( missing == 0 )) || fail "$missing of $n_jobs SLURM jobs not COMPLETED in partition debug in $comp"
    # --slurm_cluster_options reached sbatch: slurmctld still holds the recent jobs (MinJobAge=300) with their comment
    scontrol -o show job > scontrol.txt 2>&1
    known=0; commented=0
    while read -r id _; do
        line=$(grep "^JobId=$id " scontrol.txt) || continue
        known=$((known + 1))
        [[ "$line" == *" Comment=$comment "* ]] && commented=$((commented + 1))
    done < jobs.txt
    (( known > 0 && commented == known )) || fail "--slurm_cluster_options: $commented of $known jobs known to slurmctld carry Comment=$comment"
else
    fail "no trace of the slurm run"
fi
grep -q 'Submitted process' run_slurm.log || fail "slurm run: no task submitted"

# ---- 3. the same run with the local executor: the same bytes --------------------------------------------------------
t0=$(date +%s)
"$nf" run "$root" -profile test -w work_local --input samplesheet.csv --outdir results_local --trace_report_suffix local \
    > run_local.log 2>&1
rc=$?; run_local_s=$(( $(date +%s) - t0 ))
(( rc == 0 )) || fail "local run exit $rc (see run_local.log)"
# published files but pipeline_info/ and the provenance JSON of segmentations and particle sets (timings);
# report.html with its timing cells (class "t", from those same provenance timings) emptied
sums() {
    (cd "$1" && find . -path ./pipeline_info -prune -o -type f \
        ! -path './*/segmentations/*.json' ! -path './*/particles/*.json' ! -name report.html -print0 | sort -z | xargs -0 -r sha256sum
     [[ ! -f report.html ]] || printf '%s  ./report.html\n' "$(sed 's/<td class="t">[^<]*<\/td>/<td class="t"><\/td>/g' report.html | sha256sum | cut -c1-64)")
}
sums results_slurm > sums_slurm.txt; sums results_local > sums_local.txt
n_same=$(comm -12 <(sort sums_slurm.txt) <(sort sums_local.txt) | wc -l)
n_local=$(wc -l < sums_local.txt)
(( n_local >= 2 * 6 * (3 + 2 * 2) )) || fail "local run: only $n_local files published"
cmp -s sums_slurm.txt sums_local.txt ||
    fail "published files differ between the slurm and the local run: $(diff sums_local.txt sums_slurm.txt | grep -c '^[<>]') lines of diff sums_local.txt sums_slurm.txt"
# the provenance JSON left out above: the same in both runs once their timings (numeric "*_s" keys) are dropped
n_prov=$(cd results_local && ls */segmentations/*.json */particles/*.json 2>/dev/null | wc -l)
(( n_prov == 2 * 6 * (1 + 2) )) || fail "local run: $n_prov provenance JSON files, expected $(( 2 * 6 * 3 ))"
prov_diff=$(python3 - results_local results_slurm <<'PY'
import glob, json, os, sys
a, b = sys.argv[1:]
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items()
                if not (k.endswith('_s') and isinstance(v, (int, float)) and not isinstance(v, bool))}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
names = sorted(os.path.relpath(f, a) for f in glob.glob(a + '/*/segmentations/*.json') + glob.glob(a + '/*/particles/*.json'))
bad = [n for n in names if not os.path.exists(os.path.join(b, n))
       or strip(json.load(open(os.path.join(a, n)))) != strip(json.load(open(os.path.join(b, n))))]
print(len(bad), ' '.join(bad[:3]))
PY
) || prov_diff="? python3 failed"
[[ "$prov_diff" == "0 " ]] || fail "provenance JSON differ beyond timings: $prov_diff"
n_same=$((n_same + n_prov))

finish
