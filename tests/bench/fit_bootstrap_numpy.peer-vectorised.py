# Peer of fit_bootstrap_numpy.lua: the bootstrap vectorised over resamples, as a numpy
# user would write it for one regressor: all index draws at once (in blocks of 1,000
# resamples to bound memory), slope = Sxy / Sxx per row, percentile interval.
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from timm_join import load  # noqa: E402

x, y = load()
B, BLOCK = 10000, 1000
t0 = time.perf_counter()
c0 = time.process_time()
rng = np.random.default_rng(1)
n = len(y)
slopes = np.empty(B)
for start in range(0, B, BLOCK):
    i = rng.integers(0, n, (BLOCK, n))
    xs, ys = x[i], y[i]
    xc = xs - xs.mean(axis=1, keepdims=True)
    slopes[start:start + BLOCK] = (xc * ys).sum(axis=1) / (xc * xc).sum(axis=1)
lo, hi = np.quantile(slopes, [0.025, 0.975])
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
print("n = %d, 95%% percentile interval [%.6f, %.6f]" % (n, lo, hi))
print("seconds: %.6f" % dt)
print("cpu: %.6f" % cpu)
print("peer: numpy vectorised (slope = Sxy/Sxx)")
