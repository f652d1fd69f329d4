#!/usr/bin/env bash
# S1 benchmark: all six segmentations (3 feature modes x KMeans/GMM) of one tomogram with the three jars, run as the
# pipeline runs them: per mode one extract, the KMeans fit, the GMM fit from it, and one segment with both models.
#
#   bench/s1.sh TOMOGRAM.mrc              PickET's settings: every neighborhood of the tomogram is fitted
#   bench/s1.sh --defaults TOMOGRAM.mrc   our defaults (seeded subset of --max-neighborhoods windows)
#   options: --threads N (default: nproc), --xmx 4g (heap of every JVM), --keep DIR (keep outputs there),
#            --concurrent: run the three feature modes' chains at the same time with 1 thread per step, as Nextflow
#            schedules independent tasks on a node; peak_rss_mb is then the peak SUM over all running JVMs
#            (sampled every 0.1 s) and the phase split is not reported
#
# Prints per-step lines on stderr and one closing line on stdout:
#   s1_wall_s=<float> peak_rss_mb=<int> segmentations=6 preprocess_s=.. features_s=.. fit_s=.. predict_s=..
# peak_rss_mb is the largest resident set of any single step (steps run one after another, as on one node).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../bin
defaults=0
concurrent=0
threads=$(nproc)
xmx=4g
keep=""
max_args=(--max-neighborhoods 0)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --defaults) defaults=1; max_args=(); shift ;;
        --concurrent) concurrent=1; shift ;;
        --threads) threads=$2; shift 2 ;;
        --xmx) xmx=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        --max-neighborhoods) max_args=(--max-neighborhoods "$2"); shift 2 ;;
        -*) echo "bench/s1.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [[ $# -ne 1 ]]; then
    echo "usage: bench/s1.sh [--defaults] [--threads N] [--xmx 4g] [--keep DIR] TOMOGRAM.mrc" >&2
    exit 2
fi
command -v /usr/bin/time >/dev/null || { echo "bench/s1.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
tomo=$(readlink -f "$1")
[[ -f "$tomo" ]] || { echo "bench/s1.sh: $1: no such file" >&2; exit 2; }
for j in features cluster segment; do
    [[ -f "$here/../java/$j/target/picket-$j-0.1.0-all.jar" ]] || { echo "bench/s1.sh: jars not built: run 'make build'" >&2; exit 2; }
done
if [[ -n "$keep" ]]; then mkdir -p "$keep"; out=$(readlink -f "$keep"); else out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
export PICKET_JAVA_OPTS="-Xmx$xmx"

peak=0
declare -A phase=([preprocess]=0 [features]=0 [fit]=0 [predict]=0)
step() { # phase command...
    local ph=$1; shift
    local t0 t1 rss
    t0=$(date +%s.%N)
    if ! /usr/bin/time -f "%M" -o "$out/.rss" "$@" 2> "$out/.log"; then
        sed 's/^/  /' "$out/.log" >&2
        echo "bench/s1.sh: step failed: $*" >&2
        exit 1
    fi
    sed 's/^/  /' "$out/.log" >&2
    t1=$(date +%s.%N)
    rss=$(( $(tail -1 "$out/.rss") / 1024 ))
    (( rss > peak )) && peak=$rss
    phase[$ph]=$(python3 -c "print(${phase[$ph]} + $t1 - $t0)")
    printf '%-10s %6.2f s  %5d MB  %s\n' "$ph" "$(python3 -c "print($t1 - $t0)")" "$rss" "${*:2:3}" >&2
}
if (( concurrent )); then
    start=$(date +%s.%N)
    "$bin/picket-features" preprocess --in "$tomo" --out "$out/pre.mrc" --threads "$threads" 2>> "$out/log.txt"
    touch "$out/.sampling"; echo 0 > "$out/.peak"
    ( set +e +o pipefail; peak_sum=0; while [[ -e "$out/.sampling" ]]; do
        s=$(ps -C java -o rss= | awk '{t+=$1} END {print int(t/1024)}'); (( s > peak_sum )) && peak_sum=$s
        echo "$peak_sum" > "$out/.peak"; sleep 0.1; done ) &
    sampler=$!
    for mode in ffts gabor intensities; do
        (
            set -e
            "$bin/picket-features" extract --pre "$out/pre.mrc" --mode $mode --out "$out/$mode.npy" \
                --spec "$out/$mode.json" --threads 1 "${max_args[@]}"
            "$bin/picket-cluster" --features "$out/$mode.npy" --spec "$out/$mode.json" --method kmeans \
                --out "$out/${mode}_kmeans.model.json" --threads 1
            "$bin/picket-cluster" --features "$out/$mode.npy" --spec "$out/$mode.json" --method gmm \
                --init-model "$out/${mode}_kmeans.model.json" --out "$out/${mode}_gmm.model.json" --threads 1
            # one segment per mode with both models, as the pipeline's SEGMENT
            "$bin/picket-segment" --pre "$out/pre.mrc" --tomogram "$tomo" --threads 1 \
                --model "$out/${mode}_kmeans.model.json" --out "$out/seg_${mode}_kmeans.mrc" --provenance "$out/seg_${mode}_kmeans.json" \
                --model "$out/${mode}_gmm.model.json" --out "$out/seg_${mode}_gmm.mrc" --provenance "$out/seg_${mode}_gmm.json"
        ) 2>> "$out/log.txt" &
    done
    failed=0
    for job in $(jobs -p); do [[ $job == "$sampler" ]] && continue; wait "$job" || failed=1; done
    rm -f "$out/.sampling"; wait "$sampler" 2>/dev/null || true
    end=$(date +%s.%N)
    if (( failed )); then cat "$out/log.txt" >&2; echo "bench/s1.sh: a step failed" >&2; exit 1; fi
    n=$(ls "$out"/seg_*.mrc | wc -l)
    python3 -c "import sys; print(f's1_wall_s={float(sys.argv[2])-float(sys.argv[1]):.1f} peak_rss_mb={int(sys.argv[3])} segmentations={sys.argv[4]} mode=concurrent')" \
        "$start" "$end" "$(cat "$out/.peak")" "$n"
    exit 0
fi
start=$(date +%s.%N)
step preprocess "$bin/picket-features" preprocess --in "$tomo" --out "$out/pre.mrc" --threads "$threads"
for mode in ffts gabor intensities; do
    step features "$bin/picket-features" extract --pre "$out/pre.mrc" --mode $mode --out "$out/$mode.npy" \
        --spec "$out/$mode.json" --threads "$threads" "${max_args[@]}"
    for cl in kmeans gmm; do
        init=()
        [[ $cl == gmm ]] && init=(--init-model "$out/${mode}_kmeans.model.json")   # same result, no second KMeans
        step fit "$bin/picket-cluster" --features "$out/$mode.npy" --spec "$out/$mode.json" --method $cl \
            --out "$out/${mode}_$cl.model.json" --threads "$threads" "${init[@]}"
    done
    # one segment per mode with both models (the features computed once), as the pipeline's SEGMENT
    step predict "$bin/picket-segment" --pre "$out/pre.mrc" --tomogram "$tomo" --threads "$threads" \
        --model "$out/${mode}_kmeans.model.json" --out "$out/seg_${mode}_kmeans.mrc" --provenance "$out/seg_${mode}_kmeans.json" \
        --model "$out/${mode}_gmm.model.json" --out "$out/seg_${mode}_gmm.mrc" --provenance "$out/seg_${mode}_gmm.json"
    rm -f "$out/$mode.npy"
done
end=$(date +%s.%N)
python3 - "$start" "$end" "$peak" "${phase[preprocess]}" "${phase[features]}" "${phase[fit]}" "${phase[predict]}" <<'PY'
import sys
s, e, peak, pre, feat, fit, pred = sys.argv[1:]
print(f"s1_wall_s={float(e)-float(s):.1f} peak_rss_mb={int(peak)} segmentations=6 "
      f"preprocess_s={float(pre):.1f} features_s={float(feat):.1f} fit_s={float(fit):.1f} predict_s={float(pred):.1f}")
PY
