"""Golden outputs of scipy / scikit-image for the S2 numerics tests (S2GoldenTest).

Run from this directory with each interpreter; file names record the versions:
    /usr/bin/python3 make_golden.py        # Debian 12: numpy 1.24.2, scipy 1.10.1, scikit-image 0.19.3
    <venv>/bin/python make_golden.py       # numpy 2.4.6, scipy 1.17.1, scikit-image 0.26.0 (pip)
golden_scipy.txt (the same from both scipy versions) holds fixture A's mask, scipy.ndimage.label and
distance_transform_edt; golden_skimage-<version>.txt holds peak_local_max and watershed as PickET calls them:
    peaks = peak_local_max(edt, min_distance=d); markers = nd.label(mask of peaks)[0]
    ws = watershed(-edt, markers, mask=mask)
Format: one record per line, "<name> <tokens...>". Volumes are run-length encoded ("value" or "value*count") in
numpy C order of (z, y, x), which is our (z*ny+y)*nx+x order; peaks are linear indices in returned order.
edt2 is scipy's float64 EDT squared and rounded (checked: its sqrt gives scipy's values back exactly).
Fixture A: 24x20x16 random ellipsoids plus 2% single voxels (seeded). Fixture B: 100x44x40, the union of the
integer spheres listed in its "spheres" record (cx cy cz r2: voxels with dx^2+dy^2+dz^2 <= r2), too big to store
whole: its watershed is given per label as "label:voxels:sum_x:sum_y:sum_z".
"""
import numpy as np
import scipy
import scipy.ndimage as nd
import skimage
from skimage.feature import peak_local_max
from skimage.segmentation import watershed


def rle(a):
    a = np.asarray(a).ravel()
    out = []
    i = 0
    while i < len(a):
        j = i
        while j < len(a) and a[j] == a[i]:
            j += 1
        out.append(str(a[i]) if j - i == 1 else "%d*%d" % (a[i], j - i))
        i = j
    return " ".join(out)


def pipeline(edt, mask, d):
    pk = peak_local_max(edt, min_distance=d)
    lin = np.ravel_multi_index(tuple(pk.T), edt.shape) if len(pk) else np.zeros(0, int)
    pm = np.zeros(edt.shape, bool)
    pm[tuple(pk.T)] = True
    markers, _ = nd.label(pm)
    return lin, watershed(-edt, markers, mask=mask)


# fixture A
shape_a = (16, 20, 24)
rng = np.random.default_rng(20240607)
zz, yy, xx = np.indices(shape_a)
mask_a = np.zeros(shape_a, bool)
for _ in range(6):
    c = [rng.uniform(0, s) for s in shape_a]
    r = rng.uniform(2.5, 6.0, 3)
    mask_a |= ((zz - c[0]) / r[0]) ** 2 + ((yy - c[1]) / r[1]) ** 2 + ((xx - c[2]) / r[2]) ** 2 <= 1
mask_a |= rng.random(shape_a) < 0.02
lab, num = nd.label(mask_a)
edt_a = nd.distance_transform_edt(mask_a)
edt2 = np.rint(edt_a ** 2).astype(np.int64)
assert np.array_equal(np.sqrt(edt2.astype(float)), edt_a)
scipy_lines = ["# numpy %s scipy %s" % (np.__version__, scipy.__version__),
               "fixture A 24 20 16", "mask " + rle(mask_a.astype(np.int64)), "label_count %d" % num,
               "label " + rle(lab), "edt2 " + rle(edt2)]

sk = ["# numpy %s scipy %s scikit-image %s" % (np.__version__, scipy.__version__, skimage.__version__),
      "fixture A 24 20 16"]
for d in (1, 2, 3):
    lin, ws = pipeline(edt_a, mask_a, d)
    sk.append("peaks_%d %s" % (d, " ".join(str(v) for v in lin)))
    sk.append("ws_%d %s" % (d, rle(ws)))

# fixture B
shape_b = (40, 44, 100)
spheres = [(18, 21, 20, 100), (34, 22, 19, 100), (62, 20, 21, 144), (80, 23, 20, 64), (47, 30, 22, 36)]
zz, yy, xx = np.indices(shape_b)
mask_b = np.zeros(shape_b, bool)
for cx, cy, cz, r2 in spheres:
    mask_b |= (xx - cx) ** 2 + (yy - cy) ** 2 + (zz - cz) ** 2 <= r2
edt_b = nd.distance_transform_edt(mask_b)
sk.append("fixture B 100 44 40")
sk.append("spheres " + " ".join("%d %d %d %d" % s for s in spheres))
sk.append("label_count %d" % nd.label(mask_b)[1])
lin, ws = pipeline(edt_b, mask_b, 15)
sk.append("peaks_15 %s" % " ".join(str(v) for v in lin))
stats = []
for l in range(1, ws.max() + 1):
    z, y, x = np.nonzero(ws == l)
    stats.append("%d:%d:%d:%d:%d" % (l, len(x), x.sum(), y.sum(), z.sum()))
sk.append("ws_15_stats " + " ".join(stats))

with open("golden_scipy.txt", "w") as f:
    f.write("\n".join(scipy_lines) + "\n")
with open("golden_skimage-%s.txt" % skimage.__version__, "w") as f:
    f.write("\n".join(sk) + "\n")
