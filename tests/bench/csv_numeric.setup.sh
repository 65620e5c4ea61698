# Generates build/bench/numeric_100mb.csv once (1,000,000 rows x 8 columns of doubles,
# about 94 MB; fixed seed). Never committed: build/ is ignored.
set -e
out=build/bench/numeric_100mb.csv
[ -s "$out" ] && exit 0
mkdir -p build/bench
/usr/bin/python3 - "$out" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(",".join("c%d" % i for i in range(8)) + "\n")
    for _ in range(10):
        np.savetxt(f, rng.standard_normal((100000, 8)) * 1000, delimiter=",", fmt="%.6f")
import os
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
PY
