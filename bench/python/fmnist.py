"""Fashion-MNIST from the Debian package's IDX files, scaled to [0, 1] float32 (no other
normalisation), exactly as the Java side of the benchmark loads it."""
import gzip
import os
import struct

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"


def _read_idx(path):
    import numpy as np  # late: callers fix BLAS threads before numpy loads OpenBLAS
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(dims)


def load(directory=None):
    """Returns (x_train, y_train, x_test, y_test): x float32 (n, 784) in [0, 1], y int64."""
    import numpy as np
    d = directory or os.environ.get("FMNIST_DIR", DEFAULT_DIR)
    out = []
    for split in ("train", "t10k"):
        x = _read_idx(os.path.join(d, f"{split}-images-idx3-ubyte.gz"))
        y = _read_idx(os.path.join(d, f"{split}-labels-idx1-ubyte.gz"))
        x = x.reshape(x.shape[0], -1).astype(np.float32) / np.float32(255.0)
        out += [np.ascontiguousarray(x), y.astype(np.int64)]
    return tuple(out)


def throughput(epoch_seconds, rows):
    """Samples/s: epochs 2..N averaged when N >= 2 (epoch 1 carries warm-up), else epoch 1."""
    timed = epoch_seconds[1:] if len(epoch_seconds) >= 2 else epoch_seconds
    return rows * len(timed) / sum(timed)
