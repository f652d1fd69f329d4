"""peak_local_max(edt, min_distance=15) of scikit-image 0.19.3 on PickET's tomo1 segmentations (S2PicketFidelityTest).

Run with Debian 12's /usr/bin/python3 (numpy 1.24.2, scipy 1.10.1, scikit-image 0.19.3, the versions that made
<shared>/reference/picket-py-tomo1):  /usr/bin/python3 make_picket_peaks.py <shared>/reference/picket-py-tomo1
Writes picket_tomo1_peaks.txt, per segmentation two lines of linear peak indices ((z*ny+y)*nx+x) in returned order:
"<seg> skimage-0.19.3 ..." as PickET got them, and "<seg> stable-argsort ..." the same call with numpy's argsort made
stable (kind="stable"), which is the rule of scikit-image >= 0.20 (and of PeakLocalMax). Mask: segmentation == 1.
"""
import sys
import numpy as np
import scipy.ndimage as nd
import skimage
import skimage.feature.peak as peak_module
from skimage.feature import peak_local_max

assert skimage.__version__ == "0.19.3"
ref = sys.argv[1]
lines = ["# numpy %s scikit-image %s" % (np.__version__, skimage.__version__)]
for seg in ["ffts_gmm", "ffts_kmeans", "gabor_gmm", "gabor_kmeans", "intensities_gmm", "intensities_kmeans"]:
    raw = open("%s/segmentation_0_%s.mrc" % (ref, seg), "rb").read()
    head = np.frombuffer(raw[:1024], dtype=np.int32)
    nx, ny, nz, mode, next_ = head[0], head[1], head[2], head[3], head[23]
    assert mode == 0
    vol = np.frombuffer(raw[1024 + next_:1024 + next_ + nx * ny * nz], dtype=np.int8).reshape(nz, ny, nx)
    edt = nd.distance_transform_edt(vol == 1)
    for name, stable in (("skimage-0.19.3", False), ("stable-argsort", True)):
        if stable:
            real_np = peak_module.np
            shim = type(sys)("numpy_stable_argsort")
            shim.__dict__.update(real_np.__dict__)
            shim.argsort = lambda a, *args, **kw: real_np.argsort(a, kind="stable")
            peak_module.np = shim
        try:
            pk = peak_local_max(edt, min_distance=15)
        finally:
            if stable:
                peak_module.np = real_np
        lin = np.ravel_multi_index(tuple(pk.T), edt.shape)
        lines.append("%s %s %s" % (seg, name, " ".join(str(v) for v in lin)))
with open("picket_tomo1_peaks.txt", "w") as f:
    f.write("\n".join(lines) + "\n")
