#!/usr/bin/env bash
# tests/summary.sh DIR [LINE...]: adds up every Surefire report under DIR, plus each script test's closing LINE
# ("<name> test: PASS|FAIL|SKIPPED|NOT RUN ...", e.g. "pipeline test: PASS (...)"; NOT RUN counts as skipped, a
# line of any other form as failed), and prints one closing line: "summary: N passed, N failed, N skipped".
# Errors count as failures. Exits 0; the caller keeps the exit status.
dir=${1:-java}
shift
lines=("$@")
sum_reports() {
    local tests=0 fail=0 err=0 skip=0 f t
    shopt -s nullglob globstar
    for f in "$dir"/**/target/surefire-reports/TEST-*.xml; do
        t=$(grep -m1 -o '<testsuite [^>]*' "$f")
        tests=$((tests + $(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<< "$t")))
        fail=$((fail + $(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<< "$t")))
        err=$((err + $(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<< "$t")))
        skip=$((skip + $(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<< "$t")))
    done
    local line re='^[A-Za-z0-9_-]+ test: (PASS|FAIL|SKIPPED|NOT RUN)( |$)'
    for line in "${lines[@]}"; do
        tests=$((tests + 1))
        if [[ "$line" =~ $re ]]; then
            case "${BASH_REMATCH[1]}" in
                FAIL) fail=$((fail + 1)) ;;
                SKIPPED|"NOT RUN") skip=$((skip + 1)) ;;
            esac
        else
            fail=$((fail + 1)); echo "summary: not a closing line, counted as failed: '$line'"
        fi
    done
    local failed=$((fail + err))
    echo
    echo "summary: $((tests - failed - skip)) passed, $failed failed, $skip skipped"
}
sum_reports
