#!/usr/bin/python3
"""The Gaussian-process algebra of Ams's Bayesian optimiser, written as a careful NumPy/SciPy user
would, timed: the reference for Ams's native GP kernels. Run with /usr/bin/python3.

Model: Matern 5/2 ARD kernel k(x, x') = s2 (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r),
r = ||(x - x') / l||, plus noise * I; float64; d + 2 log-hyperparameters
theta = (log l_1..l_d, log s2, log noise). Data: X ~ U[0, 1]^d (seeded), y = a smooth function
of X, standardised.

(a) nll_grad: one negative log marginal likelihood and its analytic gradient:
    kernel   Xs = X / l; R = cdist(Xs, Xs); K = s2 (1 + sqrt5 R + 5/3 R^2) exp(-sqrt5 R) + noise I
    chol     L = cho_factor(K, lower=True)
    solve    alpha = cho_solve(L, y)
    inverse  K^-1 = dpotri(L) (lower triangle, then mirrored) [--inverse cho_solve: cho_solve(L, I)]
    nll      0.5 y'alpha + sum(log diag L) + n/2 log(2 pi)
    grad     W = alpha alpha' - K^-1; dNLL/dtheta_j = -0.5 sum(W * dK/dtheta_j), with
             dK/dlog l_k = s2 5/3 (1 + sqrt5 R) exp(-sqrt5 R) * (Xs_ik - Xs_jk)^2   (one n x n
             elementwise product per dimension), dK/dlog s2 = K - noise I, dK/dlog noise = noise I.
(b) predict: mean and variance at m candidates: Ks = k(X, Xc) (cdist), mean = Ks' alpha,
    V = solve_triangular(L, Ks, lower=True), var = s2 - sum(V^2, axis=0).

Each is timed as the median of --reps repetitions (--reps-large at n >= 5000) after one warm-up;
the phase medians of (a) are reported too. Threads: OPENBLAS_NUM_THREADS / OMP_NUM_THREADS /
MKL_NUM_THREADS are set from --threads before numpy is imported.

Output (--out, default bench/results/gp-numpy.json): a JSON list
  [{"n", "d", "threads", "m", "nll_grad_seconds", "predict_seconds", "reps",
    "phases": {"kernel", "chol", "solve", "inverse", "grad"} (seconds, medians), "nll", ...}, ...]
The command, versions and the BLAS in use go into a sibling file <out minus .json>.meta.json.

usage: gp_numpy.py [--sizes 100,500,1000,2000,5000] [--d 6] [--m 1000] [--threads 1]
                   [--reps 7] [--reps-large 3] [--inverse potri|cho_solve] [--check] [--out PATH]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blasinfo  # noqa: E402  (no numpy import before limit_threads)

SQRT5 = 5.0 ** 0.5


def parse():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,500,1000,2000,5000")
    ap.add_argument("--d", type=int, default=6)
    ap.add_argument("--m", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--reps-large", type=int, default=3)
    ap.add_argument("--inverse", choices=("potri", "cho_solve"), default="potri")
    ap.add_argument("--check", action="store_true", help="finite-difference check of the gradient first")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "results", "gp-numpy.json"))
    return ap.parse_args()


def main():
    args = parse()
    blasinfo.limit_threads(args.threads)
    import numpy as np
    import scipy
    from scipy.linalg import cho_factor, cho_solve, solve_triangular
    from scipy.linalg.lapack import dpotri
    from scipy.spatial.distance import cdist

    def matern(R, s2):
        e = np.exp(-SQRT5 * R)
        return s2 * (1 + SQRT5 * R + (5.0 / 3.0) * R * R) * e, e

    def nll_grad(theta, X, y, inverse, times=None):
        n, d = X.shape
        ls = np.exp(theta[:d])
        s2 = np.exp(theta[d])
        noise = np.exp(theta[d + 1])
        t0 = time.perf_counter()
        Xs = X / ls
        R = cdist(Xs, Xs)
        Kf, E = matern(R, s2)
        K = Kf.copy()
        K[np.diag_indices(n)] += noise
        t1 = time.perf_counter()
        c = cho_factor(K, lower=True, overwrite_a=True, check_finite=False)
        t2 = time.perf_counter()
        alpha = cho_solve(c, y, check_finite=False)
        t3 = time.perf_counter()
        if inverse == "potri":
            Kinv, info = dpotri(c[0], lower=1)
            if info != 0:
                raise RuntimeError(f"dpotri info {info}")
            Kinv = np.tril(Kinv)  # dpotri leaves the upper triangle as it was: mirror the lower one
            Kinv += np.tril(Kinv, -1).T
        else:
            Kinv = cho_solve(c, np.eye(n), check_finite=False)
        t4 = time.perf_counter()
        L = c[0]
        nll = 0.5 * y @ alpha + np.sum(np.log(np.diag(L))) + 0.5 * n * np.log(2 * np.pi)
        W = np.outer(alpha, alpha)
        W -= Kinv
        # dK/dlog l_k = G * D_k with G = s2 5/3 (1 + sqrt5 R) exp(-sqrt5 R), D_k = (Xs_ik - Xs_jk)^2
        G = s2 * (5.0 / 3.0) * (1 + SQRT5 * R) * E
        M = W * G
        grad = np.empty(d + 2)
        for k in range(d):
            diff = Xs[:, k, None] - Xs[None, :, k]
            grad[k] = -0.5 * np.sum(M * (diff * diff))
        grad[d] = -0.5 * np.sum(W * Kf)
        grad[d + 1] = -0.5 * noise * np.trace(W)
        t5 = time.perf_counter()
        if times is not None:
            times.append({"kernel": t1 - t0, "chol": t2 - t1, "solve": t3 - t2, "inverse": t4 - t3,
                          "grad": t5 - t4})
        return nll, grad, c, alpha

    def predict(theta, X, c, alpha, Xc):
        d = X.shape[1]
        ls = np.exp(theta[:d])
        s2 = np.exp(theta[d])
        Ks, _ = matern(cdist(X / ls, Xc / ls), s2)
        mean = Ks.T @ alpha
        V = solve_triangular(c[0], Ks, lower=True, check_finite=False)
        var = s2 - np.sum(V * V, axis=0)
        return mean, var

    def data(n, d, rng):
        X = rng.random((n, d))
        y = np.sin(3 * X).sum(axis=1) + np.cos(5 * X[:, 0] * X[:, -1])
        y = (y - y.mean()) / y.std()
        return X, y

    d = args.d
    theta = np.concatenate([np.log(np.full(d, 0.4)), [np.log(1.0)], [np.log(1e-3)]])
    rng = np.random.default_rng(args.seed)

    if args.check:
        X, y = data(60, d, rng)
        _, g, _, _ = nll_grad(theta, X, y, args.inverse)
        fd = np.empty_like(g)
        for j in range(d + 2):
            e = np.zeros_like(theta)
            e[j] = 1e-6
            fd[j] = (nll_grad(theta + e, X, y, args.inverse)[0] - nll_grad(theta - e, X, y, args.inverse)[0]) / 2e-6
        rel = np.max(np.abs(g - fd) / np.maximum(1, np.abs(fd)))
        print(f"gradient check (n=60): max relative difference to central differences {rel:.2e}")
        if rel > 1e-5:
            raise SystemExit("gradient check failed")

    info = blasinfo.openblas_info()
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, threads {args.threads}; "
          f"OpenBLAS {info.get('corename')} {info.get('path')} ({info.get('num_threads')} threads)")
    cfg = getattr(np.__config__, "blas_opt_info", None)  # numpy < 1.26 keeps show_config's dicts here
    if cfg is not None:
        print(f"numpy.show_config blas_opt_info: libraries {cfg.get('libraries')}, "
              f"library_dirs {cfg.get('library_dirs')}, define_macros {cfg.get('define_macros')}")
    else:
        np.show_config()

    results = []
    print(f"\n| n | d | threads | nll+grad s | predict s (m={args.m}) | kernel | chol | solve | inverse | grad | reps |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n in [int(s) for s in args.sizes.split(",") if s]:
        X, y = data(n, d, rng)
        Xc = rng.random((args.m, d))
        reps = args.reps_large if n >= 5000 else args.reps
        nll_grad(theta, X, y, args.inverse)  # warm-up
        totals, phases = [], []
        for _ in range(reps):
            t0 = time.perf_counter()
            nll, g, c, alpha = nll_grad(theta, X, y, args.inverse, phases)
            totals.append(time.perf_counter() - t0)
        predict(theta, X, c, alpha, Xc)  # warm-up
        ptimes = []
        for _ in range(reps):
            t0 = time.perf_counter()
            mean, var = predict(theta, X, c, alpha, Xc)
            ptimes.append(time.perf_counter() - t0)
        ph = {k: float(np.median([p[k] for p in phases])) for k in phases[0]}
        r = {"n": n, "d": d, "threads": args.threads, "m": args.m,
             "nll_grad_seconds": float(np.median(totals)), "predict_seconds": float(np.median(ptimes)),
             "reps": reps, "phases": ph, "inverse": args.inverse, "nll": float(nll),
             "min_variance": float(var.min())}
        results.append(r)
        print(f"| {n} | {d} | {args.threads} | {r['nll_grad_seconds']:.4g} | {r['predict_seconds']:.4g} | "
              + " | ".join(f"{ph[k]:.3g}" for k in ("kernel", "chol", "solve", "inverse", "grad"))
              + f" | {reps} |", flush=True)

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump(results, fh, indent=1)
    meta_path = os.path.splitext(args.out)[0] + ".meta.json"
    with open(meta_path, "w") as fh:
        json.dump({"command": " ".join([os.path.basename(sys.executable)] + sys.argv), "blas": info,
                   "numpy": np.__version__, "scipy": scipy.__version__, "theta": theta.tolist()}, fh, indent=1)
    print(f"\nwrote {args.out} and {meta_path}")


if __name__ == "__main__":
    main()
