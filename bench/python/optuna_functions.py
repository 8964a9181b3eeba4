#!/usr/bin/python3
"""Optuna's TPE and CMA-ES samplers on the test functions Ams ships (the yardstick for Ams's
Bayesian optimiser). Run with /usr/bin/python3 (optuna 3.1, cmaes, numpy).

Functions, exactly as io.ams.eval.TestFunctions defines them and over the ranges of Ams's genomes:
  branin      x1 in [-5, 10], x2 in [0, 15]; min 0.397887357729738
  hartmann6   [0, 1]^6;                      min -3.32236801141551
  rosenbrock10 x_i in [-2.048, 2.048] (genomes/rosenbrock10.yaml), 10 dims; min 0 at (1, ..., 1)
(Ams's TestFunctions.HARTMANN6_MIN is -3.322368011391339, 2.4e-11 above the true minimum
-3.322368011415515 that scipy's BFGS finds; the regret here uses the true value.)

Each (function, sampler, seed) is one Optuna study of max(--budgets) trials driven through
ask/tell with fixed float distributions; samplers get the seed and otherwise their defaults
(TPESampler: 10 random start-up trials, independent per parameter; CmaEsSampler: no restarts,
x0 the centre of the box). Neither sampler knows the budget, so the regret after 100 trials of
a 300-trial run is the regret of a 100-trial run.

Output (--out, default bench/results/optuna-functions.json): a JSON object
  {"meta": {...versions, command, date...},
   "runs": [{"sampler": "tpe"|"cmaes", "function": "branin"|"hartmann6"|"rosenbrock10",
             "seed": int, "budget": int (trials run),
             "regret_curve": [best-so-far value - known minimum after trial 1, 2, ..., budget],
             "sampler_seconds_per_trial": mean seconds in study.ask() + study.tell() per trial
                                         (the objective itself is timed separately and excluded),
             "sampler_seconds_total": float, "objective_seconds_total": float,
             "best_value": float, "best_params": [...]}, ...]}
and a summary table: median [IQR] of the regret at each budget, the median number of evaluations
to reach regret <= 0.1 (a run that never does counts as budget + 1) with how many seeds got
there, and the median ms per trial spent in the sampler.

usage: optuna_functions.py [--functions branin,hartmann6,rosenbrock10] [--samplers tpe,cmaes]
                           [--seeds 0-19 | 0,1,5] [--budgets 100,300] [--out PATH]
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

BRANIN_MIN = 0.397887357729738
HARTMANN6_MIN = -3.32236801141551
H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
H6_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                 [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
H6_P = np.array([[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
                 [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                 [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
                 [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]])


def branin(x):
    x1, x2 = x
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = x2 - b * x1 * x1 + c * x1 - 6
    return t * t + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


def hartmann6(x):
    x = np.asarray(x)
    return float(-np.sum(H6_ALPHA * np.exp(-np.sum(H6_A * (x - H6_P) ** 2, axis=1))))


def rosenbrock(x):
    return float(sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1)))


# name -> (objective, bounds per dimension, known minimum)
FUNCTIONS = {
    "branin": (branin, [(-5.0, 10.0), (0.0, 15.0)], BRANIN_MIN),
    "hartmann6": (hartmann6, [(0.0, 1.0)] * 6, HARTMANN6_MIN),
    "rosenbrock10": (rosenbrock, [(-2.048, 2.048)] * 10, 0.0),
}


def make_sampler(name, seed):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False)
    raise ValueError(f"unknown sampler {name!r}; expected tpe or cmaes")


def run_one(function, sampler_name, seed, budget):
    f, bounds, fmin = FUNCTIONS[function]
    dists = {f"x{i + 1}": optuna.distributions.FloatDistribution(lo, hi) for i, (lo, hi) in enumerate(bounds)}
    names = list(dists)
    study = optuna.create_study(direction="minimize", sampler=make_sampler(sampler_name, seed))
    best = math.inf
    curve = []
    t_sampler = t_objective = 0.0
    for _ in range(budget):
        t0 = time.perf_counter()
        trial = study.ask(dists)
        x = [trial.params[k] for k in names]
        t1 = time.perf_counter()
        y = f(x)
        t2 = time.perf_counter()
        study.tell(trial, y)
        t3 = time.perf_counter()
        t_sampler += (t1 - t0) + (t3 - t2)
        t_objective += t2 - t1
        best = min(best, y)
        curve.append(best - fmin)
    return {"sampler": sampler_name, "function": function, "seed": seed, "budget": budget,
            "regret_curve": curve, "sampler_seconds_per_trial": t_sampler / budget,
            "sampler_seconds_total": t_sampler, "objective_seconds_total": t_objective,
            "best_value": study.best_value, "best_params": [study.best_params[k] for k in names]}


def parse_seeds(s):
    out = []
    for part in s.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def quartiles(v):
    q1, med, q3 = np.percentile(v, [25, 50, 75])
    return med, q1, q3


def summary(runs, budgets, threshold=0.1):
    lines = []
    head = ["function", "sampler", "seeds"]
    for b in budgets:
        head.append(f"regret@{b} median [IQR]")
    head += [f"evals to <= {threshold} (median; reached)", "sampler ms/trial (median)"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    keys = []
    for r in runs:
        if (r["function"], r["sampler"]) not in keys:
            keys.append((r["function"], r["sampler"]))
    for fn, sm in keys:
        rs = [r for r in runs if r["function"] == fn and r["sampler"] == sm]
        row = [fn, sm, str(len(rs))]
        for b in budgets:
            v = [r["regret_curve"][min(b, len(r["regret_curve"])) - 1] for r in rs]
            med, q1, q3 = quartiles(v)
            row.append(f"{med:.3g} [{q1:.3g}, {q3:.3g}]")
        hits = []
        for r in rs:
            c = r["regret_curve"]
            k = next((i + 1 for i, g in enumerate(c) if g <= threshold), len(c) + 1)
            hits.append(k)
        reached = sum(1 for r, k in zip(rs, hits) if k <= len(r["regret_curve"]))
        row.append(f"{np.median(hits):g} ({reached}/{len(rs)})")
        row.append(f"{1e3 * np.median([r['sampler_seconds_per_trial'] for r in rs]):.2f}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--functions", default="branin,hartmann6,rosenbrock10")
    ap.add_argument("--samplers", default="tpe,cmaes")
    ap.add_argument("--seeds", default="0-19", help="e.g. 0-19 or 0,1,2")
    ap.add_argument("--budgets", default="100,300", help="regret is reported at each; runs go to the largest")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "results", "optuna-functions.json"))
    args = ap.parse_args()
    functions = [s for s in args.functions.split(",") if s]
    for fn in functions:
        if fn not in FUNCTIONS:
            ap.error(f"unknown function {fn!r}; expected one of {list(FUNCTIONS)}")
    samplers = [s for s in args.samplers.split(",") if s]
    seeds = parse_seeds(args.seeds)
    budgets = sorted({int(b) for b in args.budgets.split(",") if b})
    budget = budgets[-1]

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    warnings.filterwarnings("ignore", module="optuna")
    warnings.filterwarnings("ignore", module="cmaes")

    runs = []
    t_start = time.time()
    for fn in functions:
        for sm in samplers:
            for seed in seeds:
                runs.append(run_one(fn, sm, seed, budget))
            print(f"# {fn} {sm}: {len(seeds)} seeds x {budget} trials done ({time.time() - t_start:.0f} s)",
                  file=sys.stderr, flush=True)
    meta = {"command": " ".join([os.path.basename(sys.executable)] + sys.argv),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "python": sys.version.split()[0], "optuna": optuna.__version__, "numpy": np.__version__,
            "minima": {k: v[2] for k, v in FUNCTIONS.items()},
            "bounds": {k: v[1] for k, v in FUNCTIONS.items()},
            "budgets_reported": budgets, "regret_threshold": 0.1}
    try:
        import cmaes
        meta["cmaes"] = cmaes.__version__
    except ImportError:
        pass
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump({"meta": meta, "runs": runs}, fh)
    print(summary(runs, budgets))
    print(f"\nwrote {args.out} ({len(runs)} runs, {time.time() - t_start:.0f} s)")


if __name__ == "__main__":
    main()
