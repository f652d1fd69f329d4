#!/usr/bin/env bash
# The report of a large dataset (issue 15): builds `picket-tools report` for N synthetic tomograms' results
# (tests/lib/report_inputs.sh: 12 made-up particle sets per tomogram with provenance, evaluations, ranking, consensus
# and a 632x216 montage PNG; tomo1..tomoN) and prints how big the overview page is and how long the report took.
#
#   bench/report.sh [N] [--keep DIR]      N tomograms (default 500); --keep DIR: make the inputs and the report in
#                                          DIR and keep them (default: a temporary folder, removed at the end)
#   env PICKET_JAVA_OPTS / the launcher's options: as for any picket-tools run
#
# Prints the inputs' size, then one line
#   report_index_mb=<index.html in MB> report_build_s=<wall seconds of picket-tools report> report_pages=<N pages>
#   report_dir_mb=<the whole report/ folder in MB> report_max_page_kb=<largest tomogram page>
# Targets: index under 2 MB and build under 60 s on 2 cores for N = 500. The build runs once (the JVM's start-up
# included); the input generation (python3) is not timed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
n=500
keep=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --keep) keep=$2; shift 2 ;;
        [0-9]*) n=$1; shift ;;
        *) echo "usage: bench/report.sh [N] [--keep DIR]" >&2; exit 2 ;;
    esac
done
if [[ -n "$keep" ]]; then
    work=$keep
    rm -rf "$work/in" "$work/report" "$work/report.html"
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
t0=$(date +%s.%N)
bash "$root/tests/lib/report_inputs.sh" "$work" "$n"
t1=$(date +%s.%N)
echo "report bench: inputs for $n tomograms: $(find "$work/in" -type f | wc -l) files, $(du -sm "$work/in" | cut -f1) MB" \
    "(made in $(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s)"
s=$(date +%s.%N)
"$root/bin/picket-tools" report --out "$work/report.html" "$work/in" 2> "$work/report.log" \
    || { cat "$work/report.log"; echo "report bench: picket-tools report failed" >&2; exit 1; }
e=$(date +%s.%N)
index=$(stat -c %s "$work/report/index.html")
pages=$(find "$work/report" -name '*.html' ! -name index.html | wc -l)
maxpage=$(find "$work/report" -name '*.html' ! -name index.html -printf '%s\n' | sort -n | tail -1)
dir=$(du -sk "$work/report" | cut -f1)
echo "report_index_mb=$(printf '%.3f' "$(echo "$index / 1048576" | bc -l)") report_build_s=$(printf '%.1f' "$(echo "$e - $s" | bc)")" \
    "report_pages=$pages report_dir_mb=$(printf '%.1f' "$(echo "$dir / 1024" | bc -l)") report_max_page_kb=$(( maxpage / 1024 ))"
