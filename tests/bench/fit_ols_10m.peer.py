# Peer of fit_ols_10m.lua: the same 10 million rows generated with numpy, fitted with
# np.linalg.lstsq on the design with a column of ones (building that design is timed,
# as it is part of a numpy user's fit).
import time

import numpy as np

n = 10_000_000
i = np.arange(1, n + 1, dtype=np.float64)
x1 = i / n
x2 = np.sin(i)
x3 = (np.arange(1, n + 1) % 1000) / 1000
y = 1 + 2 * x1 - 3 * x2 + 0.5 * x3 + 0.1 * np.sin(1.7 * i)
del i
t0 = time.perf_counter()
c0 = time.process_time()
X = np.column_stack([np.ones(n), x1, x2, x3])
coef = np.linalg.lstsq(X, y, rcond=None)[0]
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
print("coef %.10f %.10f %.10f %.10f" % tuple(coef))
print("seconds: %.6f" % dt)
print("cpu: %.6f" % cpu)
print("peer: numpy lstsq (SVD)")
