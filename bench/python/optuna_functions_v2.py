#!/usr/bin/python3
"""Optuna's TPE, multivariate TPE and CMA-ES on the seven functions of strategies-v2
(bench/results/strategies-v2.md). Run with /usr/bin/python3 (Debian's python3-optuna 3.1, cmaes, numpy).

The functions are ports of io.ams.models.TestFunctions (branin, hartmann6, rosenbrock come from
optuna_functions.py):
  branin        [-5, 10] x [0, 15]          min 0.397887357729738 (as in optuna_functions.py)
  hartmann6     [0, 1]^6                    min -3.32236801141551 (the true value; Ams's constant is 2.4e-11 higher)
  rosenbrock10  [-2.048, 2.048]^10          min 0
  ellipsoid10   [-5, 5]^10  sum_i 10^(6(i-1)/(d-1)) z_i^2, z = R (x - o)       min 0 at o
  rastrigin10   [-5, 5]^10  10 d + sum_i (z_i^2 - 10 cos(2 pi z_i)), z = R (x - o)  min 0 at o
  styblinski20  [-5, 5]^20  1/2 sum_i (x_i^4 - 16 x_i^2 + 5 x_i)              min -39.16616570377142 d
  griewank20    [-600, 600]^20  1 + sum x_i^2 / 4000 - prod cos(x_i / sqrt(i))  min 0 at 0
Instance K of the rotated functions (the benchmark's seed K uses instance K): SplitMix64 seeded
with 1,000,003 K + d; o_i = -(1 + 3 u) if u' < 0.5 else +(1 + 3 u) (u', u: two draws per
coordinate, sign first); then G_ij = sqrt(-2 ln(1 - u1)) cos(2 pi u2) row by row; R = G's rows
by modified Gram-Schmidt. `--check FILE` compares this port with the values the Java side
wrote (StrategiesV2 mode=reference) and stops on a mismatch.

Each (function, sampler, seed) is one study driven through ask/tell with FloatDistributions, to
the sampler's budget (--budgets, e.g. tpe:300,tpe-mv:300,cmaes:1000; default 1000 each);
samplers get the seed and otherwise their defaults (TPESampler: 10 random start-up trials;
tpe-mv: TPESampler(multivariate=True); CmaEsSampler: x0 the box centre, no restarts;
cmaes-random: CmaEsSampler started as Ams's cmaes is, x0 a uniform random point of the box
(numpy's default_rng(seed)) and sigma0 = 0.25 x the smallest range, no restarts).

Output JSON as optuna_functions.py's: {"meta": {...}, "runs": [{"sampler", "function", "seed",
"budget", "regret_curve", "sampler_seconds_per_trial", ...}]}.
"""
import argparse
import datetime
import json
import math
import os
import sys
import time
import warnings

import numpy as np
import optuna

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from optuna_functions import branin, hartmann6, rosenbrock, parse_seeds, BRANIN_MIN, HARTMANN6_MIN  # noqa: E402

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next_long(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53


_INSTANCES = {}


def instance(d, k):
    key = (d, k)
    if key not in _INSTANCES:
        g = SplitMix64(1_000_003 * k + d)
        o = np.empty(d)
        for i in range(d):
            sign = -1.0 if g.next_double() < 0.5 else 1.0
            o[i] = sign * (1 + 3 * g.next_double())
        r = np.empty((d, d))
        for i in range(d):
            for j in range(d):
                u1 = g.next_double()
                u2 = g.next_double()
                r[i, j] = math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2)
        for i in range(d):
            for k2 in range(i):
                r[i] -= np.dot(r[i], r[k2]) * r[k2]
            r[i] /= math.sqrt(np.dot(r[i], r[i]))
        _INSTANCES[key] = (o, r)
    return _INSTANCES[key]


def ellipsoid_rotated(x, k):
    x = np.asarray(x, dtype=float)
    d = len(x)
    o, r = instance(d, k)
    z = r @ (x - o)
    return float(np.sum(10.0 ** (6.0 * np.arange(d) / (d - 1)) * z * z))


def rastrigin_rotated(x, k):
    x = np.asarray(x, dtype=float)
    d = len(x)
    o, r = instance(d, k)
    z = r @ (x - o)
    return float(10.0 * d + np.sum(z * z - 10 * np.cos(2 * math.pi * z)))


ST_MIN = -39.16616570377142


def styblinski_tang(x):
    x = np.asarray(x, dtype=float)
    return float(np.sum(x ** 4 - 16 * x ** 2 + 5 * x) / 2)


def griewank(x):
    x = np.asarray(x, dtype=float)
    return float(1 + np.sum(x * x) / 4000 - np.prod(np.cos(x / np.sqrt(np.arange(1, len(x) + 1)))))


# name -> (f(x, instance), bounds, minimum)
FUNCTIONS = {
    "branin": (lambda x, k: branin(x), [(-5.0, 10.0), (0.0, 15.0)], BRANIN_MIN),
    "hartmann6": (lambda x, k: hartmann6(x), [(0.0, 1.0)] * 6, HARTMANN6_MIN),
    "rosenbrock10": (lambda x, k: rosenbrock(x), [(-2.048, 2.048)] * 10, 0.0),
    "ellipsoid10": (ellipsoid_rotated, [(-5.0, 5.0)] * 10, 0.0),
    "rastrigin10": (rastrigin_rotated, [(-5.0, 5.0)] * 10, 0.0),
    "styblinski20": (lambda x, k: styblinski_tang(x), [(-5.0, 5.0)] * 20, ST_MIN * 20),
    "griewank20": (lambda x, k: griewank(x), [(-600.0, 600.0)] * 20, 0.0),
}


def check(path):
    """Python's values against Java's at the reference points; returns the largest relative error."""
    with open(path) as fh:
        ref = json.load(fh)
    worst = 0.0
    n = 0
    for fn in ref["functions"]:
        f, bounds, fmin = FUNCTIONS[fn["name"]]
        assert [list(b) for b in bounds] == [list(b) for b in zip(fn["lows"], fn["highs"])], fn["name"] + " bounds"
        if fn["name"] not in ("hartmann6",):
            assert abs(fmin - fn["minimum"]) <= 1e-12 * max(1, abs(fmin)), (fn["name"], fmin, fn["minimum"])
        for inst in fn["instances"]:
            k = inst["instance"]
            if "shift" in inst:
                o, r = instance(len(fn["lows"]), k)
                assert np.max(np.abs(o - np.array(inst["shift"]))) < 1e-15, (fn["name"], k, "shift")
                assert np.max(np.abs(r - np.array(inst["rotation"]))) < 1e-12, (fn["name"], k, "rotation")
            for x, y in zip(inst["points"], inst["values"]):
                v = f(x, k)
                err = abs(v - y) / max(1.0, abs(y))
                worst = max(worst, err)
                n += 1
                if err > 1e-9:
                    raise SystemExit(f"MISMATCH {fn['name']} instance {k} at {x}: python {v!r}, java {y!r}")
    print(f"check: {n} points, Python and Java agree (largest relative difference {worst:.2e})", file=sys.stderr)
    return worst, n


def make_sampler(name, seed, bounds):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe-mv":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if name == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False)
    if name == "cmaes-random":
        rng = np.random.default_rng(seed)
        x0 = {f"x{i + 1}": float(rng.uniform(lo, hi)) for i, (lo, hi) in enumerate(bounds)}
        sigma0 = 0.25 * min(hi - lo for lo, hi in bounds)
        return optuna.samplers.CmaEsSampler(x0=x0, sigma0=sigma0, seed=seed, warn_independent_sampling=False)
    raise ValueError(f"unknown sampler {name!r}; expected tpe, tpe-mv, cmaes or cmaes-random")


def run_one(function, sampler_name, seed, budget):
    f, bounds, fmin = FUNCTIONS[function]
    dists = {f"x{i + 1}": optuna.distributions.FloatDistribution(lo, hi) for i, (lo, hi) in enumerate(bounds)}
    names = list(dists)
    study = optuna.create_study(direction="minimize", sampler=make_sampler(sampler_name, seed, bounds))
    best = math.inf
    curve = []
    t_sampler = t_objective = 0.0
    for _ in range(budget):
        t0 = time.perf_counter()
        trial = study.ask(dists)
        x = [trial.params[k] for k in names]
        t1 = time.perf_counter()
        y = f(x, seed)
        t2 = time.perf_counter()
        study.tell(trial, y)
        t3 = time.perf_counter()
        t_sampler += (t1 - t0) + (t3 - t2)
        t_objective += t2 - t1
        best = min(best, y)
        curve.append(best - fmin)
    return {"sampler": sampler_name, "function": function, "seed": seed, "budget": budget,
            "instance": seed if function in ("ellipsoid10", "rastrigin10") else 0,
            "regret_curve": curve, "sampler_seconds_per_trial": t_sampler / budget,
            "sampler_seconds_total": t_sampler, "objective_seconds_total": t_objective,
            "best_value": study.best_value}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--functions", default=",".join(FUNCTIONS))
    ap.add_argument("--samplers", default="tpe,tpe-mv,cmaes")
    ap.add_argument("--seeds", default="0-19", help="e.g. 0-19 or 0,1,2")
    ap.add_argument("--budgets", default="1000", help="N for all, or sampler:N,... (e.g. tpe:300,tpe-mv:300,cmaes:1000)")
    ap.add_argument("--check", help="reference JSON from StrategiesV2 mode=reference; checked before anything runs")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "results", "strategies-v2-optuna.json"))
    args = ap.parse_args()
    checked = check(args.check) if args.check else None
    functions = [s for s in args.functions.split(",") if s]
    samplers = [s for s in args.samplers.split(",") if s]
    per = {}
    for part in args.budgets.split(","):
        if ":" in part:
            s, n = part.split(":")
            per[s] = int(n)
        elif part:
            per = {s: int(part) for s in samplers} | per
    seeds = parse_seeds(args.seeds)

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore")
    runs = []
    t_start = time.time()
    for fn in functions:
        for sm in samplers:
            budget = per.get(sm, 1000)
            for seed in seeds:
                runs.append(run_one(fn, sm, seed, budget))
            print(f"# {fn} {sm}: {len(seeds)} seeds x {budget} trials done ({time.time() - t_start:.0f} s)",
                  file=sys.stderr, flush=True)
            write(args, samplers, per, checked, runs, t_start)  # after each block, so a cut run keeps what it did
    write(args, samplers, per, checked, runs, t_start)
    print(f"wrote {args.out} ({len(runs)} runs, {time.time() - t_start:.0f} s)", file=sys.stderr)


def write(args, samplers, per, checked, runs, t_start):
    import cmaes
    meta = {"command": " ".join(["/usr/bin/python3"] + sys.argv),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "python": sys.version.split()[0], "optuna": optuna.__version__, "numpy": np.__version__,
            "cmaes": cmaes.__version__, "budget_per_sampler": {s: per.get(s, 1000) for s in samplers},
            "total_seconds": time.time() - t_start,
            "check": None if checked is None else {"points": checked[1], "max_relative_difference": checked[0]}}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump({"meta": meta, "runs": runs}, fh)


if __name__ == "__main__":
    main()
