#!/usr/bin/env bash
# Adds up every Surefire report under DIR and prints one closing line: "N passed, N failed, N skipped".
# Errors count as failures. Exits 0; the caller keeps Maven's own exit status.
dir=${1:-java}
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
    local failed=$((fail + err))
    echo
    echo "summary: $((tests - failed - skip)) passed, $failed failed, $skip skipped"
}
sum_reports
