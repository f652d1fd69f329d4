#!/usr/bin/env python3
"""The consensus variants of bench/README.md ("Tried on this run and rejected"), recomputed from a bench/consensus.sh run:
   python3 bench/consensus_variants.py RESULTS_DIR SAMPLES.csv   (the --work DIR of bench/consensus.sh holds both)
   python3 bench/consensus_variants.py --refine SIGMA RESULTS_DIR SAMPLES.csv   kept positions moved to the density
       centroid (mean shift, 3 steps within the match radius) in the tomogram blurred with a Gaussian of SIGMA voxels
   python3 bench/consensus_variants.py --family C RESULTS_DIR SAMPLES.csv   correlated errors inside a feature mode:
       one voter per mode answering one of four categories (KMeans set, GMM set, both, neither), pseudo-count C each
   python3 bench/consensus_variants.py --sweep RESULTS_DIR SAMPLES.csv   the variants of issue 12's third session, each
       recomputed from the six watershed sets (a Python copy of Fusion.fuse and of the Dawid-Skene fit, so the rule of
       the jars that made RESULTS_DIR does not matter): per tomogram one line, then per variant the goals' summary
F1 one-to-one at 5 voxels (Hungarian matching on pairs within 5), the same definition as picket-tools evaluate."""
import csv, json, os, sys
import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial import cKDTree

def pts(path):
    r = list(csv.DictReader(open(path)))
    return np.array([[float(x['x']), float(x['y']), float(x['z'])] for x in r]).reshape(-1, 3), r

def f1(pred, truth, thr=5.0):
    if len(pred) == 0 or len(truth) == 0:
        return 0.0
    t = cKDTree(truth)
    pairs = t.query_ball_point(pred, thr)
    cost = np.full((len(pred), len(truth)), 1e6)
    for i, js in enumerate(pairs):
        for j in js:
            cost[i, j] = np.linalg.norm(pred[i] - truth[j])
    ri, ci = linear_sum_assignment(cost)
    tp = int(np.sum(cost[ri, ci] <= thr))
    p, r = tp / len(pred), tp / len(truth)
    return 0 if tp == 0 else 2 * p * r / (p + r)


def _main_variants(res, sheet):
    rows = list(csv.DictReader(open(sheet)))
    out = []
    for row in rows:
        tid = row['id']
        cand = os.path.join(res, tid, f'{tid}_consensus_candidates.csv')
        if not os.path.exists(cand):
            continue
        truth, _ = pts(row['truth'])
        P, C = pts(cand)
        conf = np.array([float(c['confidence']) for c in C])
        wfs = [set(c['workflows'].split(';')) for c in C]
        prov = json.load(open(os.path.join(res, tid, f'{tid}_consensus.json')))
        names = [s['name'] for s in prov['sets']]
        sq = conf.sum()
        est = {}
        for s in prov['sets']:
            n = s['name']
            tp = sum(conf[i] for i in range(len(C)) if n in wfs[i])
            npart = s['particles']
            p = tp / npart if npart else 0
            r = tp / sq if sq else 0
            est[n] = 2 * p * r / (p + r) if p + r else 0
        # consensus at 0.5
        keep = conf >= 0.5
        f_cons = f1(P[keep], truth)
        kp = conf[keep].sum()
        est_cons = 2 * kp / (keep.sum() + sq) if keep.sum() else 0
        # expected-F1-optimal cut
        order = np.argsort(-conf)
        cs = np.cumsum(conf[order])
        ef = 2 * cs / (np.arange(1, len(conf) + 1) + sq)
        k = int(np.argmax(ef)) + 1
        f_opt = f1(P[order[:k]], truth)
        # best set by estimated F1
        sets = {}
        for n in names:
            sp, _ = pts(os.path.join(res, tid, 'particles', f'{tid}_{n}.csv'))
            sets[n] = f1(sp, truth)
        bn = max(est, key=lambda n: est[n])
        best = max(sets.values())
        rk = list(csv.DictReader(open(os.path.join(res, tid, f'{tid}_ranking.csv'))))
        top = rk[0]['workflow']
        f_top = f1(pts(os.path.join(res, tid, 'particles', f'{tid}_{top}.csv'))[0], truth)
        # hybrid: the better of consensus and best-estimated set by estimated F1
        f_h = f_cons if est_cons >= est[bn] else sets[bn]
        out.append((tid, f_cons, f_opt, sets[bn], f_h, f_top, best))
        print(f"{tid:10s} cons={f_cons:.3f} (est {est_cons:.3f}) optcut={f_opt:.3f} estbest={sets[bn]:.3f} (est {est[bn]:.3f} {bn}) hybrid={f_h:.3f} top={f_top:.3f} best={best:.3f}")
    a = np.array([o[1:] for o in out])
    print("mean cons optcut estbest hybrid top best:", ' '.join(f'{v:.3f}' for v in a.mean(0)))
    print("regret vs best:", ' '.join(f'{v:.3f}' for v in (a[:, -1:] - a).mean(0)))

def ds(M, c=5.0, iters=500):
    n, k = M.shape
    q = M.sum(1) / k
    for _ in range(iters):
        sq = q.sum()
        pi = np.clip((sq + c) / (n + 2 * c), 1e-6, 1 - 1e-6)
        a = np.clip((q @ M + c) / (sq + 2 * c), 1e-6, 1 - 1e-6)
        b = np.clip(((1 - q) @ M + c) / (n - sq + 2 * c), 1e-6, 1 - 1e-6)
        lt = np.log(pi) + M @ np.log(a) + (1 - M) @ np.log(1 - a)
        lf = np.log(1 - pi) + M @ np.log(b) + (1 - M) @ np.log(1 - b)
        nq = 1 / (1 + np.exp(np.clip(lf - lt, -700, 700)))
        ch = np.abs(nq - q).max()
        q = nq
        if ch < 1e-9:
            break
    return q, a, b

def _main_drop(res, sheet):
    tot = {}
    for row in csv.DictReader(open(sheet)):
        tid = row['id']
        cand = os.path.join(res, tid, f'{tid}_consensus_candidates.csv')
        if not os.path.exists(cand): continue
        truth, _ = pts(row['truth'])
        P, C = pts(cand)
        prov = json.load(open(os.path.join(res, tid, f'{tid}_consensus.json')))
        names = [s['name'] for s in prov['sets']]
        M = np.array([[1.0 if n in c['workflows'].split(';') else 0.0 for n in names] for c in C])
        out = {}
        q, a, b = ds(M)
        out['v0'] = f1(P[q >= 0.5], truth)
        # v1: drop sets whose finds are no evidence for a particle (a <= b), refit on what the others found
        keep = a > b
        M1 = M[:, keep]
        has = M1.sum(1) > 0
        q1, a1, b1 = ds(M1[has])
        out['v1'] = f1(P[has][q1 >= 0.5], truth)
        # v2: drop sets whose estimated precision (share of their finds in T) < 0.5
        prec = (q @ M) / M.sum(0)
        keep2 = prec >= 0.5
        M2 = M[:, keep2]; has2 = M2.sum(1) > 0
        q2, _, _ = ds(M2[has2])
        out['v2'] = f1(P[has2][q2 >= 0.5], truth)
        # v3: v1 iterated until no set is dropped
        keep3 = np.ones(len(names), bool)
        while True:
            M3 = M[:, keep3]; has3 = M3.sum(1) > 0
            q3, a3, b3 = ds(M3[has3])
            bad = a3 <= b3
            if not bad.any(): break
            idx = np.where(keep3)[0][bad]; keep3[idx] = False
        out['v3'] = f1(P[has3][q3 >= 0.5], truth)
        ev = {n: json.load(open(os.path.join(res, tid, 'evaluation', f'{tid}_{n}.eval.json')))['one_to_one']['f1'] for n in names}
        rk = list(csv.DictReader(open(os.path.join(res, tid, f'{tid}_ranking.csv'))))
        top = json.load(open(os.path.join(res, tid, 'evaluation', f"{tid}_{rk[0]['workflow']}.eval.json")))['one_to_one']['f1']
        allf = [json.load(open(os.path.join(res, tid, 'evaluation', f)))['one_to_one']['f1'] for f in os.listdir(os.path.join(res, tid, 'evaluation')) if 'consensus' not in f]
        out['top'] = top; out['best'] = max(allf)
        print(f"{tid:10s} " + ' '.join(f"{k}={v:.3f}" for k, v in out.items()) + f"  dropped v1: {[n[:14] for n, kk in zip(names, keep) if not kk]} v2: {[n[:14] for n, kk in zip(names, keep2) if not kk]}")
        for k, v in out.items(): tot.setdefault(k, []).append((tid, v))
    for k, v in tot.items():
        df = [x for t, x in v if t.startswith('tomo')]
        print(k, 'mean', round(np.mean([x for _, x in v]), 3), 'DF mean', round(np.mean(df), 3), 'DF min', round(min(df), 3))

def read_mrc(path):
    h = np.fromfile(path, dtype='<i4', count=256)
    nx, ny, nz, mode, nsym = h[0], h[1], h[2], h[3], h[23]
    dt = {0: np.int8, 1: np.int16, 2: np.float32, 6: np.uint16}[int(mode)]
    a = np.fromfile(path, dtype=dt, offset=1024 + int(nsym), count=int(nx) * int(ny) * int(nz))
    return a.astype(np.float32).reshape(nz, ny, nx)

def refine(vol, P, r, sigma, steps=3):
    """Mean shift to the centroid of the particle-polarity contrast within r; polarity from the blurred density at P."""
    from scipy import ndimage
    g = ndimage.gaussian_filter(vol, 2)
    idx = np.clip(np.round(P).astype(int), 0, np.array(vol.shape[::-1]) - 1)
    pol = 1 if g[idx[:, 2], idx[:, 1], idx[:, 0]].mean() < np.median(g) else -1   # 1: dark particles
    v = ndimage.gaussian_filter(vol, sigma) if sigma > 0 else vol
    c = np.maximum(pol * (np.median(v) - v), 0)
    R = int(np.ceil(r))
    oz, oy, ox = np.mgrid[-R:R + 1, -R:R + 1, -R:R + 1]
    ball = oz ** 2 + oy ** 2 + ox ** 2 <= r * r
    nz, ny, nx = v.shape
    out = P.copy()
    for i in range(len(P)):
        p = P[i].copy()
        for _ in range(steps):
            cx, cy, cz = np.round(p).astype(int)
            zs, ys, xs = (slice(max(0, q - R), min(n, q + R + 1)) for q, n in ((cz, nz), (cy, ny), (cx, nx)))
            b = ball[zs.start - cz + R:zs.stop - cz + R, ys.start - cy + R:ys.stop - cy + R, xs.start - cx + R:xs.stop - cx + R]
            w = c[zs, ys, xs] * b
            if w.sum() <= 0:
                break
            zz, yy, xx = np.mgrid[zs, ys, xs]
            q = np.array([(w * xx).sum(), (w * yy).sum(), (w * zz).sum()]) / w.sum()
            if np.linalg.norm(q - P[i]) > r:
                break
            p = q
        out[i] = p
    return out

def ds_cat(R, ncat, c):
    """Two-class Dawid-Skene with categorical answers 0..ncat-1 per voter, pseudo-count c per category."""
    n, v = R.shape
    oh = np.zeros((n, v, ncat)); oh[np.arange(n)[:, None], np.arange(v)[None, :], R] = 1
    q = (R > 0).mean(1)
    for _ in range(500):
        sq = q.sum()
        pi = np.clip((sq + c) / (n + 2 * c), 1e-6, 1 - 1e-6)
        A = (np.einsum('i,ivk->vk', q, oh) + c) / (sq + ncat * c)
        B = (np.einsum('i,ivk->vk', 1 - q, oh) + c) / (n - sq + ncat * c)
        lt = np.log(pi) + np.einsum('ivk,vk->i', oh, np.log(A))
        lf = np.log(1 - pi) + np.einsum('ivk,vk->i', oh, np.log(B))
        nq = 1 / (1 + np.exp(np.clip(lf - lt, -700, 700)))
        ch = np.abs(nq - q).max(); q = nq
        if ch < 1e-9:
            break
    return q

def _main_other(res, sheet, what, value):
    tot = [[], []]
    for row in csv.DictReader(open(sheet)):
        tid = row['id']
        cand = os.path.join(res, tid, f'{tid}_consensus_candidates.csv')
        if not os.path.exists(cand):
            continue
        truth, _ = pts(row['truth'])
        prov = json.load(open(os.path.join(res, tid, f'{tid}_consensus.json')))
        if what == '--refine':
            P, _ = pts(os.path.join(res, tid, f'{tid}_consensus.csv'))
            Q = refine(read_mrc(row['tomogram']), P, prov['rule']['match_radius_vox'], value)
        else:
            P, C = pts(cand)
            names = [s['name'] for s in prov['sets']]
            M = np.array([[1 if n in c['workflows'].split(';') else 0 for n in names] for c in C])
            R = np.zeros((len(C), 3), int)
            for j, m in enumerate(['ffts', 'gabor', 'intensities']):
                R[:, j] = 2 * M[:, names.index(f'{m}_kmeans_watershed_segmentation')] \
                    + M[:, names.index(f'{m}_gmm_watershed_segmentation')]
            keep = np.array([float(c['kept']) > 0 if c.get('kept') not in (None, '') else float(c['confidence']) >= 0.5
                             for c in C])
            Q, P = P[ds_cat(R, 4, value) >= 0.5], P[keep]
        a, b = f1(P, truth), f1(Q, truth)
        tot[0].append((tid, a)); tot[1].append((tid, b))
        print(f"{tid:10s} consensus={a:.3f} {what[2:]}={b:.3f}")
    for name, v in zip(('consensus', what[2:]), tot):
        df = [x for t, x in v if t.startswith('tomo')]
        print(name, 'mean', round(np.mean([x for _, x in v]), 3), 'DF mean', round(np.mean(df), 3), 'DF min', round(min(df), 3))

def fuse(sets, radius):
    """Fusion.fuse: sets in order; each set's particles matched one-to-one to the groups without a member of that set,
    closest first (ties: particle, then group index), within radius of the group mean; unmatched open groups."""
    k = len(sets)
    sums, mem = [], []
    for s, P in enumerate(sets):
        used = np.zeros(len(P), bool)
        if sums and len(P):
            S = np.array(sums)
            C = S[:, :3] / S[:, 3:4]
            free = np.array([m[s] < 0 for m in mem])
            D = np.sqrt(((P[:, None, :] - C[None, :, :]) ** 2).sum(-1))
            ii, gg = np.nonzero((D <= radius) & free[None, :])
            order = np.lexsort((gg, ii, D[ii, gg]))
            taken = np.zeros(len(C), bool)
            for o in order:
                i, g = ii[o], gg[o]
                if used[i] or taken[g]:
                    continue
                used[i] = taken[g] = True
                sums[g][0] += P[i, 0]; sums[g][1] += P[i, 1]; sums[g][2] += P[i, 2]; sums[g][3] += 1
                mem[g][s] = i
        for i in np.nonzero(~used)[0]:
            sums.append([P[i, 0], P[i, 1], P[i, 2], 1.0])
            m = [-1] * k; m[s] = i; mem.append(m)
    S = np.array(sums).reshape(-1, 4)
    return S[:, :3] / S[:, 3:4], np.array(mem).reshape(-1, k)

def dsw(M, w=None, c=5.0, q0=None):
    """Agreement.fit (Dawid-Skene, pseudo-count c) with an optional weight per set on its log-likelihood terms and an
    optional first guess q0 (default: the support fraction)."""
    n, k = M.shape
    w = np.ones(k) if w is None else np.asarray(w, float)
    q = M.sum(1) / k if q0 is None else q0.copy()
    for _ in range(500):
        sq = q.sum()
        pi = np.clip((sq + c) / (n + 2 * c), 1e-6, 1 - 1e-6)
        a = np.clip((q @ M + c) / (sq + 2 * c), 1e-6, 1 - 1e-6)
        b = np.clip(((1 - q) @ M + c) / (n - sq + 2 * c), 1e-6, 1 - 1e-6)
        lt = np.log(pi) + (M * np.log(a) + (1 - M) * np.log(1 - a)) @ w
        lf = np.log(1 - pi) + (M * np.log(b) + (1 - M) * np.log(1 - b)) @ w
        nq = 1 / (1 + np.exp(np.clip(lf - lt, -700, 700)))
        ch = np.abs(nq - q).max(); q = nq
        if ch < 1e-9:
            break
    return q

def exclude(P, q, sup, dist, first='support'):
    """Fusion.exclude on the kept groups P: while two are closer than dist, drop the one with the most conflicts; ties
    to the lower support then confidence (first='support', the rule) or confidence then support ('confidence'), then
    the later group. first='nms': keep by confidence (then support) and drop whatever conflicts with a kept one."""
    n = len(P)
    if n == 0:
        return np.zeros(0, bool)
    t = cKDTree(P)
    nb = [[j for j in t.query_ball_point(P[i], dist) if j != i and np.linalg.norm(P[i] - P[j]) < dist] for i in range(n)]
    alive = np.ones(n, bool)
    if first == 'nms':
        for i in sorted(range(n), key=lambda i: (-q[i], -sup[i], i)):
            if alive[i]:
                for j in nb[i]:
                    if alive[j] and (-q[j], -sup[j], j) > (-q[i], -sup[i], i):
                        alive[j] = False
        return alive
    key = (lambda i: (deg[i], -sup[i], -q[i], i)) if first == 'support' else (lambda i: (deg[i], -q[i], -sup[i], i))
    deg = np.array([len(x) for x in nb])
    while True:
        cand = [i for i in range(n) if alive[i] and deg[i] > 0]
        if not cand:
            break
        i = max(cand, key=key)
        alive[i] = False
        for j in nb[i]:
            deg[j] -= alive[j]
    return alive

def _sweep_variants(res, tid):
    """Every variant's kept positions for one tomogram."""
    d = os.path.join(res, tid)
    prov = json.load(open(os.path.join(d, f'{tid}_consensus.json')))
    names = [s['name'] for s in prov['sets']]
    sets, sizes, diam = [], [], []
    for n in names:
        P, rows = pts(os.path.join(d, 'particles', f'{tid}_{n}.csv'))
        sets.append(P); sizes.append(np.array([float(x['voxels']) for x in rows]))
        diam.append(json.load(open(os.path.join(d, 'particles', f'{tid}_{n}.json'))).get('particle_size', {}).get('diameter_vox'))
    dm = float(np.median([x for x in diam if x]))
    r0 = max(2.0, dm / 2)
    rank = json.load(open(os.path.join(d, f'{tid}_ranking.json')))['workflows']
    wf = {w['workflow']: w for w in rank}
    score = np.array([wf[n]['score'] for n in names])
    sc = np.array([wf[n]['size_consistency'] for n in names])
    V = {}
    P, mem = fuse(sets, r0); M = (mem >= 0).astype(float); sup = M.sum(1)
    q = dsw(M); k = q >= 0.5
    V['no exclusion (the rule before)'] = P[k]
    for f in (0.8, 0.9, 1.0, 1.1, 1.2):
        V[f'exclusion {f:g} x diameter' + (' (chosen)' if f == 1.0 else '')] = P[k][exclude(P[k], q[k], sup[k], f * 2 * r0)]
    V['exclusion, ties to confidence first'] = P[k][exclude(P[k], q[k], sup[k], 2 * r0, 'confidence')]
    V['exclusion as NMS by confidence'] = P[k][exclude(P[k], q[k], sup[k], 2 * r0, 'nms')]
    # the conflicts counted for the order also with groups of confidence < 0.5 that two or more sets found (witnesses:
    # never kept, never dropped); only conflicts between kept groups must be resolved
    wit = (sup >= 2) & ~k
    t = cKDTree(P)
    kid = np.nonzero(k)[0]
    nb = {i: [j for j in t.query_ball_point(P[i], 2 * r0) if j != i and np.linalg.norm(P[i] - P[j]) < 2 * r0] for i in kid}
    alive = k.copy()
    while True:
        c = [i for i in kid if alive[i] and any(alive[j] for j in nb[i])]
        if not c:
            break
        deg = {i: sum(1 for j in nb[i] if alive[j] or wit[j]) for i in c}
        alive[max(c, key=lambda i: (deg[i], -sup[i], -q[i], i))] = False
    V['exclusion, conflicts with unkept groups of support >= 2 counted'] = P[alive]
    # size outliers: a kept group whose members' instance sizes are (median over members) > t x their set's median
    al = exclude(P[k], q[k], sup[k], 2 * r0)
    med = [np.median(x) if len(x) else 1.0 for x in sizes]
    rel = np.array([np.median([sizes[j][m[j]] / med[j] for j in range(len(m)) if m[j] >= 0]) for m in mem])
    for t in (2.0, 3.0):
        V[f'exclusion + drop size > {t:g} x set median'] = P[k][al & (rel[k] <= t)]
    for label, w in (('rank score weights', score / score.max()), ('rank score^3 weights', (score / score.max()) ** 3),
                     ('size-consistency weights', sc / sc.max())):
        qw = dsw(M, w=w); kw = qw >= 0.5
        V[label] = P[kw]
        if label == 'size-consistency weights':
            V[label + ' + exclusion'] = P[kw][exclude(P[kw], qw[kw], sup[kw], 2 * r0)]
    V['rank score first guess'] = P[dsw(M, q0=(M @ score) / score.sum()) >= 0.5]
    N = int(round(q.sum())); V['top round(sum q) by confidence'] = P[np.argsort(-q, kind='stable')[:N]]
    order = [names.index(w['workflow']) for w in rank if w['workflow'] in names]
    Pt = np.array([next(sets[j][m[j]] for j in order if m[j] >= 0) for m in mem]).reshape(-1, 3)
    V['position of the top-ranked member'] = Pt[k]
    V['position of the top-ranked member + exclusion'] = Pt[k][al]
    n, sq = len(q), q.sum()
    a = np.clip((q @ M + 5.0) / (sq + 10.0), 1e-6, 1 - 1e-6)
    b = np.clip(((1 - q) @ M + 5.0) / (n - sq + 10.0), 1e-6, 1 - 1e-6)
    w = np.maximum(0.0, a - b)
    Pw = np.array([np.average([sets[j][m[j]] for j in range(len(m)) if m[j] >= 0], axis=0,
                              weights=[w[j] for j in range(len(m)) if m[j] >= 0])
                   if sum(w[j] for j in range(len(m)) if m[j] >= 0) > 0 else P[g] for g, m in enumerate(mem)]).reshape(-1, 3)
    V['position weighted by max(0, recall - false-find rate) + exclusion'] = Pw[k][exclude(Pw[k], q[k], sup[k], 2 * r0)]
    for f in (0.4, 0.6, 0.7):
        Pr, memr = fuse(sets, max(2.0, f * dm)); Mr = (memr >= 0).astype(float)
        qr = dsw(Mr); kr = qr >= 0.5
        V[f'radius {f:g} x diameter'] = Pr[kr]
        V[f'radius {f:g} x diameter + exclusion'] = Pr[kr][exclude(Pr[kr], qr[kr], Mr[kr].sum(1), 2 * r0)]
    return V

def _main_sweep(res, sheet):
    tab = {}
    for row in csv.DictReader(open(sheet)):
        tid = row['id']
        if not os.path.exists(os.path.join(res, tid, f'{tid}_consensus.json')):
            continue
        truth, _ = pts(row['truth'])
        ev = os.path.join(res, tid, 'evaluation')
        sets = {f: json.load(open(os.path.join(ev, f)))['one_to_one']['f1'] for f in os.listdir(ev)
                if f.endswith('.eval.json') and not f.endswith('_consensus.eval.json')}
        top = json.load(open(os.path.join(res, tid, f'{tid}_ranking.json')))['workflows'][0]['workflow']
        ftop, fbest = sets[f'{tid}_{top}.eval.json'], max(sets.values())
        V = _sweep_variants(res, tid)
        f = {k: f1(v, truth) for k, v in V.items()}
        tab[tid] = (f, ftop, fbest)
        print(f"{tid:10s} top={ftop:.3f} best={fbest:.3f} " + ' | '.join(f"{k}={v:.3f} ({len(V[k])})" for k, v in f.items()), flush=True)
    ids = list(tab)
    oth = [t for t in ids if not t.startswith('tomo')]
    sim = [t for t in ids if t[:1] == 's' and t[1:2].isdigit()]
    for k in tab[ids[0]][0]:
        fs = {t: tab[t][0][k] for t in ids}
        df = [fs[t] for t in ids if t.startswith('tomo')]
        ge = [t for t in oth if fs[t] >= tab[t][1]]
        wi = [t for t in sim if fs[t] >= tab[t][2] - 0.03]
        print(f"{k}: mean_all={np.mean(list(fs.values())):.3f} " +
              (f"mean_deepfinder={np.mean(df):.3f} min_deepfinder={min(df):.3f} " if df else '') +
              f"ge_top={len(ge)}/{len(oth)} (below: {' '.join(t for t in oth if t not in ge) or 'none'}) "
              f"within_0.03={len(wi)}/{len(sim)} (further: {' '.join(t for t in sim if t not in wi) or 'none'})")

if __name__ == "__main__":
    if sys.argv[1] == '--sweep':
        _main_sweep(sys.argv[2], sys.argv[3])
    elif sys.argv[1] in ('--refine', '--family'):
        _main_other(sys.argv[3], sys.argv[4], sys.argv[1], float(sys.argv[2]))
    else:
        _main_variants(sys.argv[1], sys.argv[2])
        _main_drop(sys.argv[1], sys.argv[2])
