"""Peer of chinchilla.lua: the same Huber objective (delta 1e-3) on log-residuals of
L = E + A/N^alpha + B/D^beta, with its analytic gradient, minimised by scipy's L-BFGS-B
from every 10th start of the same 4,500-start grid (450 starts). Prints the time of those
450 starts ("seconds:"), so run.py's ratio is the ratio per start. It then checks that
burden's optimum (written by chinchilla.lua to build/bench-chinchilla.txt), evaluated
here with numpy, is within 1e-6 relative of the best objective scipy finds."""
import csv
import itertools
import os
import sys
import time

import numpy as np
from scipy.optimize import minimize

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
with open(os.path.join(ROOT, "../shared/data/chinchilla/svg_extracted_data.csv")) as f:
    rows = list(csv.DictReader(f))
N = np.array([float(r["Model Size"]) for r in rows])
D = np.array([float(r["Training FLOP"]) for r in rows]) / (6 * N)
L = np.array([float(r["loss"]) for r in rows])
lN, lD, lL = np.log(N), np.log(D), np.log(L)
DELTA = 1e-3


def objective(p):
    a, b, e, alpha, beta = p
    t = np.stack([a - alpha * lN, b - beta * lD, np.full_like(lN, e)])
    m = t.max(axis=0)
    s = np.exp(t - m)
    tot = s.sum(axis=0)
    r = m + np.log(tot) - lL
    ar = np.abs(r)
    small = ar <= DELTA
    f = np.where(small, 0.5 * r * r, DELTA * (ar - 0.5 * DELTA)).sum()
    dh = np.where(small, r, DELTA * np.sign(r))
    w = s * (dh / tot)
    g = np.array([w[0].sum(), w[1].sum(), w[2].sum(), -(w[0] * lN).sum(), -(w[1] * lD).sum()])
    return f, g


grid = list(itertools.product(np.arange(0, 30, 5), np.arange(0, 30, 5), np.arange(-1, 1.5, 0.5),
                              np.arange(0, 2.5, 0.5), np.arange(0, 2.5, 0.5)))
assert len(grid) == 4500
subset = grid[::10]
t0 = time.perf_counter()
c0 = time.process_time()
best = None
for start in subset:
    res = minimize(objective, np.array(start, dtype=float), jac=True, method="L-BFGS-B")
    if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
        best = res
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
print("scipy best objective: %.12g at %s" % (best.fun, " ".join("%.6g" % v for v in best.x)))
print("per start: %.6g ms" % (dt / len(subset) * 1e3))
print("seconds: %.6f" % dt)
print("cpu: %.6f" % cpu)

path = os.path.join(ROOT, "build", "bench-chinchilla.txt")
if os.path.exists(path):
    ours = np.array([float(v) for v in open(path).read().split()])
    f_ours = objective(ours)[0]
    rel = (f_ours - best.fun) / best.fun
    print("burden optimum, evaluated by numpy: %.12g (relative to scipy's best: %+.3g)" % (f_ours, rel))
    if rel > 1e-6:
        sys.exit("burden's optimum is worse than scipy's best by more than 1e-6 relative")
print("peer: scipy L-BFGS-B, 450 starts")
