#!/usr/bin/env bash
# Adds up every Surefire report under DIR, plus the pipeline test's closing line when given as $2
# ("pipeline test: PASS|FAIL|SKIPPED ...") and the Docker test's as $3 ("docker test: PASS|FAIL|NOT RUN|SKIPPED ...";
# NOT RUN counts as skipped), and prints one closing line: "summary: N passed, N failed, N skipped".
# Errors count as failures. Exits 0; the caller keeps the exit status.
dir=${1:-java}
pipeline=${2:-}
docker=${3:-}
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
    case "$pipeline" in
        "pipeline test: PASS"*) tests=$((tests + 1)) ;;
        "pipeline test: FAIL"*) tests=$((tests + 1)); fail=$((fail + 1)) ;;
        "pipeline test: SKIPPED"*) tests=$((tests + 1)); skip=$((skip + 1)) ;;
    esac
    case "$docker" in
        "docker test: PASS"*) tests=$((tests + 1)) ;;
        "docker test: FAIL"*) tests=$((tests + 1)); fail=$((fail + 1)) ;;
        "docker test: SKIPPED"*|"docker test: NOT RUN"*) tests=$((tests + 1)); skip=$((skip + 1)) ;;
    esac
    local failed=$((fail + err))
    echo
    echo "summary: $((tests - failed - skip)) passed, $failed failed, $skip skipped"
}
sum_reports
