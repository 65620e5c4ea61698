# Peer of fit_bootstrap_numpy.lua: 10,000 case resamples of the log-log slope with
# np.linalg.lstsq, percentile interval.
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from timm_join import load  # noqa: E402

x, y = load()
X = np.column_stack([np.ones_like(x), x])
B = 10000
t0 = time.perf_counter()
c0 = time.process_time()
rng = np.random.default_rng(1)
n = len(y)
slopes = np.empty(B)
for b in range(B):
    i = rng.integers(0, n, n)
    slopes[b] = np.linalg.lstsq(X[i], y[i], rcond=None)[0][1]
lo, hi = np.quantile(slopes, [0.025, 0.975])
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
print("n = %d, 95%% percentile interval [%.6f, %.6f]" % (n, lo, hi))
print("seconds: %.6f" % dt)
print("cpu: %.6f" % cpu)
print("peer: numpy loop, lstsq per resample")
