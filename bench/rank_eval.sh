#!/usr/bin/env bash
# How well does `picket-tools rank` (no ground truth) pick a workflow? For each DeepFinder toy tomogram: localise
# its six segmentations with both methods (12 particle sets), rank them, score every set against the truth with
# `picket-tools evaluate --threshold-voxels 5` (one-to-one F1), and compare the top-ranked set with the median and
# the best of the 12.
#
#   bench/rank_eval.sh --s1-root DIR [--work DIR] [ID ...]    DIR/<id>/seg_<mode>_<clusterer>.{mrc,json}
#                                                             (bench/s1.sh --keep layout) or
#                                                             DIR/<id>/segmentations/<id>_<mode>_<clusterer>.{mrc,json}
#                                                             (pipeline --outdir layout); localises them first
#   bench/rank_eval.sh --results DIR [--work DIR] [ID ...]    DIR/<id>/particles/<id>_*_<method>.{csv,json}: use
#                                                             the pipeline's particle sets as they are
#   IDs default to tomo1 tomo2 tomo3 tomo4 tomo5; truth = $TRUTH_DIR/<id>_gt.csv
#   (default ../shared/data/deepfinder-toy beside the repository, or $PICKET_SHARED/data/deepfinder-toy);
#   ID=TRUTH.csv gives the truth file of that id, e.g. blobs=../shared/data/tomodrgn-blobs/tomogram_001_gt_voxels.csv
#   env LOCALIZE_ARGS: extra picket-localize options (default none: the automatic cluster and parameters, with
#   --tomogram when TRUTH_DIR/<id>.mrc exists; PickET's: "--particle-cluster-id 1 --min-distance 15 --min-voxels off --max-voxels off");
#   env RANK_ARGS: extra picket-tools rank options (e.g. "--match-radius 5").
#
# Prints, per tomogram, the 12 workflows (rank, score, particles, F1) and a line
#   <id> top=<workflow> f1_top=<f> f1_median=<f> f1_best=<f> (<best workflow>) top>=median=<yes|no>
# and at the end: mean_f1_top=<f> mean_f1_median=<f> mean_f1_best=<f> top_below_median=<n>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../bin
s1=""
results=""
work=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --s1-root) s1=$2; shift 2 ;;
        --results) results=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        -*) echo "bench/rank_eval.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [[ -z "$s1" && -z "$results" ]] || [[ -n "$s1" && -n "$results" ]]; then
    echo "usage: bench/rank_eval.sh (--s1-root DIR | --results DIR) [--work DIR] [ID ...]" >&2
    exit 2
fi
ids=("$@")
[[ ${#ids[@]} -gt 0 ]] || ids=(tomo1 tomo2 tomo3 tomo4 tomo5)
shared=${PICKET_SHARED:-$here/../../shared}
truth_dir=${TRUTH_DIR:-$shared/data/deepfinder-toy}
[[ -f "$here/../java/tools/target/picket-tools-0.1.0-all.jar" ]] \
    || { echo "bench/rank_eval.sh: jars not built: run 'make build'" >&2; exit 2; }
if [[ -z "$work" ]]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
loc_args=${LOCALIZE_ARGS-}
echo "# localize: ${results:+(pipeline particle sets from $results)}${s1:+$loc_args}   rank: ${RANK_ARGS:-(defaults)}"
sum_top=0; sum_med=0; sum_best=0; below=0; n=0
for arg in "${ids[@]}"; do
    id=${arg%%=*}
    truth=$truth_dir/${id}_gt.csv
    [[ "$arg" != *=* ]] || truth=${arg#*=}
    [[ -f "$truth" ]] || { echo "bench/rank_eval.sh: $truth: no such file" >&2; exit 2; }
    p=$work/$id/particles
    if [[ -n "$results" ]]; then
        p=$results/$id/particles
    else
        rm -rf "$work/$id"; mkdir -p "$work/$id/segs" "$p"
        args=()
        for f in "$s1/$id"/seg_*.mrc "$s1/$id"/segmentations/"$id"_*.mrc; do
            [[ -f "$f" ]] || continue
            b=$(basename "$f" .mrc); b=${b#seg_}; b=${b#"${id}"_}
            ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$work/$id/segs/${id}_$b.mrc"
            args+=(--segmentation "$work/$id/segs/${id}_$b.mrc")
            if [[ -f "${f%.mrc}.json" ]]; then
                ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "${f%.mrc}.json")" "$work/$id/segs/${id}_$b.json"
                args+=(--provenance "$work/$id/segs/${id}_$b.json")
            fi
        done
        [[ ${#args[@]} -gt 0 ]] || { echo "bench/rank_eval.sh: no segmentations for $id under $s1" >&2; exit 2; }
        # the tomogram beside the truth (DeepFinder toy: tomoN.mrc) is evidence for the automatic cluster and size
        [[ ! -f "$truth_dir/$id.mrc" ]] || args+=(--tomogram "$truth_dir/$id.mrc")
        # shellcheck disable=SC2086
        "$bin/picket-localize" "${args[@]}" --method both --out-dir "$p" $loc_args >/dev/null 2>"$work/$id/localize.log" \
            || { cat "$work/$id/localize.log" >&2; exit 1; }
    fi
    mkdir -p "$work/$id/rank" "$work/$id/eval"
    # shellcheck disable=SC2086
    "$bin/picket-tools" rank --id "$id" --out-dir "$work/$id/rank" ${RANK_ARGS:-} "$p" 2>/dev/null
    for c in "$p/${id}"_*_{connected_component_labeling,watershed_segmentation}.csv; do
        "$bin/picket-tools" evaluate --truth "$truth" --pred "$c" --threshold-voxels 5 \
            >"$work/$id/eval/$(basename "$c" .csv).eval.json"
    done
    python3 - "$work/$id/rank/${id}_ranking.csv" "$work/$id/eval" "$id" >"$work/$id/summary.txt" <<'PY'
import csv, json, os, statistics, sys
rank_csv, eval_dir, tid = sys.argv[1:4]
rows = list(csv.DictReader(open(rank_csv)))
f1 = {}
for r in rows:
    e = json.load(open(os.path.join(eval_dir, f"{tid}_{r['workflow']}.eval.json")))
    f1[r['workflow']] = e['one_to_one']['f1']
print(f"{tid}: {'rank':>4} {'score':>7} {'consensus':>9} {'size_cv':>7} {'n':>5} {'F1':>6}  workflow")
for r in rows:
    print(f"{tid}: {r['rank']:>4} {float(r['score']):7.4f} {float(r['consensus_f1']):9.4f} "
          f"{(r['size_cv'] or '-'):>7.7} {r['particles']:>5} {f1[r['workflow']]:6.3f}  {r['workflow']}")
top = rows[0]['workflow']; vals = list(f1.values()); med = statistics.median(vals)
best = max(f1, key=lambda k: (f1[k], k))
print(f"{tid} top={top} f1_top={f1[top]:.3f} f1_median={med:.3f} f1_best={f1[best]:.3f} ({best}) "
      f"top>=median={'yes' if f1[top] >= med else 'no'}")
print(f"@@ {f1[top]} {med} {f1[best]} {1 if f1[top] < med else 0}")
PY
    grep -v '^@@' "$work/$id/summary.txt"
    read -r _ t m b l < <(grep '^@@' "$work/$id/summary.txt")
    sum_top=$(python3 -c "print($sum_top+$t)"); sum_med=$(python3 -c "print($sum_med+$m)")
    sum_best=$(python3 -c "print($sum_best+$b)"); below=$((below + l)); n=$((n + 1))
done
python3 -c "print(f'mean_f1_top={$sum_top/$n:.3f} mean_f1_median={$sum_med/$n:.3f} mean_f1_best={$sum_best/$n:.3f} top_below_median=$below')"
