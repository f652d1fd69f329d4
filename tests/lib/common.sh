# tests/lib/common.sh: what the script tests (tests/*_test.sh) share. Source it, then call test_init first:
#   test_init NAME                here (tests/), root, nf (bin/picket-nextflow), VERSION (of java/pom.xml), out (the
#                                 test's folder: $<NAME>_TEST_DIR, default tests/out/NAME), t_start, fails; every
#                                 line below begins "NAME test: "
#   backends_enabled              true with CI=true or PICKET_TEST_BACKENDS=1 (the gate of tests that start services)
#   require_backends 'WHY'        without them: "NAME test: NOT RUN (WHY)", exit 0
#   need_nextflow [--or-skip]     a Nextflow (bin/picket-nextflow --which), else a FAIL; with --or-skip (a test that
#                                 starts no service) "NAME test: SKIPPED (no Nextflow: ...)", exit 0, but a FAIL under CI=true
#   need_jars                     the five fat jars of VERSION, else a FAIL ("run 'make build'")
#   fresh_out [SUBDIR...]         an empty $out (and its SUBDIRs), and cd into it
#   simulate_tomograms P [SHEET]  P1.mrc, P2.mrc (+ P1.csv, P2.csv truth): 64x64x48, seeds 1 and 2; with SHEET a samplesheet
#                                 "tomoA,P1.mrc,P1.csv / tomoB,P2.mrc,P2.csv"
#   pipeline_tasks N [simulate]   the tasks of one `-profile test` run on N tomograms (with SIMULATE per tomogram)
#   fail MSG / abort MSG / finish one failed check (the test goes on) / fail and finish now / the closing line
# The closing line, the last line a test prints (tests/summary.sh and the Makefile read it):
#   "NAME test: PASS (S s: DETAILS)", DETAILS from the test's own pass_details function; "NAME test: FAIL (N check(s)
#   failed: A|B|... | logs in $out)", exit 1. Before it, finish calls the test's on_finish function if there is one
#   (stopping daemons, say), and on PASS removes $out unless KEEP=1.
# shellcheck shell=bash

test_init() {
    test_name=$1
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    local dir_var=${1^^}_TEST_DIR
    out=${!dir_var:-$here/out/$1}
    root=$(cd "$here/.." && pwd)
    nf=$root/bin/picket-nextflow
    VERSION=$(sed -n '/<artifactId>picket-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/java/pom.xml")
    t_start=$(date +%s)
    fails=()
}

backends_enabled() { [[ "${CI:-}" == true || "${PICKET_TEST_BACKENDS:-}" == 1 ]]; }

require_backends() {
    backends_enabled && return 0
    echo "$test_name test: NOT RUN ($1)"
    exit 0
}

fail() { fails+=("$1"); echo "$test_name test: FAILED CHECK: $1" >&2; }

finish() {
    if declare -F on_finish > /dev/null; then on_finish; fi
    local secs=$(( $(date +%s) - t_start ))
    if (( ${#fails[@]} == 0 )); then
        echo "$test_name test: PASS ($secs s: $(pass_details))"
        [[ "${KEEP:-0}" == 1 ]] || rm -rf "$out"
        exit 0
    fi
    local IFS='|' where=""
    [[ -d "$out" ]] && where=" | logs in $out"
    echo "$test_name test: FAIL (${#fails[@]} check(s) failed: ${fails[*]}$where)"
    exit 1
}

abort() { fail "$1"; finish; }

need_nextflow() {
    local err which reason
    err=$(mktemp)
    if which=$("$nf" --which 2> "$err"); then
        rm -f "$err"
        echo "$test_name test: nextflow = $which"
        return 0
    fi
    reason=$(tail -1 "$err"); rm -f "$err"
    if [[ "${1:-}" == --or-skip && "${CI:-}" != true ]]; then
        echo "$test_name test: SKIPPED (no Nextflow: $reason)"
        exit 0
    fi
    abort "no Nextflow${CI:+ (CI=$CI)}: $reason"
}

need_jars() {
    local j
    for j in features cluster segment localize tools; do
        [[ -f "$root/java/$j/target/picket-$j-$VERSION-all.jar" ]] || abort "jars not built: run 'make build'"
    done
}

fresh_out() {
    local d
    rm -rf "$out" && mkdir -p "$out" || abort "cannot create $out"
    for d in "$@"; do mkdir -p "$out/$d" || abort "cannot create $out/$d"; done
    cd "$out" || abort "cannot enter $out"
}

simulate_tomograms() {
    local p=$1 s
    for s in 1 2; do
        "$root/bin/picket-tools" simulate --size 64,64,48 --seed $s --out "$p$s.mrc" --truth "$p$s.csv" --threads 2 \
            2>> simulate.log || abort "simulate"
    done
    [[ -z "${2:-}" ]] || printf 'id,tomogram,truth\ntomoA,%s1.mrc,%s1.csv\ntomoB,%s2.mrc,%s2.csv\n' "$p" "$p" "$p" "$p" > "$2"
}

# per tomogram: PREPROCESS 1, FEATURES 3 modes, CLUSTER 6 (modes x clusterers), SEGMENT 3 (one per mode, both
# clusterers' models), LOCALIZE 6, EVALUATE 12 (x 2 methods), RANK 1, CONSENSUS 1 and its EVALUATE 1 (the slurm and
# docker tests give a truth too), EXPORT 1, and SIMULATE 1 for the built-in test data; one REPORT
pipeline_tasks() {
    local simulate=0
    [[ -z "${2:-}" ]] || simulate=$1
    echo $(( $1 * (1 + 3 + 6 + 3 + 6 + 12 + 1 + 2 + 1) + simulate + 1 ))
}
