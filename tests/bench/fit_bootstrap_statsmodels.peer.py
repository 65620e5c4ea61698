# Peer of fit_bootstrap_statsmodels.lua: case resamples of the log-log slope with
# statsmodels OLS. A statsmodels fit takes about a millisecond, so this peer runs 2,000
# resamples and reports 5x their time (the loop's cost is linear in the number of
# resamples), to keep `make bench` short.
import os
import sys
import time

import numpy as np
import statsmodels.api as sm

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from timm_join import load  # noqa: E402

x, y = load()
X = sm.add_constant(x)
B, SCALE = 2000, 5
t0 = time.perf_counter()
c0 = time.process_time()
rng = np.random.default_rng(1)
n = len(y)
slopes = np.empty(B)
for b in range(B):
    i = rng.integers(0, n, n)
    slopes[b] = sm.OLS(y[i], X[i]).fit().params[1]
lo, hi = np.quantile(slopes, [0.025, 0.975])
dt = time.perf_counter() - t0
print("n = %d, 95%% percentile interval [%.6f, %.6f] (%d resamples)" % (n, lo, hi, B))
print("seconds: %.6f" % (dt * SCALE))
print("cpu: %.6f" % ((time.process_time() - c0) * SCALE))
print("peer: statsmodels OLS loop (2,000 x 5)")
