#!/usr/bin/env bash
# tests/lib/same_results.sh: the one "same results" comparison of two published results trees (two runs of the same
# inputs: -resume, kill and -resume, SLURM or Docker against local, before and after a change). Same results means
# the same published files with the same sha256, except for what changes from run to run by design:
#   - pipeline_info/ (Nextflow's report, timeline and trace, and picket_software_versions.yml) is not compared, nor
#     is a picket_software_versions.yml published anywhere else;
#   - a JSON (the provenance of picket-segment and picket-localize) is compared without its "timings" block (the
#     tools' seconds);
#   - report.html and the report's pages (report/*.html) are compared with their timing cells (<td class="t">,
#     those same seconds) emptied, and with --ignore-versions without its "Software versions" section (a run in
#     a container or on other nodes may report other versions of Java or Nextflow): from the line that opens it
#     (id="software-versions", or a heading "Software versions") through its </section> when that line opens a
#     <section>, else up to the next <h2 or </body>;
#   - --exclude GLOB (repeatable) leaves out the files whose path (./a/b.c) matches GLOB, for a test that needs it.
# Sourced (tests/lib/common.sh is not needed):
#   result_sums DIR [OPTION...] > FILE   the list "sha256  ./path" (LC_ALL=C order) of DIR's compared files
#   same_sums FILE_A FILE_B              0 when the two lists are equal and not empty; sets same_n (files in A),
#                                        same_equal (files equal in both) and same_diff (what differs, in words)
# Run as a command: bash tests/lib/same_results.sh [OPTION...] DIR_A DIR_B: prints the files that differ or are
# missing and "same results: ..."; exit 0 same, 1 different, 2 usage.

# report.html on stdin, without its timing cells' values (and with $1 = 1 without its Software versions section)
_same_results_report() {
    sed 's/<td class="t">[^<]*<\/td>/<td class="t"><\/td>/g' | awk -v drop="$1" '
        drop && !skip && (/id="software-versions"/ || /<h[1-6][^>]*>[Ss]oftware versions</) {
            skip = 1; sec = /<section/; next }
        skip && sec && /<\/section>/ { skip = 0; next }
        skip && !sec && (/<h2/ || /<\/body>/) { skip = 0 }
        !skip'
}

result_sums() {
    local dir=$1 versions=0 excl=() f
    shift
    while (( $# )); do
        case $1 in
            --ignore-versions) versions=1 ;;
            --exclude) excl+=(! -path "$2"); shift ;;
            *) echo "result_sums: unknown option '$1'" >&2; return 2 ;;
        esac
        shift
    done
    [[ -d "$dir" ]] || { echo "result_sums: no folder $dir" >&2; return 2; }
    (cd "$dir" && find . -path ./pipeline_info -prune -o -type f ! -name picket_software_versions.yml "${excl[@]}" -print \
        | LC_ALL=C sort | while IFS= read -r f; do
            case $f in
                */report.html|./report/*.html) printf '%s  %s\n' "$(_same_results_report $versions < "$f" | sha256sum | cut -c1-64)" "$f" ;;
                *.json) printf '%s  %s\n' "$(sed '/"timings" : {/,/}/d' "$f" | sha256sum | cut -c1-64)" "$f" ;;
                *) sha256sum "$f" ;;
            esac
        done)
}

same_sums() {
    local a=$1 b=$2 paths
    same_n=$(wc -l < "$a")
    same_equal=$(LC_ALL=C comm -12 <(LC_ALL=C sort "$a") <(LC_ALL=C sort "$b") | wc -l)
    if cmp -s "$a" "$b" && (( same_n > 0 )); then
        same_diff=""
        return 0
    fi
    # the paths whose line is in one list only: changed, or published by one run only
    paths=$(LC_ALL=C comm -3 <(LC_ALL=C sort "$a") <(LC_ALL=C sort "$b") | awk '{ print $NF }' | LC_ALL=C sort -u)
    same_diff="$(grep -c . <<< "$paths") of $same_n files differ or are missing ($(head -3 <<< "$paths" | tr '\n' ' ')...; diff $a $b)"
    (( same_n > 0 )) || same_diff="no files in $a"
    return 1
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    opts=()
    while (( $# > 2 )); do
        case $1 in
            --exclude) opts+=("$1" "$2"); shift 2 ;;
            *) opts+=("$1"); shift ;;
        esac
    done
    (( $# == 2 )) || { echo "usage: bash tests/lib/same_results.sh [--ignore-versions] [--exclude GLOB]... DIR_A DIR_B" >&2; exit 2; }
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    result_sums "$1" "${opts[@]}" > "$tmp/a" && result_sums "$2" "${opts[@]}" > "$tmp/b" || exit 2
    if same_sums "$tmp/a" "$tmp/b"; then
        echo "same results: $same_n files identical ($1, $2)"
        exit 0
    fi
    LC_ALL=C join -j 2 -a 1 -a 2 -e - -o 0,1.1,2.1 <(LC_ALL=C sort -k2 "$tmp/a") <(LC_ALL=C sort -k2 "$tmp/b") \
        | awk -v a="$1" -v b="$2" '$2 != $3 { print "differs: " substr($1, 3) ($2 == "-" ? " (only in " b ")" : $3 == "-" ? " (only in " a ")" : "") }'
    echo "same results: NO: $same_equal of $same_n files identical ($1, $2)"
    exit 1
fi
