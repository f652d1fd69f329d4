#!/usr/bin/env bash
# tests/lib/report_inputs.sh OUT N [--no-truth]: synthetic inputs of `picket-tools report` for N tomograms (ids
# tomo1..tomoN), laid out as the pipeline leaves them: OUT/in/ holds every file REPORT is given, flat (per tomogram
# its 12 particle sets <id>_<mode>_<clusterer>_<method>.csv with their localisation provenance .json, their
# .eval.json (unless --no-truth), <id>_ranking.json, <id>_consensus.json and .eval.json, <id>_montage.png), and
# OUT/<id>/<id>_consensus.csv is where the report's pages link to. Deterministic (seeded): the same N gives the same
# bytes. Particle sets are made up, not picked: a base set per tomogram, each workflow finding a share of it (with
# jitter) plus false finds; tomo3 has 6 particles ("few particles"), every 7th tomogram's workflows disagree (each
# finds its own particles), so the report's flags have something to show. Needs python3 (as tests/pipeline_test.sh).
set -euo pipefail
out=${1:?usage: report_inputs.sh OUT N [--no-truth]}
n=${2:?usage: report_inputs.sh OUT N [--no-truth]}
truth=1
[[ "${3:-}" == --no-truth ]] && truth=0
mkdir -p "$out/in"
python3 - "$out" "$n" "$truth" <<'PY'
import json, os, random, struct, sys, zlib

out, n, truth = sys.argv[1], int(sys.argv[2]), sys.argv[3] == '1'
MODES = ['ffts', 'gabor', 'intensities']
CLUSTERERS = ['kmeans', 'gmm']
METHODS = ['connected_component_labeling', 'watershed_segmentation']
SIZE = 100

def png(path, w, h, pixels):
    """pixels: bytes, RGB rows; a minimal PNG (no date chunk)."""
    raw = b''.join(b'\x00' + pixels[y * w * 3:(y + 1) * w * 3] for y in range(h))
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(raw, 6)) + chunk(b'IEND', b''))

def montage(path, rng, base):
    # one grey panel per slice view: noise with the base particles as dark discs, 3 panels side by side
    pw, ph, gap = 200, 200, 8
    w, h = 3 * pw + 4 * gap, ph + 2 * gap
    buf = bytearray(b'\xff' * (w * h * 3))
    noise = [rng.randint(90, 170) for _ in range(97)]
    for p in range(3):
        x0 = gap + p * (pw + gap)
        for y in range(ph):
            row = (gap + y) * w * 3
            for x in range(pw):
                v = noise[(x * 31 + y * 17 + p * 7) % 97]
                i = row + (x0 + x) * 3
                buf[i:i + 3] = bytes((v, v, v))
        for q in base:
            a, b = (q[0], q[1]) if p == 0 else (q[0], q[2]) if p == 1 else (q[1], q[2])
            cx, cy = int(a * pw / SIZE), int(b * ph / SIZE)
            for dy in range(-5, 6):
                for dx in range(-5, 6):
                    if dx * dx + dy * dy <= 25 and 0 <= cx + dx < pw and 0 <= cy + dy < ph:
                        i = ((gap + cy + dy) * w + x0 + cx + dx) * 3
                        buf[i:i + 3] = b'\x28\x28\x28'
    png(path, w, h, bytes(buf))

def f3(v):
    return '%.3f' % v

def one_to_one(pred, true, r):
    # greedy nearest pairs within r (good enough for made-up sets)
    pairs = []
    for i, p in enumerate(pred):
        for j, t in enumerate(true):
            d = sum((a - b) ** 2 for a, b in zip(p[:3], t[:3])) ** 0.5
            if d <= r:
                pairs.append((d, i, j))
    pairs.sort()
    up, ut, tp = set(), set(), 0
    for d, i, j in pairs:
        if i not in up and j not in ut:
            up.add(i); ut.add(j); tp += 1
    return tp

for k in range(1, n + 1):
    tid = 'tomo%d' % k
    rng = random.Random(1000 + k)
    nbase = 6 if k == 3 else rng.randint(25, 90)
    base = [(rng.uniform(5, 95), rng.uniform(5, 95), rng.uniform(5, 95), rng.gauss(500, 80)) for _ in range(nbase)]
    disagree = k % 7 == 0
    sets = {}
    rows = []
    for mode in MODES:
        for cl in CLUSTERERS:
            for m in METHODS:
                name = '%s_%s_%s_%s' % (tid, mode, cl, m)
                kept = 0
                if disagree:
                    pts = [(rng.uniform(5, 95), rng.uniform(5, 95), rng.uniform(5, 95), rng.gauss(500, 150))
                           for _ in range(rng.randint(20, 60))]
                else:
                    keep = rng.uniform(0.6, 0.95)
                    pts = [(x + rng.uniform(-1, 1), y + rng.uniform(-1, 1), z + rng.uniform(-1, 1), v * rng.uniform(0.8, 1.2))
                           for x, y, z, v in base if rng.random() < keep]
                    kept = len(pts)
                    pts += [(rng.uniform(5, 95), rng.uniform(5, 95), rng.uniform(5, 95), rng.uniform(100, 400))
                            for _ in range(rng.randint(0, 8))]
                pts = [(x, y, z, max(20, int(v))) for x, y, z, v in pts]
                sets[name] = pts
                with open(os.path.join(out, 'in', name + '.csv'), 'w') as f:
                    f.write('x,y,z,voxels\n' + ''.join('%s,%s,%s,%d\n' % (f3(x), f3(y), f3(z), v) for x, y, z, v in pts))
                frac = rng.uniform(0.2, 0.45)
                prov = {
                    'tool': 'picket-localize (synthetic)', 'method': m, 'tomo_name': tid,
                    'parameters': {'particle_cluster_id': 1, 'min_voxels': 150, 'max_voxels': 1500},
                    'particle_cluster': {
                        'id': 1, 'chosen_by': 'auto',
                        'rule': 'majority of the votes minority / fragmentation / polarity',
                        'votes': {'minority': 1, 'fragmentation': 1 if rng.random() < 0.8 else 0, 'polarity': 1},
                        'evidence': {
                            '0': {'voxels': 100000, 'fraction': round(1 - frac, 4), 'components': 3,
                                  'contrast_sd': 0.3},
                            '1': {'voxels': 50000, 'fraction': round(frac, 4), 'components': 40,
                                  'contrast_sd': -0.8}}},
                    'particle_size': {'method': 'synthetic', 'diameter_vox': round(rng.uniform(8, 12), 3),
                                      'min_voxels': 150, 'max_voxels': 1500},
                    'voxel_size_xyz': [10.0, 10.0, 10.0],
                    'counts': {'particles': len(pts)},
                }
                with open(os.path.join(out, 'in', name + '.json'), 'w') as f:
                    json.dump(prov, f, indent=2, sort_keys=True)
                if truth:
                    tp = one_to_one(pts, base, 3.0) if disagree else kept   # jitter < 3 voxels: each kept one matches
                    p = tp / len(pts) if pts else 0.0
                    r = tp / len(base)
                    with open(os.path.join(out, 'in', name + '.eval.json'), 'w') as f:
                        json.dump({'one_to_one': {'tp': tp, 'precision': p, 'recall': r,
                                                  'f1': 2 * p * r / (p + r) if p + r else 0.0}}, f, indent=2)
                rows.append((name, mode, cl, m, pts))
    # a made-up ranking score (the report computes the agreement itself from the CSVs)
    score = {name: rng.uniform(0.05, 0.2) if disagree else rng.uniform(0.5, 0.9) for name, *_ in rows}
    ranked = sorted(rows, key=lambda r: (-score[r[0]], r[0]))
    ranking = {'id': tid, 'match_radius_voxels': 3.0, 'match_radius_from': 'synthetic', 'workflows': [
        {'rank': i + 1, 'workflow': r[0][len(tid) + 1:], 'mode': r[1], 'clusterer': r[2],
         'method': r[3], 'particles': len(r[4]), 'score': round(score[r[0]], 6),
         'consensus_f1': round(score[r[0]], 6), 'size_cv': 0.2, 'tiny_fraction': 0.0}
        for i, r in enumerate(ranked)]}
    with open(os.path.join(out, 'in', tid + '_ranking.json'), 'w') as f:
        json.dump(ranking, f, indent=2)
    if not disagree:
        cons = [(x, y, z) for x, y, z, v in base if rng.random() < 0.9]
        os.makedirs(os.path.join(out, tid), exist_ok=True)
        with open(os.path.join(out, tid, tid + '_consensus.csv'), 'w') as f:
            f.write('x,y,z,confidence\n' + ''.join('%s,%s,%s,0.900\n' % (f3(x), f3(y), f3(z)) for x, y, z in cons))
        with open(os.path.join(out, 'in', tid + '_consensus.json'), 'w') as f:
            json.dump({'tomogram': tid, 'method': 'consensus', 'particles': len(cons),
                       'rule': {'match_radius_vox': 5.0, 'min_confidence': 0.5},
                       'sets': [{'name': r[0]} for r in rows if r[3] == 'watershed_segmentation']}, f, indent=2)
        if truth:
            r = len(cons) / len(base)
            curve = [{'min_score': s, 'precision': 1.0 - 0.3 * (1 - s), 'recall': min(1.0, r + 0.3 * (1 - s))}
                     for s in (0.9, 0.7, 0.5, 0.3, 0.1)]
            with open(os.path.join(out, 'in', tid + '_consensus.eval.json'), 'w') as f:
                json.dump({'one_to_one': {'precision': 1.0, 'recall': r, 'f1': 2 * r / (1 + r)}, 'curve': curve},
                          f, indent=2)
    # the first 8 tomograms get their own picture, the others reuse one (drawing is the slow part)
    path = os.path.join(out, 'in', tid + '_montage.png')
    if k <= 8:
        montage(path, rng, base)
    else:
        with open(os.path.join(out, 'in', 'tomo%d_montage.png' % ((k - 1) % 8 + 1)), 'rb') as f:
            data = f.read()
        with open(path, 'wb') as f:
            f.write(data)
PY
