# Generates build/bench/numeric_1070k.csv once (1,070,000 rows x 8 columns of doubles,
# about 100 MB; fixed seed). Never committed: build/ is ignored.
set -e
out=build/bench/numeric_1070k.csv
[ -s "$out" ] && exit 0
mkdir -p build/bench
/usr/bin/python3 - "$out" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(",".join("c%d" % i for i in range(8)) + "\n")
    for _ in range(107):
        np.savetxt(f, rng.standard_normal((10000, 8)) * 1000, delimiter=",", fmt="%.6f")
import os
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
PY
