#!/usr/bin/env bash
# S2 benchmark: connected components and watershed (min_distance 15) on each given segmentation, all in ONE JVM
# (picket-localize takes several --segmentation with --method both and --out-dir).
#
#   bench/s2.sh SEG.mrc [SEG2.mrc ...]     e.g. the six PickET reference segmentations of tomo1: 12 localisations
#   options: --threads N (default: nproc), --xmx 2g (heap), --keep DIR (keep outputs there),
#            --min-distance D (default 15), --particle-cluster-id ID (default 1)
#
# Prints picket-localize's lines on stderr and one closing line on stdout:
#   s2_wall_s=<float> peak_rss_mb=<int> particles=<int>
# s2_wall_s is the wall time of the whole JVM (start-up, reading, localising, writing every output);
# particles is the sum over all localisations. A large test input: bench/sim_segmentation.sh (512x512x200).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../bin
threads=$(nproc)
xmx=2g
keep=""
md=15
cid=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) threads=$2; shift 2 ;;
        --xmx) xmx=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        --min-distance) md=$2; shift 2 ;;
        --particle-cluster-id) cid=$2; shift 2 ;;
        -*) echo "bench/s2.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [[ $# -lt 1 ]]; then
    echo "usage: bench/s2.sh [--threads N] [--xmx 2g] [--keep DIR] [--min-distance 15] SEG.mrc [SEG2.mrc ...]" >&2
    exit 2
fi
command -v /usr/bin/time >/dev/null || { echo "bench/s2.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
[[ -f "$here/../java/localize/target/picket-localize-0.1.0-all.jar" ]] \
    || { echo "bench/s2.sh: jar not built: run 'make build'" >&2; exit 2; }
segs=()
for s in "$@"; do
    [[ -f "$s" ]] || { echo "bench/s2.sh: $s: no such file" >&2; exit 2; }
    segs+=(--segmentation "$(readlink -f "$s")")
done
if [[ -n "$keep" ]]; then mkdir -p "$keep"; out=$(readlink -f "$keep"); else out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi

t0=$(date +%s.%N)
if ! PICKET_JAVA_OPTS="-Xmx$xmx" /usr/bin/time -f "%M" -o "$out/.rss" "$bin/picket-localize" "${segs[@]}" \
        --method both --min-distance "$md" --particle-cluster-id "$cid" --min-voxels off --max-voxels off \
        --out-dir "$out" --threads "$threads" \
        2> "$out/.log"; then
    sed 's/^/  /' "$out/.log" >&2
    echo "bench/s2.sh: picket-localize failed" >&2
    exit 1
fi
t1=$(date +%s.%N)
sed 's/^/  /' "$out/.log" >&2
python3 - "$t0" "$t1" "$(tail -1 "$out/.rss")" "$out" <<'PY'
import glob, json, os, sys
t0, t1, rss_kb, out = sys.argv[1:]
n = 0
for p in glob.glob(os.path.join(out, "*.json")):
    n += json.load(open(p))["counts"]["particles"]
print(f"s2_wall_s={float(t1) - float(t0):.2f} peak_rss_mb={int(rss_kb) // 1024} particles={n}")
PY
