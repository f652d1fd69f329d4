#!/usr/bin/env bash
# Prints, for a pipeline results folder, one table of the 12 workflows (feature mode x clusterer x localization)
# with each tomogram's particle count, rank without truth (RANK's <id>/<id>_ranking.csv; 1 = the workflow to use)
# and F1 (one-to-one matching; EVALUATE's <id>/evaluation/*.eval.json).
#   scripts/demo_table.sh RESULTS_DIR
set -euo pipefail
res=${1:?usage: demo_table.sh RESULTS_DIR}
ids=$(cd "$res" && for d in */evaluation; do [[ -d "$d" ]] && echo "${d%/evaluation}"; done)
[[ -n "$ids" ]] || { echo "demo: no evaluation in $res (no truth given?)" >&2; exit 1; }

# n_pred, n_true, one-to-one F1 of one eval.json (pretty-printed by picket-tools evaluate)
scores() {
    awk '/"one_to_one" : \{/ { in1 = 1 } in1 && /"f1_3dp"/ { gsub(/[ ,]/, "", $3); f1 = $3 } in1 && /\}/ { in1 = 0 }
         /^  "n_pred"/ { gsub(/[ ,]/, "", $3); np = $3 } /^  "n_true"/ { gsub(/[ ,]/, "", $3); nt = $3 }
         END { printf "%s %s %s\n", np, nt, f1 }' "$1"
}

w=40
header=$(printf "%-${w}s" "workflow (one-to-one F1, 5 voxels)")
sub=$(printf "%-${w}s" "")
for id in $ids; do
    nt=$(scores "$(ls "$res/$id"/evaluation/*.eval.json | head -1)" | cut -d' ' -f2)
    header+=$(printf ' | %-22s' "$id ($nt true)")
    sub+=$(printf ' | %7s %5s %7s' "found" "rank" "F1")
done
echo "$header"
echo "$sub"
echo "$sub" | tr -c '|\n' '-'
declare -A label=([ffts]=FFT [gabor]=Gabor [intensities]=Intensities [kmeans]=KMeans [gmm]=GMM
                  [connected_component_labeling]="connected components" [watershed_segmentation]=watershed)
for m in ffts gabor intensities; do for c in kmeans gmm; do
    for me in connected_component_labeling watershed_segmentation; do
        line=$(printf "%-${w}s" "${label[$m]} ${label[$c]} ${label[$me]}")
        any=0
        for id in $ids; do
            f=$res/$id/evaluation/${id}_${m}_${c}_${me}.eval.json
            if [[ -f "$f" ]]; then
                read -r np nt f1 <<< "$(scores "$f")"
                rk=$(awk -F, -v w="${m}_${c}_${me}" '$2 == w { print $1 }' "$res/$id/${id}_ranking.csv" 2>/dev/null)
                line+=$(printf ' | %7s %5s %7.3f' "$np" "${rk:--}" "$f1"); any=1
            else
                line+=$(printf ' | %7s %5s %7s' "-" "-" "-")
            fi
        done
        (( any )) && echo "$line"
    done
done; done
