"""Which BLAS numpy runs here: the shared library mapped into this process after
numpy.linalg is used, and for OpenBLAS its configuration and kernel (core) name.
Imported by the numpy peers (they print it) and run by run.py for its header."""
import ctypes
import os

import numpy as np


def describe():
    np.linalg.solve(np.eye(2), np.ones(2))  # make sure the BLAS/LAPACK libraries are mapped
    libs = []
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            name = os.path.basename(path)
            if ("blas" in name or "lapack" in name) and ".so" in name and path not in libs:
                libs.append(path)
    real = sorted({os.path.realpath(p) for p in libs})
    text = "numpy %s; BLAS/LAPACK libraries: %s" % (np.__version__, ", ".join(real) or "none found")
    for path in real:
        if "openblas" in os.path.basename(path):
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            text += "; OpenBLAS %s, kernel %s, %d threads" % (
                lib.openblas_get_config().decode(), lib.openblas_get_corename().decode(),
                lib.openblas_get_num_threads())
            break
    else:
        text += " (reference BLAS: no OpenBLAS installed, one thread)"
    return text


if __name__ == "__main__":
    print(describe())
