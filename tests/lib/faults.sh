# tests/lib/faults.sh: what the fault tests (tests/fault_test.sh, tests/diskfull_test.sh) share. Source it after
# tests/lib/common.sh and tests/lib/same_results.sh, and after test_init and fresh_out:
#   fault_setup                  one small simulated tomogram (48x48x40, seed 3: t.mrc) and its samplesheet one.csv;
#                                fault_args, the run's arguments: -profile test, intensities + kmeans only (9 tasks,
#                                about 40 s on 2 idle cores), results into ./results of the launch folder
#   fault_run DIR LOG [ARG...]   bin/picket-nextflow run with fault_args (and ARGs) in launch folder DIR (created),
#                                log in DIR/LOG; sets fault_rc
#   fault_start DIR LOG [ARG...] the same in the background; sets fault_pid (the launcher, which execs Nextflow's JVM)
#   fault_reference              an uninterrupted run in ref/; its published files' sums in ref.sums
#   task_jvms WORK               the pids of the java processes working in a task folder under WORK
#   done_tasks WORK              how many tasks under WORK have ended (.exitcode written)
#   partial_files DIR            every file of DIR that looks half-written: a tools' temporary (.<name>.part), a
#                                *.tmp, any other hidden file, an incomplete MRC; nothing when all is well
#   not_in_ref DIR               every file of DIR (pipeline_info/ aside) that is not byte-identical to the file of
#                                the same path in ref/results (the same comparison as tests/lib/same_results.sh)
# shellcheck shell=bash

fault_setup() {
    "$root/bin/picket-tools" simulate --size 48,48,40 --seed 3 --out t.mrc --truth t_truth.csv --threads 1 \
        2>> simulate.log || abort "simulate"
    printf 'id,tomogram\nt,%s/t.mrc\n' "$PWD" > one.csv
    fault_args=(-profile test --input "$PWD/one.csv" --outdir results --modes intensities --clusterers kmeans)
}

fault_run() {
    local dir=$1 log=$2
    shift 2
    mkdir -p "$dir" || abort "cannot create $dir"
    (cd "$dir" && "$nf" run "$root" "${fault_args[@]}" "$@" > "$log" 2>&1)
    fault_rc=$?
}

fault_start() {
    local dir=$1 log=$2
    shift 2
    mkdir -p "$dir" || abort "cannot create $dir"
    cd "$dir" || abort "cannot enter $dir"
    "$nf" run "$root" "${fault_args[@]}" "$@" > "$log" 2>&1 &
    fault_pid=$!
    cd - > /dev/null || abort "cannot go back from $dir"
}

fault_reference() {
    local t0
    t0=$(date +%s)
    fault_run ref run.log
    ref_s=$(( $(date +%s) - t0 ))
    (( fault_rc == 0 )) || abort "reference run: exit $fault_rc (see ref/run.log)"
    result_sums ref/results > ref.sums || abort "reference run: no results"
    ref_files=$(wc -l < ref.sums)
}

task_jvms() {
    local w p c
    w=$(cd "$1" 2>/dev/null && pwd) || return 0
    for p in $(pgrep -x java); do
        c=$(readlink "/proc/$p/cwd" 2>/dev/null) || continue
        [[ "$c" == "$w"/* ]] && echo "$p"
    done
}

done_tasks() { find "$1" -mindepth 3 -maxdepth 3 -name .exitcode 2>/dev/null | wc -l; }

_le32() { od -An -t d4 -j "$2" -N 4 --endian=little "$1" | tr -d ' '; }

# an MRC is complete when its size is 1024 + NSYMBT + nx*ny*nz*(bytes of its mode)
_mrc_complete() {
    local f=$1 nx ny nz mode ext bytes
    nx=$(_le32 "$f" 0); ny=$(_le32 "$f" 4); nz=$(_le32 "$f" 8); mode=$(_le32 "$f" 12); ext=$(_le32 "$f" 92)
    case "$mode" in 0) bytes=1 ;; 1|6|12) bytes=2 ;; 2) bytes=4 ;; *) return 1 ;; esac
    [[ -n "$nx" ]] && (( $(stat -c %s "$f") == 1024 + ext + nx * ny * nz * bytes ))
}

partial_files() {
    local dir=$1 f
    [[ -d "$dir" ]] || return 0
    find "$dir" \( -name '.*' -o -name '*.part' -o -name '*.tmp' \) -print
    while IFS= read -r f; do _mrc_complete "$f" || echo "$f (incomplete MRC)"; done \
        < <(find "$dir" -type f \( -name '*.mrc' -o -name '*.mrcs' \))
}

not_in_ref() {
    local dir=$1
    [[ -d "$dir" ]] || return 0
    result_sums "$dir" | LC_ALL=C sort | LC_ALL=C comm -23 - <(LC_ALL=C sort ref.sums) | awk '{ print $NF }'
}
