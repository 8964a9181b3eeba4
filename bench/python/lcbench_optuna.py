#!/usr/bin/python3
"""Optuna on YAHPO Gym's LCBench surrogate, through Ams's own surrogate server (io.ams.lcbench.Serve),
so that Optuna and Ams (bench io.ams.bench.LcBenchComparison) see identical numbers. Run with
/usr/bin/python3 (Debian's python3-optuna 3.1, cmaes, numpy).

Methods, all maximising val_accuracy (percent) on LCBench's 7 hyperparameters, over config_space.json's
ranges, log where it searches on a log scale (batch_size, learning_rate, max_units; batch_size,
num_layers and max_units integers):
  tpe            TPESampler(seed), every trial trains all 52 epochs
  tpe_hyperband  TPESampler(seed) + HyperbandPruner(min_resource=1, max_resource=52, reduction_factor=3):
                 each epoch's val_accuracy is reported, the trial stops when the pruner says so
  cmaes          CmaEsSampler(seed), all 52 epochs
driven through ask/tell, every other setting Optuna's default.

Budget: epochs evaluated (default 2600 = 50 x 52); a run stops the moment it is spent, mid-trial if
need be. Every evaluated epoch is one request to the server, and its val_accuracy is an observation:
the anytime curve is the best val_accuracy observed after each epoch spent (the same rule as the Ams
side, where a trial's epochs are those after its parent's).

Output (--out): {"meta": {...}, "runs": [{"method", "task", "seed", "epochs", "trials", "pruned",
  "curve": [[epochs spent, best so far], ...] (at each improvement: a step function),
  "final_best", "wall_seconds", "objective_seconds" (waiting for the server),
  "optimiser_seconds" (wall minus objective), "optimiser_ms_per_trial"}, ...]}

usage: lcbench_optuna.py --classpath CP [--tasks 3945,7593] [--seeds 1-10] [--methods tpe,tpe_hyperband,cmaes]
                         [--budget 2600] [--out bench/results/lcbench-optuna.json]
"""
import argparse
import datetime
import json
import logging
import os
import platform
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from optuna_functions import parse_seeds  # noqa: E402  the same "1-10,12" seed lists as the function bench

import optuna

# name, low, high, integer, log: LcBench.HYPERPARAMETERS
SPACE = [
    ("batch_size", 16, 512, True, True),
    ("learning_rate", 1e-4, 0.1, False, True),
    ("momentum", 0.1, 0.99, False, False),
    ("weight_decay", 1e-5, 0.1, False, False),
    ("num_layers", 1, 5, True, False),
    ("max_units", 64, 1024, True, True),
    ("max_dropout", 0.0, 1.0, False, False),
]
MAX_EPOCH = 52


class Server:
    """io.ams.lcbench.Serve as a child process; counts the seconds spent waiting on it."""

    def __init__(self, classpath, java="java"):
        self.proc = subprocess.Popen([java, "-Xmx512m", "-cp", classpath, "io.ams.lcbench.Serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.seconds = 0.0
        self.requests = 0

    def predict(self, task, config, epoch):
        line = json.dumps({"task": task, "config": config, "epoch": epoch})
        t = time.perf_counter()
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        self.seconds += time.perf_counter() - t
        self.requests += 1
        out = json.loads(answer)
        if "error" in out:
            raise RuntimeError("server: " + out["error"] + " (request " + line + ")")
        return out

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def suggest(trial):
    config = {}
    for name, low, high, integer, log in SPACE:
        if integer:
            config[name] = trial.suggest_int(name, low, high, log=log)
        else:
            config[name] = trial.suggest_float(name, low, high, log=log)
    return config


class Budget(Exception):
    pass


class Run:
    def __init__(self, server, task, budget):
        self.server, self.task, self.budget = server, task, budget
        self.epochs = 0
        self.best = float("-inf")
        self.curve = []

    def epoch(self, config, e):
        """val_accuracy of config after e epochs, one epoch of budget; Budget when none is left."""
        if self.epochs >= self.budget:
            raise Budget()
        v = self.server.predict(self.task, config, e)["val_accuracy"]
        self.epochs += 1
        if v > self.best:
            self.best = v
            self.curve.append([self.epochs, v])
        return v


def run(server, method, task, seed, budget):
    if method == "tpe":
        study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed))
    elif method == "tpe_hyperband":
        study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed),
                                    pruner=optuna.pruners.HyperbandPruner(min_resource=1, max_resource=MAX_EPOCH,
                                                                          reduction_factor=3))
    elif method == "cmaes":
        study = optuna.create_study(direction="maximize", sampler=optuna.samplers.CmaEsSampler(seed=seed))
    else:
        raise ValueError("unknown method " + method)
    r = Run(server, task, budget)
    server_before = server.seconds
    trials = pruned = 0
    t0 = time.perf_counter()
    try:
        while r.epochs < budget:
            trial = study.ask()
            config = suggest(trial)
            trials += 1
            v = None
            stopped = False
            for e in range(1, MAX_EPOCH + 1):
                v = r.epoch(config, e)
                if method == "tpe_hyperband":
                    trial.report(v, e)
                    if trial.should_prune():
                        study.tell(trial, state=optuna.trial.TrialState.PRUNED)
                        pruned += 1
                        stopped = True
                        break
            if not stopped:
                study.tell(trial, v)
    except Budget:
        pass
    wall = time.perf_counter() - t0
    objective = server.seconds - server_before
    return {"method": method, "task": task, "seed": seed, "epochs": r.epochs, "trials": trials, "pruned": pruned,
            "curve": r.curve, "final_best": r.best, "wall_seconds": wall, "objective_seconds": objective,
            "optimiser_seconds": wall - objective, "optimiser_ms_per_trial": 1e3 * (wall - objective) / max(1, trials)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--classpath", required=True, help="ams-lcbench.jar and the engine, for io.ams.lcbench.Serve")
    p.add_argument("--tasks", default="3945")
    p.add_argument("--seeds", default="1-10")
    p.add_argument("--methods", default="tpe,tpe_hyperband,cmaes")
    p.add_argument("--budget", type=int, default=50 * MAX_EPOCH)
    p.add_argument("--out", default="bench/results/lcbench-optuna.json")
    a = p.parse_args()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore")
    server = Server(a.classpath)
    runs = []
    started = time.time()
    try:
        for task in a.tasks.split(","):
            for seed in parse_seeds(a.seeds):
                for method in a.methods.split(","):
                    r = run(server, method, task, seed, a.budget)
                    runs.append(r)
                    print("[lcbench_optuna] task %s %s seed %d: best %.3f, %d trials (%d pruned), optimiser %.2f s, server %.2f s"
                          % (task, method, seed, r["final_best"], r["trials"], r["pruned"], r["optimiser_seconds"],
                             r["objective_seconds"]), file=sys.stderr, flush=True)
    finally:
        server.close()
    import cmaes
    import numpy
    meta = {"optuna": optuna.__version__, "cmaes": getattr(cmaes, "__version__", "?"), "numpy": numpy.__version__,
            "python": platform.python_version(), "budget_epochs": a.budget, "tasks": a.tasks.split(","),
            "seeds": parse_seeds(a.seeds), "methods": a.methods.split(","), "command": " ".join(sys.argv),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "total_seconds": time.time() - started, "server_requests": server.requests,
            "server_ms_per_request": 1e3 * server.seconds / max(1, server.requests)}
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w") as f:
        json.dump({"meta": meta, "runs": runs}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
