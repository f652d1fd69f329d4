#!/usr/bin/env bash
# A large, seeded test segmentation for bench/s2.sh (not a PickET segmentation: a quick threshold).
#
#   bench/sim_segmentation.sh OUTDIR [X,Y,Z] [SEED]      default 512,512,200 and seed 1
#
# Simulates a tomogram (picket-tools simulate), blurs and normalises it (picket-features preprocess, sigma 2),
# and marks as particles (1) the voxels darker than mean - 1 sd of the preprocessed volume; the rest is 0.
# Writes OUTDIR/sim_seg.mrc (int8) and OUTDIR/sim_truth.csv. Needs python3 with numpy.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../bin
[[ $# -ge 1 ]] || { echo "usage: bench/sim_segmentation.sh OUTDIR [X,Y,Z] [SEED]" >&2; exit 2; }
out=$1
size=${2:-512,512,200}
seed=${3:-1}
mkdir -p "$out"
"$bin/picket-tools" simulate --size "$size" --seed "$seed" --out "$out/sim.mrc" --truth "$out/sim_truth.csv"
"$bin/picket-features" preprocess --in "$out/sim.mrc" --out "$out/sim_pre.mrc"
python3 - "$out/sim_pre.mrc" "$out/sim_seg.mrc" <<'PY'
import sys
import numpy as np
src, dst = sys.argv[1:]
b = open(src, 'rb').read()
nx, ny, nz, mode = (int(v) for v in np.frombuffer(b[:16], '<i4'))
ns = int(np.frombuffer(b[92:96], '<i4')[0])
assert mode == 2, "expected a float32 MRC"
v = np.frombuffer(b[1024 + ns:], '<f4')
seg = (v < v.mean() - v.std()).astype(np.int8)
h = bytearray(b[:1024])
h[12:16] = np.int32(0).tobytes()                      # mode 0, int8
h[92:96] = np.int32(0).tobytes()                      # no extended header
h[76:88] = np.array([seg.min(), seg.max(), seg.mean()], '<f4').tobytes()
h[216:220] = np.float32(seg.std()).tobytes()
open(dst, 'wb').write(bytes(h) + seg.tobytes())
print(f"sim_segmentation: {dst} {nx}x{ny}x{nz}, {int(seg.sum())} particle voxels ({100 * seg.mean():.1f}%)",
      file=sys.stderr)
PY
rm -f "$out/sim_pre.mrc"
