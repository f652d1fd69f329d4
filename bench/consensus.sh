#!/usr/bin/env bash
# One answer per tomogram: is the consensus set as good as the sets it comes from? Runs the pipeline with zero manual
# input (no profile, no parameters but --input and --outdir) on the DeepFinder toy tomograms tomo1-5, the tomoDRGN
# blobs and simulated tomograms of three particle densities (about 2%, 10% and 16% of the volume in bounding spheres;
# 16% is near the most the simulator can place without overlap at radii 5-8) and of other particle sizes and
# polarity (radii 3-5, radii 8-12, bright particles at 10%), then prints per tomogram the consensus F1, the F1 of the
# top-ranked set, the best of the 12 sets (needs the truth), and the goals of issue 12.
#
#   bench/consensus.sh [--work DIR] [--results DIR [--recompute]] [--only-sims]
#     --work DIR     where the samplesheet, the simulated tomograms, Nextflow's work and results go (default: a
#                    temporary folder, removed at the end); rerunning with the same DIR resumes (-resume)
#     --results DIR  score an existing --outdir (ids as below) without running the pipeline
#     --recompute    with --results: first rerun the consensus (picket-tools consensus on DIR/<id>/particles, the
#                    CONSENSUS step's command) and its evaluation with the jars as built now, replacing
#                    DIR/<id>/<id>_consensus.* and DIR/<id>/evaluation/<id>_consensus.eval.json (a rule change
#                    without the 15-40 minutes of the pipeline; Nextflow's -resume would reuse the old CONSENSUS)
#     --only-sims    the simulated tomograms only (no ../shared data needed)
#   env PICKET_SHARED: the shared data folder (default ../shared beside the repository)
#   env NXF_ARGS: extra arguments of the pipeline run (e.g. "-profile slurm")
#
# F1 is one-to-one at 5 voxels (picket-tools evaluate --threshold-voxels 5, the pipeline's default).
# Prints, per tomogram: <id> consensus=<f1> (<n> particles) top=<f1> best=<f1> (<workflow>) and at the end
#   mean_f1_consensus_deepfinder=.. min_f1_consensus_deepfinder=.. mean_f1_top_deepfinder=..
#   consensus_ge_top=<k>/<n> (blobs and simulated) consensus_within_0.03_of_best=<k>/<n> (simulated)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
work=""
results=""
only_sims=0
recompute=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --work) work=$2; shift 2 ;;
        --results) results=$2; shift 2 ;;
        --only-sims) only_sims=1; shift ;;
        --recompute) recompute=1; shift ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "bench/consensus.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ $recompute -eq 0 || -n "$results" ]] || { echo "bench/consensus.sh: --recompute needs --results DIR" >&2; exit 2; }
shared=${PICKET_SHARED:-$root/../shared}
[[ -f "$root/java/tools/target/picket-tools-0.1.0-all.jar" ]] \
    || { echo "bench/consensus.sh: jars not built: run 'make build'" >&2; exit 2; }
if [[ -z "$work" ]]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/sims"
work=$(cd "$work" && pwd)

# simulated tomograms: id, seed, particles (empty = the simulator's default, 10%), radii, polarity
sims=(
    "s02 2 26 5,8 dark"          # sparse: 26 x mean bounding volume 1211 voxels^3 = 2.0% of 128x128x96
    "s10 10 - 5,8 dark"          # DeepFinder-like: the default, 130 particles, 10%
    "s16 16 210 5,8 dark"        # crowded: 16% (25% cannot be placed without overlap at these radii)
    "s10small 11 - 3,5 dark"     # small particles, 10% (552)
    "s10big 12 - 8,12 dark"      # large particles, 10% (36)
    "s10bright 13 - 5,8 bright"  # bright particles, 10% (130)
)
sheet=$work/samples.csv
echo "id,tomogram,truth" > "$sheet"
if [[ $only_sims -eq 0 ]]; then
    for i in 1 2 3 4 5; do
        d=$shared/data/deepfinder-toy
        [[ -f "$d/tomo$i.mrc" ]] || { echo "bench/consensus.sh: $d/tomo$i.mrc: no such file (set PICKET_SHARED or use --only-sims)" >&2; exit 2; }
        echo "tomo$i,$d/tomo$i.mrc,$d/tomo${i}_gt.csv" >> "$sheet"
    done
    echo "blobs,$shared/data/tomodrgn-blobs/tomogram_001.mrc,$shared/data/tomodrgn-blobs/tomogram_001_gt_voxels.csv" >> "$sheet"
fi
for s in "${sims[@]}"; do
    read -r id seed n radius pol <<< "$s"
    if [[ ! -f "$work/sims/$id.mrc" ]]; then
        args=(--size 128,128,96 --seed "$seed" --radius "$radius" --polarity "$pol" --voxel-size 10
              --out "$work/sims/$id.mrc" --truth "$work/sims/${id}_gt.csv")
        [[ "$n" == - ]] || args+=(--particles "$n")
        "$root/bin/picket-tools" simulate "${args[@]}" 2>/dev/null
    fi
    echo "$id,$work/sims/$id.mrc,$work/sims/${id}_gt.csv" >> "$sheet"
done

if [[ -z "$results" ]]; then
    results=$work/results
    echo "# bench/consensus.sh: pipeline run on $(($(wc -l < "$sheet") - 1)) tomograms -> $results (log: $work/run.log)"
    # shellcheck disable=SC2086
    (cd "$work" && "$root/bin/picket-nextflow" run "$root" --input "$sheet" --outdir "$results" -resume ${NXF_ARGS:-}) \
        > "$work/run.log" 2>&1 || { tail -20 "$work/run.log" >&2; echo "bench/consensus.sh: the pipeline failed (log: $work/run.log)" >&2; exit 1; }
fi

if [[ $recompute -eq 1 ]]; then
    tail -n +2 "$sheet" | while IFS=, read -r id _ truth; do
        d=$results/$id
        [[ -d "$d/particles" ]] || { echo "bench/consensus.sh: $d/particles: no such directory" >&2; exit 1; }
        log=$("$root/bin/picket-tools" consensus --id "$id" --out-dir "$d" "$d/particles" 2>&1) \
            || { echo "$log" >&2; echo "bench/consensus.sh: picket-tools consensus failed on $id" >&2; exit 1; }
        mkdir -p "$d/evaluation"
        "$root/bin/picket-tools" evaluate --truth "$truth" --pred "$d/${id}_consensus_candidates.csv" \
            --threshold-voxels 5 --fbeta 4 --score-column confidence --keep-column kept \
            > "$d/evaluation/${id}_consensus.eval.json.tmp"
        mv "$d/evaluation/${id}_consensus.eval.json.tmp" "$d/evaluation/${id}_consensus.eval.json"
    done
fi

python3 - "$sheet" "$results" <<'PY'
import csv, json, os, sys
sheet, res = sys.argv[1:3]
ids = [r['id'] for r in csv.DictReader(open(sheet))]
def f1(path):
    return json.load(open(path))['one_to_one']['f1']
rows = []
for tid in ids:
    ev = os.path.join(res, tid, 'evaluation')
    cons = os.path.join(ev, f'{tid}_consensus.eval.json')
    if not os.path.exists(cons):
        print(f'{tid}: no consensus evaluation in {ev}'); continue
    c = json.load(open(cons))
    sets = {f[len(tid) + 1:-len('.eval.json')]: f1(os.path.join(ev, f))
            for f in os.listdir(ev) if f.endswith('.eval.json') and not f.endswith('_consensus.eval.json')}
    rank = list(csv.DictReader(open(os.path.join(res, tid, f'{tid}_ranking.csv'))))
    top = rank[0]['workflow']
    best = max(sets, key=lambda k: (sets[k], k))
    fc = c['one_to_one']['f1']
    rows.append((tid, fc, sets[top], sets[best]))
    print(f"{tid:12s} consensus={fc:.3f} ({c['n_pred']} particles, truth {c['n_true']}) top={sets[top]:.3f} "
          f"({top}) best={sets[best]:.3f} ({best})")
df = [r for r in rows if r[0].startswith('tomo')]
other = [r for r in rows if not r[0].startswith('tomo')]
sim = [r for r in rows if r[0][:1] == 's' and r[0][1:2].isdigit()]
if df:
    print(f"mean_f1_consensus_deepfinder={sum(r[1] for r in df) / len(df):.3f} "
          f"min_f1_consensus_deepfinder={min(r[1] for r in df):.3f} "
          f"mean_f1_top_deepfinder={sum(r[2] for r in df) / len(df):.3f} "
          f"mean_f1_best_deepfinder={sum(r[3] for r in df) / len(df):.3f}")
print(f"consensus_ge_top={sum(r[1] >= r[2] for r in other)}/{len(other)} (blobs and simulated: "
      f"{' '.join(r[0] for r in other if r[1] < r[2]) or 'none'} below) "
      f"consensus_within_0.03_of_best={sum(r[1] >= r[3] - 0.03 for r in sim)}/{len(sim)} (simulated: "
      f"{' '.join(r[0] for r in sim if r[1] < r[3] - 0.03) or 'none'} further) "
      f"mean_f1_consensus_all={sum(r[1] for r in rows) / max(1, len(rows)):.3f} "
      f"mean_f1_top_all={sum(r[2] for r in rows) / max(1, len(rows)):.3f}")
PY
