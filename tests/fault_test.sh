#!/usr/bin/env bash
# Fault test: what a local run survives, with the real `nextflow run` (bin/picket-nextflow) on one small simulated
# tomogram (48x48x40, intensities + kmeans: 9 tasks; tests/lib/faults.sh). Each fault is compared with an
# uninterrupted run of the same inputs (ref/, tests/lib/same_results.sh):
#   1. a second run in the same launch folder while one runs: refused at once by bin/picket-nextflow with one line
#      ("picket-nf: another run is using this launch folder (...)") and exit 75, no Nextflow started; the first run
#      goes on to the end undisturbed;
#   2. SIGTERM to a task's JVM (FEATURES while it writes its .npy, when a tight poll catches the tools' temporary
#      .<name>.part, else the next task while it runs): the run stops non-zero naming exit status 143;
#      then -resume, and SIGTERM to Nextflow itself (a preempted head job) while a task runs: it stops non-zero and
#      takes its tasks down; then -resume: exit 0, the finished tasks cached, the published files identical to the
#      uninterrupted run's and no half-written file (.<name>.part, *.tmp, hidden file, incomplete MRC) in the outdir
#      at any of the three ends;
#   3. the outdir made read-only once the first results are published (as root a read-only bind mount, since root
#      ignores file modes; else chmod -R a-w): the run stops non-zero with Nextflow's error and the pipeline's line
#      "picket-nf: the results folder results cannot be written (<folder>: read-only file system or no permission);
#      make it writable ..., then run again with -resume"; every file in the outdir is byte-identical to the
#      uninterrupted run's, nothing half-written.
# The full disk is tests/diskfull_test.sh (it needs root to mount a small filesystem).
# Prints one closing line "fault test: PASS (...)" or "fault test: FAIL (...)"; exit 0 / 1. Without a Nextflow it
# prints "fault test: SKIPPED" (a FAIL under CI=true). Keeps its folder on failure (or KEEP=1): tests/out/fault/.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/same_results.sh"
source "$(dirname "$0")/lib/faults.sh"
test_init fault
pass_details() {
    echo "reference ${ref_s:-?} s ($ref_files files); second run refused in ${second_s:-?} s while the first ran on;" \
         "SIGTERM to $term_what, then to Nextflow while ${nf_term_after:-?} ran ($nf_term_left task JVMs left), -resume ${resume_s:-?} s" \
         "($resume_cached cached): $same_n files identical, 0 partial; read-only outdir ($ro_how) with $ro_files file(s) published: stopped in ${ro_s:-?} s, 0 partial"
}
mounted=""
on_finish() { [[ -z "$mounted" ]] || umount "$mounted" 2>/dev/null; }

need_nextflow --or-skip
need_jars
fresh_out
fault_setup
term_what="?"; nf_term_left="?"; resume_cached="?"; same_n="?"; ro_how="?"; ro_files="?"

# ---- 1. the uninterrupted run, and a second run in its launch folder while it runs --------------------------------
t0=$(date +%s)
fault_start ref run.log
while kill -0 "$fault_pid" 2>/dev/null && ! grep -q 'Submitted process' ref/run.log; do sleep 0.2; done
if kill -0 "$fault_pid" 2>/dev/null; then
    t1=$(date +%s)
    (cd ref && "$nf" run "$root" "${fault_args[@]}" > second.log 2>&1)
    second_rc=$?; second_s=$(( $(date +%s) - t1 ))
    (( second_rc == 75 )) || fail "second run in the same launch folder: exit $second_rc, expected 75 (see ref/second.log)"
    grep -q '^picket-nf: another run is using this launch folder (.*ref; pid [0-9]*, started .*): wait for it to end, or start this run from another folder$' ref/second.log \
        || fail "second run: no clear 'another run is using this launch folder' line (see ref/second.log)"
    grep -q 'N E X T F L O W\|Launching' ref/second.log && fail "second run: Nextflow was started"
    kill -0 "$fault_pid" 2>/dev/null || fail "second run: the first run ended before the second was refused (check not meaningful)"
else
    fail "reference run ended before the second run could be started"
fi
wait "$fault_pid"; fault_rc=$?
ref_s=$(( $(date +%s) - t0 ))
(( fault_rc == 0 )) || abort "reference run: exit $fault_rc (see ref/run.log)"
grep -q 'picket-nf: another run' ref/run.log && fail "second run: its refusal reached the first run's log"
result_sums ref/results > ref.sums || abort "reference run: no results"
ref_files=$(wc -l < ref.sums)
[[ -z "$(partial_files ref/results)" ]] || fail "reference run: partial files: $(partial_files ref/results | head -3 | tr '\n' ' ')"

# ---- 2. SIGTERM to a task mid-write, -resume, SIGTERM to Nextflow, -resume --------------------------------------------
t0=$(date +%s)
fault_start sig run1.log
# FEATURES's task folder, found while it runs; then a tight poll (builtins) for its .<name>.part, and SIGTERM to the
# JVM writing it the moment it appears; if the write was missed, SIGTERM to the next task JVM while it runs
shopt -s nullglob
victim=""; part=""; fdir=""
while kill -0 "$fault_pid" 2>/dev/null && [[ -z "$fdir" ]]; do
    for f in "$PWD"/sig/work/*/*/.command.sh; do
        [[ -e "${f%/.command.sh}/.exitcode" ]] || ! grep -q 'picket-guard [^ ]* FEATURES' "$f" || fdir=${f%/.command.sh}
    done
    sleep 0.05
done
while [[ -n "$fdir" && ! -e "$fdir/.exitcode" ]] && kill -0 "$fault_pid" 2>/dev/null; do
    parts=("$fdir"/.*.part)
    if (( ${#parts[@]} )); then
        for p in $(pgrep -x java); do
            [[ "$(readlink "/proc/$p/cwd" 2>/dev/null)" == "$fdir" ]] && { kill -TERM "$p"; victim=$p; vdir=$fdir; part=${parts[0]}; }
        done
        break
    fi
    sleep 0.005
done
while [[ -z "$victim" ]] && kill -0 "$fault_pid" 2>/dev/null; do
    [[ -z "$fdir" || -e "$fdir/.exitcode" ]] && for p in $(task_jvms sig/work); do
        vdir=$(readlink "/proc/$p/cwd") && [[ "$vdir" != "$fdir" ]] && { victim=$p; kill -TERM "$p"; break; }
    done
    sleep 0.05
done
shopt -u nullglob
wait "$fault_pid"; rc1=$?
if [[ -z "$victim" ]]; then
    fail "SIGTERM: the run ended before a task could be killed (see sig/run1.log)"
else
    vstep=$(grep -o 'picket-guard [^ ]* [A-Z]*' "$vdir/.command.sh" 2>/dev/null | awk '{ print $3 }')
    if [[ -n "$part" && -e "$part" ]]; then term_what="$vstep mid-write ($(basename "$part") left in its task folder)"
    else term_what="$vstep while it ran"; fi
    (( rc1 != 0 )) || fail "SIGTERM to $vstep: the run exited 0"
    grep -q 'terminated with an error exit status (143)' sig/run1.log || fail "SIGTERM to $vstep: the log does not give exit status 143 (see sig/run1.log)"
fi
bad=$(partial_files sig/results); [[ -z "$bad" ]] || fail "after SIGTERM to a task: partial files in the outdir: $(head -3 <<< "$bad" | tr '\n' ' ')"

# -resume, and SIGTERM to Nextflow's JVM (bin/picket-nextflow execs it: the launcher's pid) while a task runs
fault_start sig run2.log -resume
nf_term_after=""
while kill -0 "$fault_pid" 2>/dev/null; do
    running=$(task_jvms sig/work | head -1)
    if grep -q 'Submitted process' sig/run2.log && [[ -n "$running" ]]; then
        nf_term_after=$(grep -o 'picket-guard [^ ]* [A-Z]*' "$(readlink "/proc/$running/cwd")/.command.sh" 2>/dev/null | awk '{ print $3 }')
        nf_term_after=${nf_term_after:-a task}
        kill -TERM "$fault_pid"
        break
    fi
    sleep 0.1
done
wait "$fault_pid"; rc2=$?
if [[ -z "$nf_term_after" ]]; then
    fail "SIGTERM to Nextflow: the -resume ended before a task ran (see sig/run2.log)"
else
    (( rc2 != 0 )) || fail "SIGTERM to Nextflow: exit 0"
    for _ in $(seq 50); do [[ -z "$(task_jvms sig/work)" ]] && break; sleep 0.2; done
    nf_term_left=$(task_jvms sig/work | wc -l)
    (( nf_term_left == 0 )) || fail "SIGTERM to Nextflow: $nf_term_left task JVMs still run 10 s later"
fi
bad=$(partial_files sig/results); [[ -z "$bad" ]] || fail "after SIGTERM to Nextflow: partial files in the outdir: $(head -3 <<< "$bad" | tr '\n' ' ')"

t1=$(date +%s)
fault_run sig run3.log -resume
resume_s=$(( $(date +%s) - t1 ))
(( fault_rc == 0 )) || fail "-resume after SIGTERM: exit $fault_rc (see sig/run3.log)"
resume_cached=$(grep -c 'Cached process' sig/run3.log)
(( resume_cached >= 1 )) || fail "-resume after SIGTERM: no task cached"
result_sums sig/results > sig.sums
same_sums ref.sums sig.sums || fail "SIGTERM + -resume: published files differ from the uninterrupted run: $same_diff"
bad=$(partial_files sig/results); [[ -z "$bad" ]] || fail "SIGTERM + -resume: partial files in the outdir: $(head -3 <<< "$bad" | tr '\n' ' ')"

# ---- 3. the outdir made read-only mid-run -------------------------------------------------------------------------
mkdir -p ro/results
t0=$(date +%s)
fault_start ro run.log
made_ro=""
while kill -0 "$fault_pid" 2>/dev/null; do
    if [[ -n "$(find ro/results -path ro/results/pipeline_info -prune -o -type f -print 2>/dev/null | head -1)" ]]; then
        if (( EUID == 0 )); then
            if mount --bind ro/results ro/results 2>ro/mount.err; then
                mounted=$PWD/ro/results
                mount -o remount,bind,ro ro/results 2>>ro/mount.err && made_ro="read-only bind mount"
            fi
        else
            chmod -R a-w ro/results && made_ro="chmod -R a-w"
        fi
        break
    fi
    sleep 0.1
done
ro_files=$(find ro/results -path ro/results/pipeline_info -prune -o -type f -print 2>/dev/null | wc -l)
wait "$fault_pid"; ro_rc=$?
ro_s=$(( $(date +%s) - t0 ))
if [[ -z "$made_ro" ]]; then
    fail "read-only outdir: could not make ro/results read-only ($(tr '\n' ' ' < ro/mount.err 2>/dev/null))"
    ro_how="not made"
else
    ro_how=$made_ro
    (( ro_rc != 0 )) || fail "read-only outdir: the run exited 0 (see ro/run.log)"
    grep -q "^picket-nf: the results folder results cannot be written ($PWD/ro/results[^ ]*: read-only file system or no permission); make it writable" ro/run.log \
        || fail "read-only outdir: no 'picket-nf: the results folder results cannot be written (...)' line (see ro/run.log)"
fi
bad=$(not_in_ref ro/results); [[ -z "$bad" ]] || fail "read-only outdir: files not identical to the uninterrupted run's: $(head -3 <<< "$bad" | tr '\n' ' ')"
bad=$(partial_files ro/results); [[ -z "$bad" ]] || fail "read-only outdir: partial files: $(head -3 <<< "$bad" | tr '\n' ' ')"
ro_files=$(find ro/results -path ro/results/pipeline_info -prune -o -type f -print 2>/dev/null | wc -l)
if [[ -n "$mounted" ]]; then umount "$mounted" && mounted=""; else chmod -R u+w ro/results 2>/dev/null; fi

finish
