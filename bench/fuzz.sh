#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser: runs each Jazzer @FuzzTest of java/core and java/tools in fuzzing mode
# (JAZZER_FUZZ=1), SECONDS split evenly across the targets, and prints one line
#   fuzz_targets=<n> execs=<executions over all targets> crashes=<targets that found a crash> seconds=<S>
# preceded by one line per target (<Class#method> execs=.. crash=0|1).
#
#   bench/fuzz.sh [SECONDS]     (default 600; at least 5 s per target)
#   env FUZZ_HEAP: the test JVM's heap while fuzzing (default 512m): an allocation the input does not justify
#                  fails as an OutOfMemoryError finding instead of passing in a large heap
#   env FUZZ_DIR:  where the run keeps what it makes (default ${XDG_CACHE_HOME:-~/.cache}/picket-nf/fuzz, outside
#                  the repository)
#   env FUZZ_LOG:  folder for each target's Maven/Jazzer log (default: a temporary folder, removed at the end
#                  unless a target found something)
#
# Contract checked by every target: a parsed value that passes the reader's own invariants, or a BadInputException
# whose message is one line naming the file; any other exception, a run over 10 s (-timeout=10) or an
# OutOfMemoryError is a finding.
#
# What it leaves where (nothing in java/: neither a .cifuzz-corpus/ nor a crash input in src/test/resources or
# target/test-classes, so the next `make test` is not changed by a fuzzing run):
#   $FUZZ_DIR/corpus/<Class>/<method>/    the corpus Jazzer grows (libFuzzer's first corpus folder), reused by the
#                                         next run; delete it to start again from the seeds
#   $FUZZ_DIR/findings/<Class>/<method>/  a crashing input (crash-<sha1>), named on stderr with the log. After the
#                                         fix, copy it to java/<module>/src/test/resources/<package>/<Class>Inputs/
#                                         <method>/ and commit it: from then on `mvn test` (regression mode, no
#                                         JAZZER_FUZZ) runs it
#   the logs                              only when a target found something (in FUZZ_LOG, or a temporary folder
#                                         named on stderr)
# Jazzer would otherwise put its corpus in java/<module>/.cifuzz-corpus/ and its findings in src/test/resources (from
# where Maven copies them to target/test-classes and every later `mvn test` runs them): the two are redirected with
# libFuzzer arguments (a corpus folder and -artifact_prefix), and an empty <Class>Inputs/<method>/ folder that Jazzer
# creates in src/test/resources is removed again. A .cifuzz-corpus/ of an earlier version of this script is
# ignored by git and by `mvn test`, and may be deleted.
# Maven runs online (-ntp): a fresh ~/.m2 has no Surefire JUnit provider after `make build` (-DskipTests), so an
# offline run failed every target before it started. A Maven failure with no Jazzer finding and no failed test
# (no Surefire report line) is not counted as a crash: the script names the target and the error and exits 2.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
total=${1:-600}
[[ "$total" =~ ^[0-9]+$ ]] || { echo "bench/fuzz.sh: SECONDS must be a whole number, got '$total'" >&2; exit 2; }
heap=${FUZZ_HEAP:-512m}

# the targets: every @FuzzTest method, as module Class#method
targets=()
for module in core tools; do
    while IFS= read -r file; do
        cls=$(basename "$file" .java)
        pkg=$(sed -n 's/^package \([a-z0-9_.]*\);/\1/p' "$file")
        while IFS= read -r m; do
            targets+=("$module $pkg.$cls#$m")
        done < <(awk '/@FuzzTest/ {want=1; next} want && /void [A-Za-z0-9_]+\(/ {
                     sub(/.*void /, ""); sub(/\(.*/, ""); print; want=0 }' "$file")
    done < <(grep -rl '@FuzzTest' "$root/java/$module/src/test/java" | sort)
done
n=${#targets[@]}
(( n > 0 )) || { echo "bench/fuzz.sh: no @FuzzTest found" >&2; exit 2; }
per=$(( total / n ))
(( per >= 5 )) || per=5

out=${FUZZ_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/picket-nf/fuzz}
case "$out" in
    "$root"/java|"$root"/java/*) echo "bench/fuzz.sh: FUZZ_DIR must be outside java/, got $out" >&2; exit 2 ;;
esac
mkdir -p "$out"
out=$(cd "$out" && pwd)

logs=${FUZZ_LOG:-}
if [[ -z "$logs" ]]; then
    logs=$(mktemp -d)
    trap 'rm -rf "$logs"' EXIT
fi
mkdir -p "$logs"

cd "$root/java"
execs=0
crashes=0
start=$(date +%s)
for t in "${targets[@]}"; do
    module=${t%% *}
    test=${t#* }
    log="$logs/${test##*.}.log"
    modules=core
    [[ "$module" == core ]] || modules="core,$module"
    cls=${test%%#*}
    method=${test#*#}
    corpus="$out/corpus/$cls/$method"
    findings="$out/findings/$cls/$method"
    mkdir -p "$corpus" "$findings"
    # the folder Jazzer makes for findings in the source tree when it is missing: removed again below if empty
    pkgdir=${cls%.*}
    inputs="$root/java/$module/src/test/resources/${pkgdir//.//}/${cls##*.}Inputs/$method"
    existed=$inputs
    while [[ ! -d "$existed" ]]; do existed=$(dirname "$existed"); done
    # a corpus folder given as a libFuzzer argument comes first (libFuzzer writes new inputs there, and Jazzer then
    # makes no .cifuzz-corpus/); -artifact_prefix, given last, wins over Jazzer's src/test/resources one.
    # -print_final_stats prints stat::number_of_executed_units even when the run stops at a crash
    rc=0
    JAZZER_FUZZ=1 mvn -B -ntp -pl "$modules" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
        -Dpicket.test.heap="$heap" \
        -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$per" \
        -Djazzer.internal.arg.2=-timeout=10 -Djazzer.internal.arg.3=-print_final_stats=1 \
        -Djazzer.internal.arg.4="$corpus" -Djazzer.internal.arg.5=-artifact_prefix="$findings/" \
        >"$log" 2>&1 || rc=$?
    d=$inputs
    while [[ "$d" == "$existed"/* ]] && rmdir "$d" 2>/dev/null; do d=$(dirname "$d"); done
    e=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
    [[ -n "$e" ]] || e=$(sed -n 's/^#\([0-9]*\)[[:space:]]*DONE.*/\1/p' "$log" | tail -1)
    [[ -n "$e" ]] || e=0
    crash=0
    if (( rc != 0 )) && ! grep -q -e 'Test unit written to' -e '== Java Exception' -e 'Tests run:' "$log"; then
        echo "bench/fuzz.sh: $test: Maven failed before the fuzz test ran (exit $rc, not a finding): $(grep -m 1 '^\[ERROR\]' "$log" | cut -c1-300)" >&2
        [[ -n "${FUZZ_LOG:-}" ]] || { trap - EXIT; echo "bench/fuzz.sh: logs kept in $logs" >&2; }
        exit 2
    fi
    if (( rc != 0 )) || grep -q -e 'Test unit written to' -e '== Java Exception' "$log"; then
        crash=1
        echo "bench/fuzz.sh: $test: finding (Maven exit $rc); log: $log" >&2
        grep -m 3 -e 'Test unit written to' -e '== Java Exception' -e 'ERROR\] Tests run' "$log" >&2 || true
        echo "bench/fuzz.sh: crashing inputs in $findings (after the fix: copy to ${inputs#"$root"/} and commit)" >&2
        [[ -n "${FUZZ_LOG:-}" ]] || { trap - EXIT; echo "bench/fuzz.sh: logs kept in $logs" >&2; }
    fi
    echo "$test execs=$e crash=$crash"
    execs=$(( execs + e ))
    crashes=$(( crashes + crash ))
done
echo "fuzz_targets=$n execs=$execs crashes=$crashes seconds=$(( $(date +%s) - start ))"
