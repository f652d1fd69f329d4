#!/usr/bin/env python3
"""Bench helper (not part of the product): how good are S1 segmentations for picking, before S2 exists.

For each seg_<mode>_<clusterer>.mrc in DIR: connected components (6-connectivity) of label 1, their centroids,
one-to-one matching (Hungarian) to a truth CSV within DIST voxels -> P, R, F1 ("F1_1to1" as in PickET's scores),
and, with --ref DIR2, the fraction of interior voxels that agree with DIR2's segmentation of the same name.
Needs numpy and scipy. Usage: score_cc.py DIR TRUTH.csv [--ref DIR2] [--dist 5]
"""
import argparse, csv, glob, os, sys
import numpy as np
from scipy import ndimage
from scipy.optimize import linear_sum_assignment


def read_mrc(p):
    b = open(p, 'rb').read()
    nx, ny, nz, mode = np.frombuffer(b[:16], '<i4')
    ns = int(np.frombuffer(b[92:96], '<i4')[0])
    dt = {0: 'i1', 1: '<i2', 2: '<f4'}[int(mode)]
    return np.frombuffer(b[1024 + ns:], dt).reshape(nz, ny, nx)


def read_truth(p):
    with open(p) as f:
        r = csv.DictReader(f)
        return np.array([[float(row['x']), float(row['y']), float(row['z'])] for row in r])


def f1(pred, truth, dist):
    if len(pred) == 0 or len(truth) == 0:
        return 0.0, 0.0, 0.0
    d = np.linalg.norm(pred[:, None, :] - truth[None, :, :], axis=2)
    cost = np.where(d <= dist, d, 1e9)
    r, c = linear_sum_assignment(cost)
    tp = int((cost[r, c] < 1e9).sum())
    p, rc = tp / len(pred), tp / len(truth)
    return p, rc, (2 * p * rc / (p + rc) if tp else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir'); ap.add_argument('truth'); ap.add_argument('--ref'); ap.add_argument('--dist', type=float, default=5)
    a = ap.parse_args()
    truth = read_truth(a.truth)
    six = np.array([[[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[0, 1, 0], [1, 1, 1], [0, 1, 0]], [[0, 0, 0], [0, 1, 0], [0, 0, 0]]])
    for p in sorted(glob.glob(os.path.join(a.dir, 'seg_*.mrc'))):
        s = read_mrc(p)
        lab, n = ndimage.label(s == 1, structure=six)
        cen = np.array(ndimage.center_of_mass(s == 1, lab, range(1, n + 1)))[:, ::-1] if n else np.zeros((0, 3))
        P, R, F = f1(cen, truth, a.dist)
        line = f"{os.path.basename(p)[4:-4]:<18} n={n:<6} P={P:.3f} R={R:.3f} F1_1to1={F:.3f}"
        if a.ref:
            q = read_mrc(os.path.join(a.ref, os.path.basename(p)))
            inner = (slice(2, -2),) * 3
            line += f" agree_with_ref={(s[inner] == q[inner]).mean():.4f}"
        print(line)


if __name__ == '__main__':
    sys.exit(main())
