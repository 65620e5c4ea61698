# The same read with pandas.read_csv (default C engine).
import time
import pandas as pd

t0 = time.perf_counter()
c0 = time.process_time()
d = pd.read_csv("build/bench/numeric_1070k.csv")
seconds = time.perf_counter() - t0
cpu = time.process_time() - c0
assert d.shape == (1070000, 8), d.shape
print("seconds: %.6f" % seconds)
print("cpu: %.6f" % cpu)
print("peer: pandas.read_csv (C engine)")
