#!/usr/bin/python3
"""Optuna's multi-objective samplers on ZDT1, ZDT2 and DTLZ2 (the yardstick for Ams's nsga2,
regevo, random and parego). Run with /usr/bin/python3 (Debian's python3-optuna 3.1, numpy).

Problems, exactly as io.ams.models.MultiObjectiveFunctions defines them (all objectives minimised,
every variable in [0, 1]):
  zdt1  n = 30: f1 = x1, g = 1 + 9 (x2 + ... + x30) / 29, f2 = g (1 - sqrt(f1 / g))
  zdt2  n = 30: f1 = x1, g as zdt1,                       f2 = g (1 - (f1 / g)^2)
  dtlz2 n = 12, M = 3: g = sum_{i=3..12} (x_i - 0.5)^2,
        f1 = (1 + g) cos(x1 pi/2) cos(x2 pi/2), f2 = (1 + g) cos(x1 pi/2) sin(x2 pi/2),
        f3 = (1 + g) sin(x1 pi/2)
(the same floating-point operations in the same order as the Java, so the vectors agree to the
last bit up to libm's cos/sin/sqrt.)

Samplers, each with its seed and otherwise Optuna 3.1's defaults:
  nsga2  NSGAIISampler(seed=seed): population 50, SBX-free uniform crossover (3.1's default
         crossover is UniformCrossover), mutation probability 1/params
  tpe    TPESampler(seed=seed): in Optuna 3.x TPESampler handles multi-objective studies
         (MOTPE: hypervolume-contribution weights for the "good" set), 10 random start-up trials,
         independent per parameter
Each (problem, sampler, seed) is one study of --trials-nsga2 (default 5000) or --trials-tpe
(default 500) trials driven by ask/tell with FloatDistribution(0, 1) per variable x1..xn,
directions all "minimize", in-memory storage.

What is recorded: the hypervolume is computed afterwards, by Ams's Java io.ams.pareto.Hypervolume
for both sides (MultiObjectiveComparison reads this file). Storing every objective vector of 5000
trials x 10 seeds is tens of MB, so each run stores instead the non-dominated subset of its first
B trials for every B in --checkpoints (default 500,5000, capped at the run's trials): the
hypervolume of that subset equals the hypervolume of all B trials for any reference point (a
dominated or duplicate point adds nothing to the union), so nothing is lost for the measure.
Vectors are stored as Python floats (repr: exact round trip).

Output (--out, default bench/results/multi-objective-optuna.json):
  {"meta": {...versions, command, date...},
   "runs": [{"problem": "zdt1"|"zdt2"|"dtlz2", "sampler": "nsga2"|"tpe", "seed": int,
             "trials": int,
             "fronts": {"500": [[f1, f2(, f3)], ...], "5000": [...]},  # non-dominated among the first B
             "sampler_seconds_per_trial": mean seconds (wall) in study.ask() + study.tell() per trial
                                         (the objective itself timed apart and excluded),
             "sampler_cpu_seconds_per_trial": the same in process CPU time (time.process_time;
                                         absent in runs made before it was added),
             "sampler_seconds_total": float, "objective_seconds_total": float}, ...]}

usage: optuna_mo.py [--problems zdt1,zdt2,dtlz2] [--samplers nsga2,tpe] [--seeds 0-9 | 0,1,5]
                    [--trials-nsga2 5000] [--trials-tpe 500] [--checkpoints 500,5000] [--out PATH]
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

from optuna_functions import parse_seeds  # the same --seeds syntax (0-9 | 0,1,5) as the single-objective script

ZDT_VARIABLES = 30
DTLZ2_VARIABLES = 12
DTLZ2_OBJECTIVES = 3


def _zdt_g(x):
    s = 0.0
    for i in range(1, len(x)):
        s += x[i]
    return 1 + 9 * s / (len(x) - 1)


def zdt1(x):
    f1 = x[0]
    g = _zdt_g(x)
    return [f1, g * (1 - math.sqrt(f1 / g))]


def zdt2(x):
    f1 = x[0]
    g = _zdt_g(x)
    r = f1 / g
    return [f1, g * (1 - r * r)]


def dtlz2(x):
    m = DTLZ2_OBJECTIVES
    g = 0.0
    for i in range(m - 1, len(x)):
        d = x[i] - 0.5
        g += d * d
    f = []
    for j in range(m):
        v = 1 + g
        for i in range(m - 1 - j):
            v *= math.cos(x[i] * math.pi / 2)
        if j > 0:
            v *= math.sin(x[m - 1 - j] * math.pi / 2)
        f.append(v)
    return f


# name -> (function, variables)
PROBLEMS = {"zdt1": (zdt1, ZDT_VARIABLES), "zdt2": (zdt2, ZDT_VARIABLES), "dtlz2": (dtlz2, DTLZ2_VARIABLES)}


def make_sampler(name, seed):
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    raise ValueError(f"unknown sampler {name!r}; expected nsga2 or tpe")


def nondominated(points):
    """The points no other point weakly dominates (duplicates kept once), all minimised."""
    p = np.unique(np.asarray(points, dtype=float), axis=0)
    if p.shape[1] == 2:
        order = np.lexsort((p[:, 1], p[:, 0]))  # by f1, then f2
        keep, best = [], math.inf
        for i in order:
            if p[i, 1] < best:
                keep.append(i)
                best = p[i, 1]
        return p[keep]
    keep = np.ones(len(p), dtype=bool)
    for i in range(len(p)):
        if not keep[i]:
            continue
        dominated = np.all(p[i] <= p, axis=1) & np.any(p[i] < p, axis=1)
        keep &= ~dominated
    return p[keep]


def run_one(problem, sampler_name, seed, trials, checkpoints):
    f, n = PROBLEMS[problem]
    dists = {f"x{i + 1}": optuna.distributions.FloatDistribution(0.0, 1.0) for i in range(n)}
    names = list(dists)
    m = 3 if problem == "dtlz2" else 2
    study = optuna.create_study(directions=["minimize"] * m, sampler=make_sampler(sampler_name, seed))
    values = []
    t_sampler = t_objective = cpu_sampler = 0.0
    for _ in range(trials):
        c0 = time.process_time()
        t0 = time.perf_counter()
        trial = study.ask(dists)
        x = [trial.params[k] for k in names]
        t1 = time.perf_counter()
        c1 = time.process_time()
        y = f(x)
        c2 = time.process_time()
        t2 = time.perf_counter()
        study.tell(trial, y)
        t3 = time.perf_counter()
        c3 = time.process_time()
        t_sampler += (t1 - t0) + (t3 - t2)
        cpu_sampler += (c1 - c0) + (c3 - c2)
        t_objective += t2 - t1
        values.append(y)
    fronts = {str(b): nondominated(values[:b]).tolist() for b in checkpoints if b <= trials}
    return {"problem": problem, "sampler": sampler_name, "seed": seed, "trials": trials, "fronts": fronts,
            "sampler_seconds_per_trial": t_sampler / trials, "sampler_seconds_total": t_sampler,
            "sampler_cpu_seconds_per_trial": cpu_sampler / trials,
            "objective_seconds_total": t_objective}


def merge(files, out):
    runs, parts = {}, []
    for f in files:
        with open(f) as fh:
            d = json.load(fh)
        parts.append(dict(d["meta"], file=os.path.basename(f),
                          runs=[f"{r['problem']} {r['sampler']} seed {r['seed']}" for r in d["runs"]]))
        for r in d["runs"]:
            runs[(r["problem"], r["sampler"], r["seed"])] = r
    meta = dict(parts[-1])
    meta.pop("file", None)
    meta.pop("runs", None)
    meta["command"] = "; ".join(p["command"] for p in parts)
    meta["parts"] = parts
    with open(out, "w") as fh:
        json.dump({"meta": meta, "runs": list(runs.values())}, fh, separators=(",", ":"))
    print(f"wrote {out} ({len(runs)} runs from {len(files)} files)", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--problems", default="zdt1,zdt2,dtlz2")
    ap.add_argument("--samplers", default="nsga2,tpe")
    ap.add_argument("--seeds", default="0-9", help="e.g. 0-9 or 0,1,2")
    ap.add_argument("--trials-nsga2", type=int, default=5000)
    ap.add_argument("--trials-tpe", type=int, default=500)
    ap.add_argument("--checkpoints", default="500,5000", help="store the non-dominated set of the first B trials for each B")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "results", "multi-objective-optuna.json"))
    ap.add_argument("--append", action="store_true", help="keep the runs already in --out (other seeds or problems)")
    ap.add_argument("--merge", nargs="+", metavar="FILE",
                    help="run nothing: write to --out the runs of these files (a later file's run replaces an earlier "
                         "one of the same problem, sampler and seed), with each file's meta under meta.parts")
    args = ap.parse_args()
    if args.merge:
        merge(args.merge, args.out)
        return
    problems = [s for s in args.problems.split(",") if s]
    for p in problems:
        if p not in PROBLEMS:
            ap.error(f"unknown problem {p!r}; expected one of {list(PROBLEMS)}")
    samplers = [s for s in args.samplers.split(",") if s]
    seeds = parse_seeds(args.seeds)
    checkpoints = sorted({int(b) for b in args.checkpoints.split(",") if b})

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    warnings.filterwarnings("ignore", module="optuna")

    runs = []
    earlier_commands = []
    if args.append and os.path.exists(args.out):
        with open(args.out) as fh:
            earlier = json.load(fh)
        runs = earlier["runs"]
        earlier_commands = [earlier["meta"]["command"]]
    t_start = time.time()
    # seeds outermost, so that a stretch of load on the shared machine spreads over all cells
    for seed in seeds:
        for p in problems:
            for sm in samplers:
                trials = args.trials_nsga2 if sm == "nsga2" else args.trials_tpe
                t = time.time()
                r = run_one(p, sm, seed, trials, checkpoints)
                runs = [x for x in runs if (x["problem"], x["sampler"], x["seed"]) != (p, sm, seed)] + [r]
                print(f"# {p} {sm} seed {seed}: {trials} trials in {time.time() - t:.1f} s "
                      f"({1e3 * r['sampler_seconds_per_trial']:.2f} ms/trial in the sampler)", file=sys.stderr, flush=True)
                # written after every run, so an interrupted run keeps what it finished
                meta = {"command": "; ".join(earlier_commands + [" ".join([sys.executable] + sys.argv)]),
                        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                        "python": sys.version.split()[0], "optuna": optuna.__version__, "numpy": np.__version__,
                        "checkpoints": checkpoints, "trials": {"nsga2": args.trials_nsga2, "tpe": args.trials_tpe},
                        "samplers": {"nsga2": "NSGAIISampler(seed=seed), defaults (population_size 50)",
                                     "tpe": "TPESampler(seed=seed), defaults (multi-objective: MOTPE)"}}
                os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
                tmp = args.out + ".tmp"
                with open(tmp, "w") as fh:
                    json.dump({"meta": meta, "runs": runs}, fh, separators=(",", ":"))
                os.replace(tmp, args.out)
    print(f"wrote {args.out} ({len(runs)} runs, {time.time() - t_start:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
