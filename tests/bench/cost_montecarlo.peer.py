# numpy peer of cost_montecarlo.lua: the same distributions, chain and summaries.
import time

import numpy as np

DRAWS = 100000
FLOP, PEAK, CHIP_W, USD_H, Z90 = 1e23, 312e12, 400.0, 2.93, 1.6448536269514722

t0 = time.perf_counter()
c0 = time.process_time()
rng = np.random.default_rng(1)
util = rng.uniform(0.3, 0.5, DRAWS)
pue = rng.uniform(1.1, 1.6, DRAWS)
mu, sigma = 0.5 * np.log(0.1 * 0.6), np.log(0.6 / 0.1) / (2 * Z90)
grid = rng.lognormal(mu, sigma, DRAWS)
chip_hours = FLOP / (PEAK * util * 3600.0)
kwh_chip = chip_hours * CHIP_W / 1000.0
kwh = kwh_chip * 1.0 * pue
co2_kg = kwh * grid
outputs = {"chip_hours": chip_hours, "kwh_chip": kwh_chip, "kwh_server": kwh_chip, "kwh": kwh,
           "co2_kg": co2_kg, "co2_lbs": co2_kg / 0.45359237, "usd_cloud": chip_hours * USD_H,
           "usd": chip_hours * USD_H, "flop": np.full(DRAWS, FLOP)}
summary = {k: (np.mean(v), *np.quantile(v, [0.5, 0.025, 0.975])) for k, v in outputs.items()}
seconds = time.perf_counter() - t0
cpu = time.process_time() - c0
m = summary["co2_kg"]
print("co2_kg median %.4g [%.4g, %.4g]" % (m[1], m[2], m[3]))
print("seconds: %.6f" % seconds)
print("cpu: %.6f" % cpu)
print("peer: numpy, vectorised")
