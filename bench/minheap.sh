#!/usr/bin/env bash
# Smallest Java heap each step needs, by bisection: re-runs one task per step of a finished bench/scale.sh run
# (its --keep folder) with a smaller and smaller -Xmx until it fails (-XX:+ExitOnOutOfMemoryError), and prints
#   step=<PROCESS> voxels=.. min_heap_mb=.. heap_bytes_per_voxel=.. peak_rss_mb=.. (at that heap) task=<tag>
# The tools' memory requests (conf/base.config) come from these figures: see bench/README.md "Memory per step".
#
#   bench/minheap.sh DIR [STEP...]      (default steps: PREPROCESS FEATURES SEGMENT LOCALIZE RANK)
#
# The task re-run is the largest of its step (LOCALIZE: the intensities GMM, the one with most particle voxels;
# SEGMENT: the intensities task, its KMeans and GMM labels from one pass); it runs in a copy of the task's work folder, so the kept run is not changed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
[[ $# -ge 1 && -d "$1/work" ]] || { echo "usage: bench/minheap.sh DIR [STEP...]  (DIR: a bench/scale.sh --keep folder)" >&2; exit 2; }
dir=$(cd "$1" && pwd); shift
steps=("$@"); [[ ${#steps[@]} -gt 0 ]] || steps=(PREPROCESS FEATURES SEGMENT LOCALIZE RANK)
trace=$(ls "$dir"/results/pipeline_info/execution_trace_*.txt | head -1)
export PATH="$root/bin:$PATH"
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT

# the task (work folder) of a step: the one whose tag matches, else the step's first
taskdir() { # STEP
    local want=$1 prefer=""
    case $want in SEGMENT) prefer=intensities ;; LOCALIZE) prefer=intensities_gmm ;; FEATURES) prefer=intensities ;; esac
    awk -F'\t' -v p="$want" -v pref="$prefer" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { q = $c["process"]; sub(/.*:/, "", q) }
        q == p && $c["status"] == "COMPLETED" { if (first == "") first = $c["hash"]; if (pref != "" && $c["tag"] ~ pref "$") best = $c["hash"] }
        END { print (best != "" ? best : first) }' "$trace"
}

# runs the task's command with -Xmx<mb>m in a fresh folder holding the task's inputs (the work folder's links) and
# (links, also those staged in subfolders such as LOCALIZE's tomogram/) and its .command.sh, with bash -e as Nextflow runs it; prints "<exit> <peak_rss_kb>"
attempt() { # WORKDIR MB
    local w=$1 mb=$2 t="$scratch/run"
    rm -rf "$t"; mkdir -p "$t"; ( cd "$w" && find . -type l -exec cp -P --parents {} "$t"/ \; ); cp "$w"/.command.sh "$t"/
    sed -i -E "s/-Xmx[0-9]+m/-Xmx${mb}m -XX:+ExitOnOutOfMemoryError/" "$t/.command.sh"
    local rc=0
    ( cd "$t" && NXF_TASK_WORKDIR="$t" /usr/bin/time -f '%M' -o "$t/.rss" bash -eu -o pipefail .command.sh > /dev/null 2> "$t/.err" ) || rc=$?
    # picket-guard turns bad input into a recorded failure with exit 0: count a *.failed.tsv as a failure too
    if ls "$t"/*.failed.tsv > /dev/null 2>&1; then rc=1; fi
    echo "$rc $(tail -1 "$t/.rss" 2>/dev/null || echo 0)"
}

for step in "${steps[@]}"; do
    hash=$(taskdir "$step")
    [[ -n "$hash" ]] || { echo "step=$step not in $trace" >&2; continue; }
    w=$(ls -d "$dir"/work/${hash%%/*}/${hash##*/}* | head -1)
    tag=$(awk -F'\t' -v h="$hash" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["hash"] == h { print $c["tag"] }' "$trace")
    given=$(grep -o -m1 -E -- '-Xmx[0-9]+m' "$w/.command.sh" | tr -dc 0-9)
    # voxels of the step's input, as conf/base.config counts them
    case $step in
        LOCALIZE|RANK) f=$(ls "$w"/*_{kmeans,gmm}.mrc 2>/dev/null | head -1 || true); vox=$(( $(stat -L -c %s "$f") - 1024 )) ;;
        *) f=$(ls -SL "$w"/*.mrc | head -1); vox=$(( ($(stat -L -c %s "$f") - 1024) / 4 )) ;;
    esac
    read -r rc rss < <(attempt "$w" "$given")
    (( rc == 0 )) || { echo "step=$step: the task fails even with its own -Xmx${given}m (exit $rc): $scratch/run/.err" >&2; cat "$scratch/run/.err" >&2; exit 1; }
    lo=32; hi=$given; hirss=$rss
    while (( hi - lo > hi / 32 + 8 )); do
        mid=$(( (lo + hi) / 2 ))
        read -r rc rss < <(attempt "$w" "$mid")
        if (( rc == 0 )); then hi=$mid; hirss=$rss; else lo=$mid; fi
    done
    printf 'step=%s voxels=%d min_heap_mb=%d heap_bytes_per_voxel=%.1f peak_rss_mb=%d task=%s\n' \
        "$step" "$vox" "$hi" "$(echo "$hi * 1048576 / $vox" | bc -l)" $(( hirss / 1024 )) "$tag"
done
