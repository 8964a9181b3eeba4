#!/usr/bin/python3
"""Hand-written NumPy MLP over OpenBLAS: the closest analogue of Ams's native kernels.

784-256-128-10 ReLU, softmax cross-entropy (mean over the batch), Adam (lr 1e-3, betas
0.9/0.999, eps 1e-8, bias-corrected as torch.optim.Adam does). float32 throughout; weights
W (in x out) row-major like Ams; init as torch's nn.Linear default (U(+-1/sqrt(in)) for W and
b). Every buffer is allocated once and the GEMMs write into them (np.matmul(out=)), so the
loop is BLAS calls plus a few vectorised element-wise passes. A seeded permutation per epoch,
mini-batches gathered with np.take, the last batch smaller.

Threads: threadpoolctl when it is installed, else OPENBLAS_NUM_THREADS set before numpy is
imported. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE should be unset by the caller (the driver does);
the JSON reports the OpenBLAS kernel in use. Prints one JSON line.

usage: numpy_mlp.py --batch 128 --epochs 10 --threads 1 [--seed 1]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blasinfo  # noqa: E402  (no numpy import before limit_threads)

SIZES = (784, 256, 128, 10)


class NumpyMlp:
    def __init__(self, np, sizes, seed, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.np = np
        rng = np.random.default_rng(seed)
        self.W, self.b = [], []
        for i, o in zip(sizes[:-1], sizes[1:]):
            bound = 1.0 / np.sqrt(i)
            self.W.append(rng.uniform(-bound, bound, (i, o)).astype(np.float32))
            self.b.append(rng.uniform(-bound, bound, o).astype(np.float32))
        self.params = self.W + self.b
        self.grads = [np.zeros_like(p) for p in self.params]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.tmp = [np.zeros_like(p) for p in self.params]
        self.lr, self.beta1, self.beta2, self.eps, self.t = lr, beta1, beta2, eps, 0
        self.sizes = sizes
        self._bufs = {}

    def _buffers(self, n):
        """Activations and their gradients for a batch of n rows, allocated once per n."""
        b = self._bufs.get(n)
        if b is None:
            np = self.np
            f = np.float32
            b = {"x": np.empty((n, self.sizes[0]), f),
                 "h": [np.empty((n, o), f) for o in self.sizes[1:]],   # pre-activations / logits
                 "d": [np.empty((n, o), f) for o in self.sizes[1:]],   # their gradients
                 "mask": [np.empty((n, o), bool) for o in self.sizes[1:-1]],
                 "rowtmp": np.empty((n, 1), f)}
            self._bufs[n] = b
        return b

    def forward(self, x, buf):
        """Logits into buf['h'][-1]; hidden layers are ReLU'd in place (h holds the activation)."""
        np = self.np
        a = x
        last = len(self.W) - 1
        for l, (W, b) in enumerate(zip(self.W, self.b)):
            h = buf["h"][l]
            np.matmul(a, W, out=h)
            h += b
            if l < last:
                np.maximum(h, 0, out=h)
            a = h
        return a

    def loss_and_grad(self, x, y, buf):
        """Mean softmax cross-entropy and the gradients into self.grads (W then b)."""
        np = self.np
        n = x.shape[0]
        z = self.forward(x, buf)
        L = len(self.W)
        # softmax cross-entropy, gradient dz = (softmax - onehot) / n into d[-1]
        d = buf["d"][L - 1]
        rt = buf["rowtmp"]
        np.max(z, axis=1, keepdims=True, out=rt)
        np.subtract(z, rt, out=d)
        np.exp(d, out=d)
        np.sum(d, axis=1, keepdims=True, out=rt)
        rows = np.arange(n)
        zy = z[rows, y] - z.max(axis=1)  # log-softmax numerator for the loss
        loss = float(np.mean(np.log(rt[:, 0]) - zy))
        d /= rt
        d[rows, y] -= 1.0
        d *= np.float32(1.0 / n)
        # backward
        for l in range(L - 1, -1, -1):
            a_prev = x if l == 0 else buf["h"][l - 1]
            np.matmul(a_prev.T, d, out=self.grads[l])
            np.sum(d, axis=0, out=self.grads[L + l])
            if l > 0:
                dp = buf["d"][l - 1]
                np.matmul(d, self.W[l].T, out=dp)
                mask = buf["mask"][l - 1]
                np.less_equal(buf["h"][l - 1], 0, out=mask)  # h is post-ReLU: > 0 where active
                dp[mask] = 0
                d = dp
        return loss

    def adam_step(self):
        np = self.np
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        step = np.float32(self.lr / (1 - b1 ** self.t))
        rbc2 = np.float32(1.0 / np.sqrt(1 - b2 ** self.t))
        for p, g, m, v, tmp in zip(self.params, self.grads, self.m, self.v, self.tmp):
            m *= np.float32(b1)
            m += np.float32(1 - b1) * g
            v *= np.float32(b2)
            np.multiply(g, g, out=tmp)
            tmp *= np.float32(1 - b2)
            v += tmp
            np.sqrt(v, out=tmp)
            tmp *= rbc2
            tmp += np.float32(self.eps)
            np.divide(m, tmp, out=tmp)
            tmp *= step
            p -= tmp

    def train_batch(self, xall, yall, idx):
        buf = self._buffers(idx.shape[0])
        x = buf["x"]
        self.np.take(xall, idx, axis=0, out=x)
        loss = self.loss_and_grad(x, yall[idx], buf)
        self.adam_step()
        return loss

    def accuracy(self, x, y):
        np = self.np
        a = x
        for l, (W, b) in enumerate(zip(self.W, self.b)):
            a = a @ W + b
            if l < len(self.W) - 1:
                a = np.maximum(a, 0)
        return float(np.mean(a.argmax(1) == y))


def set_threads(threads):
    """Returns a threadpoolctl limiter (kept alive by the caller) or None when the env var does it."""
    try:
        from threadpoolctl import threadpool_limits
        return threadpool_limits(limits=threads, user_api="blas")
    except ImportError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    blasinfo.limit_threads(a.threads)  # before numpy loads OpenBLAS
    import numpy as np
    import fmnist
    limiter = set_threads(a.threads)  # noqa: F841

    xtr, ytr, xte, yte = fmnist.load()
    n = xtr.shape[0]
    net = NumpyMlp(np, SIZES, a.seed)
    rng = np.random.default_rng(a.seed + 1)

    epoch_seconds, epoch_loss = [], []
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        perm = rng.permutation(n)
        total = 0.0
        for s in range(0, n, a.batch):
            idx = perm[s:s + a.batch]
            total += net.train_batch(xtr, ytr, idx) * idx.shape[0]
        epoch_seconds.append(time.perf_counter() - t0)
        epoch_loss.append(total / n)

    print(json.dumps({
        "impl": "numpy", "batch": a.batch, "epochs": a.epochs, "threads": a.threads,
        "samples_per_s": fmnist.throughput(epoch_seconds, n),
        "test_accuracy": net.accuracy(xte, yte), "seconds": sum(epoch_seconds),
        "epoch_seconds": epoch_seconds, "epoch_loss": epoch_loss,
        "numpy_version": np.__version__, "blas": blasinfo.openblas_info(),
    }))


if __name__ == "__main__":
    main()
