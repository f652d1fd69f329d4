#!/usr/bin/env bash
# S2 with zero manual input on the DeepFinder toy tomograms: automatic particle cluster and automatic parameters
# (picket-localize's defaults) for the six segmentations of each tomogram, both methods, scored one-to-one at 5 voxels
# with picket-tools evaluate.
#
#   bench/s2_auto.sh [--cache DIR] [--data DIR] [--no-tomogram] [--keep DIR] [--threads N]
#     --cache DIR     S1 outputs, DIR/tomoN/seg_<mode>_<clusterer>.{mrc,json} (default /work/cache/s1)
#     --data DIR      tomoN.mrc and tomoN_gt.csv (default <shared>/data/deepfinder-toy)
#     --no-tomogram   do not give --tomogram (mask-only estimates, two votes for the cluster)
#     --tomos "1 2"   which tomograms (default 1 2 3 4 5)
#
# Prints, per segmentation, the chosen cluster, the estimated diameter and the derived parameters, then the 12 x 5
# table of one-to-one F1 (5 voxels) with the mean per workflow and the best workflow per tomogram.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../bin
cache=/work/cache/s1
data=${PICKET_SHARED:-$here/../../shared}/data/deepfinder-toy
tomoarg=1
keep=""
threads=$(nproc)
tomos="1 2 3 4 5"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --cache) cache=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --no-tomogram) tomoarg=0; shift ;;
        --keep) keep=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --tomos) tomos=$2; shift 2 ;;
        *) echo "bench/s2_auto.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -d "$data" ]] || { echo "bench/s2_auto.sh: $data: no such folder (give --data)" >&2; exit 2; }
if [[ -n "$keep" ]]; then mkdir -p "$keep"; out=$(readlink -f "$keep"); else out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi

for t in $tomos; do
    d=$cache/tomo$t
    [[ -d "$d" ]] || { echo "bench/s2_auto.sh: $d: no such folder" >&2; exit 2; }
    mkdir -p "$out/tomo$t"
    args=()
    for s in "$d"/seg_*.mrc; do
        args+=(--segmentation "$s" --provenance "${s%.mrc}.json")
    done
    [[ $tomoarg == 1 ]] && args+=(--tomogram "$data/tomo$t.mrc")
    "$bin/picket-localize" "${args[@]}" --method both --out-dir "$out/tomo$t" --threads "$threads" \
        2> "$out/tomo$t/log.txt" || { cat "$out/tomo$t/log.txt" >&2; exit 1; }
    for p in "$out/tomo$t"/*.csv; do
        "$bin/picket-tools" evaluate --truth "$data/tomo${t}_gt.csv" --pred "$p" --threshold-voxels 5 \
            > "${p%.csv}.eval.json"
    done
done

python3 - "$out" "$tomos" <<'PY'
import glob, json, os, sys
out, tomos = sys.argv[1], sys.argv[2].split()
segs = ["ffts_kmeans", "ffts_gmm", "gabor_kmeans", "gabor_gmm", "intensities_kmeans", "intensities_gmm"]
methods = [("connected_component_labeling", "cc"), ("watershed_segmentation", "ws")]
print("automatic choices (cluster id / diameter in voxels [method] / min_distance / min..max voxels):")
for t in tomos:
    for s in segs:
        p = json.load(open(os.path.join(out, "tomo" + t, "seg_%s_watershed_segmentation.json" % s)))
        z = p["particle_size"]
        m = "profile" if z.get("method", "").startswith("density") else "mask"
        d = z.get("diameter_vox")
        print("  tomo%s %-19s cluster %d  diameter %5s [%s]  min_distance %2d  voxels %s..%s" % (
            t, s, p["particle_cluster"]["id"], "%.1f" % d if d is not None else "-", m, z["min_distance"],
            z["min_voxels"], z["max_voxels"]))
print()
print("one-to-one F1 at 5 voxels (picket-tools evaluate):")
print("%-24s" % "workflow" + "".join("%8s" % ("tomo" + t) for t in tomos) + "%8s" % "mean")
f1 = {}
for s in segs:
    for m, short in methods:
        row = []
        for t in tomos:
            e = json.load(open(os.path.join(out, "tomo" + t, "seg_%s_%s.eval.json" % (s, m))))
            row.append(e["one_to_one"]["f1"])
            f1[(t, s + "_" + short)] = e["one_to_one"]["f1"]
        print("%-24s" % (s + "_" + short) + "".join("%8.3f" % v for v in row) + "%8.3f" % (sum(row) / len(row)))
best = [max((v, k[1]) for k, v in f1.items() if k[0] == t) for t in tomos]
print("%-24s" % "best" + "".join("%8.3f" % b[0] for b in best) + "%8.3f" % (sum(b[0] for b in best) / len(best)))
print("%-24s" % "best workflow" + "".join(" " + b[1] for b in best))
PY
