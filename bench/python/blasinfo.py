"""BLAS threading and identification for the Python benchmarks.

OPENBLAS_NUM_THREADS must be set before numpy/torch load OpenBLAS; torch.set_num_threads()
alone does NOT bound the OpenBLAS that Debian's torch calls for its GEMMs (it sizes OpenMP
and MKL only), so both scripts call limit_threads() first. threadpoolctl is used when it is
installed; otherwise OpenBLAS is queried through ctypes in the running process.
"""
import ctypes
import os

_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_threads(threads):
    """Call before importing numpy or torch."""
    for k in _ENV:
        os.environ[k] = str(threads)


def _loaded_openblas():
    paths = []
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1] if len(line.split()) >= 6 else ""
            if "openblas" in p and p not in paths:
                paths.append(p)
    return paths


def openblas_info():
    """What the process actually uses: library path, core name (kernel), config, threads."""
    info = {"env": {k: os.environ.get(k) for k in _ENV + ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}}
    try:
        from threadpoolctl import threadpool_info
        info["threadpoolctl"] = [
            {k: d.get(k) for k in ("internal_api", "architecture", "version", "num_threads", "filepath")}
            for d in threadpool_info()]
    except ImportError:
        info["threadpoolctl"] = None
    libs = sorted(_loaded_openblas(), key=lambda p: "libopenblas" not in os.path.basename(p))
    info["libraries"] = libs
    for p in libs:
        try:
            lib = ctypes.CDLL(p)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            info.update(corename=lib.openblas_get_corename().decode(),
                        config=lib.openblas_get_config().decode(),
                        num_threads=lib.openblas_get_num_threads(), path=p)
            break
        except (OSError, AttributeError):
            continue
    return info
