#!/usr/bin/env bash
# SLURM test: the pipeline through a real SLURM, against a local run of the same inputs.
#   1. tests/backends/slurm-up.sh starts a private single-node SLURM (munged, slurmctld, slurmd; installs Debian's
#      packages when missing); the trap stops the daemons by PID (tests/backends/slurm-down.sh) whatever happens;
#   2. `-profile test,slurm` on two simulated 64x64x48 tomograms (as tests/pipeline_test.sh makes them), with
#      --slurm_queue, --slurm_cluster_options, --slurm_submit_rate_limit given: exit 0, every task COMPLETED in the
#      trace with a SLURM job id as its native id, every job id in SLURM's completed-jobs file (JobState=COMPLETED,
#      partition given), the cluster options seen by slurmctld (scontrol);
#   3. `-profile test` (local executor) on the same inputs: the same results (tests/lib/same_results.sh): the same
#      published files, byte for byte, but for the provenance JSON beside segmentations and particle sets, equal once
#      their timings are dropped, report.html's timing cells and Software versions, and pipeline_info/;
#   4. a preempted job: the slurm run again (new work folder and outdir), SIGTERM to a running FEATURES, SEGMENT or
#      LOCALIZE job (`scancel --signal=TERM --full`: its batch shell and the task's JVM, as a preempting scheduler
#      signals a job before it kills it): the run stops non-zero naming exit status 143, nothing half-written in the
#      outdir; then -resume on SLURM: exit 0, the finished tasks cached, the same bytes as the local run, nothing
#      half-written.
# Runs only with CI=true or PICKET_TEST_BACKENDS=1 (it starts daemons as root); otherwise prints
# "slurm test: NOT RUN (...)" and exits 0. Then any failure, SLURM not starting included, is "slurm test: FAIL (reason)",
# exit 1; else "slurm test: PASS (...)". Keeps tests/out/slurm/ (with the daemons' logs) on failure or with KEEP=1.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/same_results.sh"
source "$(dirname "$0")/lib/faults.sh"
test_init slurm
require_backends "set PICKET_TEST_BACKENDS=1 or CI=true to run it: it installs SLURM and munge with apt if missing and starts their daemons as root"
pass_details() {
    echo "SLURM up ${up_s:-?} s, slurm run ${run_slurm_s:-?} s, local run ${run_local_s:-?} s; $n_jobs SLURM jobs, $n_same files identical to the local run, provenance JSON without timings;" \
         "SIGTERM to SLURM job ${term_job:-?} (${term_name:-?}) ${term_after:-?} s into it: stopped, 0 partial; -resume ${resume_s:-?} s (${resume_cached:-?} cached): ${n_same_term:-?} files identical, 0 partial"
}
# on_finish: stops the daemons by the PIDs in $cluster/run (before finish removes $out; once only)
stop_cluster() {
    [[ -n "${cluster:-}" && -d "$cluster" ]] || return 0
    "$here/backends/slurm-down.sh" "$cluster" > "$out/slurm-down.log" 2>&1
    [[ "$cluster" == "$out/cluster" ]] || { cp -r "$cluster/log" "$out/cluster-log" 2>/dev/null; rm -rf "$cluster"; }
    cluster=
}
on_finish() { stop_cluster; }
trap stop_cluster EXIT

# ---- prerequisites ------------------------------------------------------------------------------------------
(( $(id -u) == 0 )) || abort "needs root to start slurmd (running as $(id -un))"
need_nextflow
need_jars
fresh_out
# the cluster's folder holds munge's socket: keep its path well under the 108 bytes a socket path may have
cluster=$out/cluster
(( ${#cluster} <= 60 )) || cluster=$(mktemp -d /tmp/picket-slurm.XXXXXX)

# ---- 1. a private single-node SLURM, stopped by PID on exit ---------------------------------------------------------
t0=$(date +%s)
if ! "$here/backends/slurm-up.sh" "$cluster" > slurm-up.log 2>&1; then
    abort "SLURM did not start: $(grep -m1 '^slurm-up: [^[]' slurm-up.log || tail -1 slurm-up.log) (see slurm-up.log)"
fi
up_s=$(( $(date +%s) - t0 ))
export SLURM_CONF=$cluster/slurm.conf
echo "slurm test: $(tail -1 slurm-up.log)"

# ---- two simulated tomograms with ground truth -------------------------------------------------------------------
simulate_tomograms tomo samplesheet.csv
n_tasks=$(pipeline_tasks 2)

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
# the same results (tests/lib/same_results.sh: provenance JSON without timings, report.html without its timing cells
# and Software versions, pipeline_info/ aside)
result_sums results_slurm --ignore-versions > sums_slurm.txt; result_sums results_local --ignore-versions > sums_local.txt
same_sums sums_local.txt sums_slurm.txt || fail "published files differ between the slurm and the local run: $same_diff"
n_same=$same_equal
n_prov=$(cd results_local && ls */segmentations/*.json */particles/*.json 2>/dev/null | wc -l)
(( n_prov == 2 * 6 * (1 + 2) )) || fail "local run: $n_prov provenance JSON files, expected $(( 2 * 6 * 3 ))"
(( same_n >= 2 * 6 * (3 + 2 * 2) + n_prov )) || fail "local run: only $same_n files published"

# ---- 4. a preempted job: SIGTERM to a running job mid-task, then -resume ---------------------------------------------
slurm_args=(-profile test,slurm -c "$here/slurm_test.config" -w work_term --input samplesheet.csv --outdir results_term
            --trace_report_suffix term --slurm_queue debug)
"$nf" run "$root" "${slurm_args[@]}" > run_term1.log 2>&1 &
nf_pid=$!
term_job=""; term_name=""; t_seen=0
for _ in $(seq 1 1200); do # up to 10 minutes
    kill -0 "$nf_pid" 2>/dev/null || break
    # the first running job of a step that writes a large file; signalled once it has run a moment
    read -r id name _ < <(squeue -h -t R -o '%i %j %M' | grep -E ' nf-[^ ]*(FEATURES|SEGMENT|LOCALIZE)' | head -1)
    if [[ -n "${id:-}" ]]; then
        (( t_seen > 0 )) || t_seen=$(date +%s%N)
        sleep 0.3
        if scancel --signal=TERM --full "$id" 2> /dev/null; then
            term_job=$id; term_name=$name; term_after=$(awk -v a="$t_seen" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 + 0.3 }')
            break
        fi
        t_seen=0
    fi
    sleep 0.2
done
wait "$nf_pid"; rc=$?
if [[ -z "$term_job" ]]; then
    fail "preemption: no FEATURES, SEGMENT or LOCALIZE job seen running (see run_term1.log)"
else
    (( rc != 0 )) || fail "preemption: the run exited 0 after SIGTERM to job $term_job ($term_name)"
    grep -q 'terminated with an error exit status (143)' run_term1.log ||
        fail "preemption: the log does not give exit status 143 for job $term_job (see run_term1.log)"
    bad=$(partial_files results_term); [[ -z "$bad" ]] || fail "after SIGTERM to job $term_job: partial files in the outdir: $(head -3 <<< "$bad" | tr '\n' ' ')"
    t0=$(date +%s)
    "$nf" run "$root" "${slurm_args[@]}" -resume > run_term2.log 2>&1
    rc=$?; resume_s=$(( $(date +%s) - t0 ))
    (( rc == 0 )) || fail "-resume after SIGTERM to job $term_job: exit $rc (see run_term2.log)"
    resume_cached=$(awk -F'\t' 'NR > 1 && $7 == "CACHED"' results_term/pipeline_info/execution_trace_term.txt 2>/dev/null | wc -l)
    (( resume_cached >= 1 )) || fail "-resume after SIGTERM to job $term_job: no task cached"
    result_sums results_term --ignore-versions > sums_term.txt
    same_sums sums_local.txt sums_term.txt || fail "SIGTERM to job $term_job + -resume: published files differ from the local run: $same_diff"
    n_same_term=$same_equal
    bad=$(partial_files results_term); [[ -z "$bad" ]] || fail "SIGTERM + -resume: partial files in the outdir: $(head -3 <<< "$bad" | tr '\n' ' ')"
fi

finish
