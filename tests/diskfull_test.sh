#!/usr/bin/env bash
# Full-disk test: the work folder on a small filesystem that fills up mid-run, with the real `nextflow run`
# (bin/picket-nextflow) on one small simulated tomogram (48x48x40, intensities + kmeans; tests/lib/faults.sh):
#   1. an uninterrupted run (ref/);
#   2. the same run with -w on a 2 MB tmpfs: FEATURES's 5 MB output does not fit; the run stops non-zero with a
#      message naming "No space left on device" and the filesystem (bin/picket-guard: its mount point and free
#      space), the tomogram is not recorded as bad input, nothing half-written in the outdir;
#   3. the tmpfs remounted at 64 MB (space freed), -resume: exit 0, PREPROCESS cached, the published files identical
#      to the uninterrupted run's (tests/lib/same_results.sh), nothing half-written.
# Needs root (mount); otherwise, or when the mount fails (a container without CAP_SYS_ADMIN), it prints
# "diskfull test: NOT RUN (...)", counted as skipped. Prints one closing line "diskfull test: PASS|FAIL (...)";
# exit 0 / 1. Keeps its folder on failure (or KEEP=1): tests/out/diskfull/.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/same_results.sh"
source "$(dirname "$0")/lib/faults.sh"
test_init diskfull
pass_details() {
    echo "reference ${ref_s:-?} s; work on a 2 MB tmpfs: stopped after ${full_s:-?} s naming the disk ($full_where); remounted at 64 MB," \
         "-resume ${resume_s:-?} s ($resume_cached cached): $same_n files identical, 0 partial"
}
mounted=""
on_finish() { [[ -z "$mounted" ]] || umount "$mounted" 2>/dev/null; }

(( EUID == 0 )) || { echo "diskfull test: NOT RUN (needs root to mount a 2 MB tmpfs for the work folder)"; exit 0; }
need_nextflow --or-skip
need_jars
fresh_out disk/mnt
cd "$out" || exit 1
if ! err=$(mount -t tmpfs -o size=2m picket-diskfull disk/mnt 2>&1); then
    echo "diskfull test: NOT RUN (cannot mount a tmpfs as root here: $err)"
    rm -rf "$out"
    exit 0
fi
mounted=$out/disk/mnt
fault_setup
fault_reference

# ---- the work folder fills up --------------------------------------------------------------------------------------
t0=$(date +%s)
fault_run disk run1.log -w "$mounted/work"
full_s=$(( $(date +%s) - t0 ))
(( fault_rc != 0 )) || fail "full disk: the run exited 0 (see disk/run1.log)"
grep -q 'No space left on device' disk/run1.log || fail "full disk: the log does not say 'No space left on device' (see disk/run1.log)"
if grep -q "^picket-guard: t: [A-Z]* could not write its output in $mounted/work/.* (filesystem picket-diskfull, mounted on $mounted, [0-9]* KB free of 2048 KB)" disk/run1.log; then
    full_where="$(grep -o '^picket-guard: t: [A-Z]*' disk/run1.log | head -1 | awk '{ print $3 }') could not write on picket-diskfull, mounted on .../disk/mnt"
else
    full_where="?"
    fail "full disk: no picket-guard line naming the task's filesystem and its free space (see disk/run1.log)"
fi
grep -q 'tomogram failed' disk/run1.log && fail "full disk: recorded as a failed tomogram (bad input): -resume would not retry it"
bad=$(partial_files disk/results); [[ -z "$bad" ]] || fail "full disk: partial files in the outdir: $(head -3 <<< "$bad" | tr '\n' ' ')"

# ---- space freed: -resume finishes with the same results ------------------------------------------------------------
mount -o remount,size=64m "$mounted" || abort "cannot remount $mounted at 64 MB"
t0=$(date +%s)
fault_run disk run2.log -w "$mounted/work" -resume
resume_s=$(( $(date +%s) - t0 ))
(( fault_rc == 0 )) || fail "-resume after freeing space: exit $fault_rc (see disk/run2.log)"
resume_cached=$(grep -c 'Cached process' disk/run2.log)
(( resume_cached >= 1 )) || fail "-resume after freeing space: no task cached"
result_sums disk/results > disk.sums
same_n="?"
same_sums ref.sums disk.sums || fail "full disk + -resume: published files differ from the uninterrupted run: $same_diff"
bad=$(partial_files disk/results); [[ -z "$bad" ]] || fail "full disk + -resume: partial files in the outdir: $(head -3 <<< "$bad" | tr '\n' ' ')"
umount "$mounted" && mounted=""

finish
