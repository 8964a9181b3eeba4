#!/usr/bin/python3
"""Joins the two halves of bench/run-lcbench.sh (Ams: io.ams.bench.LcBenchComparison; Optuna:
bench/python/lcbench_optuna.py) into bench/results/lcbench.json and lcbench.md.

Per task and method: the mean and median over seeds of the best val_accuracy observed after 1/4,
1/2 and all of the epoch budget (each run's anytime curve is a step function kept at its steps),
the method with the best mean at the full budget, whether the best Ams strategy is ahead of the
best Optuna method there, the methods' mean rank over tasks, and the optimiser's own time per
trial (wall time minus time in the surrogate).

usage: lcbench_report.py --ams A.json --optuna O.json [--out-dir bench/results] [--note TEXT]
"""
import argparse
import json
import os
import statistics


def best_at(curve, epochs):
    v = float("nan")
    for e, b in curve:
        if e <= epochs:
            v = b
        else:
            break
    return v


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ams", required=True)
    p.add_argument("--optuna", required=True)
    p.add_argument("--out-dir", default="bench/results")
    p.add_argument("--note", default="")
    p.add_argument("--command", default="")
    a = p.parse_args()
    ams = json.load(open(a.ams))
    opt = json.load(open(a.optuna))
    budget = ams["meta"]["budget_epochs"]
    assert budget == opt["meta"]["budget_epochs"], "the two halves ran different budgets"
    ams_methods = ams["meta"]["methods"]
    opt_methods = opt["meta"]["methods"]
    methods = [("ams", m) for m in ams_methods] + [("optuna", m) for m in opt_methods]
    label = {("ams", m): "ams " + m for m in ams_methods}
    label.update({("optuna", m): "optuna " + m for m in opt_methods})
    runs = [("ams", r) for r in ams["runs"]] + [("optuna", r) for r in opt["runs"]]
    tasks = [t for t in ams["meta"]["tasks"] if t in opt["meta"]["tasks"]]
    points = {"1/4": budget // 4, "1/2": budget // 2, "full": budget}

    summary = []
    ranks = {label[m]: [] for m in methods}
    ahead = 0
    for task in tasks:
        row = {"task": task, "methods": {}}
        for side, m in methods:
            rs = [r for s, r in runs if s == side and r["method"] == m and r["task"] == task]
            cell = {"seeds": len(rs)}
            for name, e in points.items():
                vals = [best_at(r["curve"], e) for r in rs]
                cell["mean_" + name] = statistics.fmean(vals)
                cell["median_" + name] = statistics.median(vals)
            cell["trials_mean"] = statistics.fmean(r["trials"] for r in rs)
            cell["epochs_min"] = min(r["epochs"] for r in rs)
            cell["optimiser_ms_per_trial_median"] = statistics.median(r["optimiser_ms_per_trial"] for r in rs)
            cell["optimiser_seconds_mean"] = statistics.fmean(r["optimiser_seconds"] for r in rs)
            cell["anytime_mean"] = [[e, statistics.fmean(best_at(r["curve"], e) for r in rs)]
                                    for e in range(52, budget + 1, 52)]
            row["methods"][label[(side, m)]] = cell
        full = {k: v["mean_full"] for k, v in row["methods"].items()}
        row["best"] = max(full, key=full.get)
        best_ams = max((k for k in full if k.startswith("ams ")), key=full.get)
        best_opt = max((k for k in full if k.startswith("optuna ")), key=full.get)
        row["best_ams"], row["best_optuna"] = best_ams, best_opt
        row["ams_ahead"] = full[best_ams] > full[best_opt]
        row["ams_minus_optuna"] = full[best_ams] - full[best_opt]
        ahead += row["ams_ahead"]
        order = sorted(full, key=lambda k: -full[k])
        for i, k in enumerate(order):
            ranks[k].append(i + 1)
        summary.append(row)

    time_rows = {}
    for side, m in methods:
        rs = [r for s, r in runs if s == side and r["method"] == m and r["task"] in tasks]
        time_rows[label[(side, m)]] = {
            "optimiser_ms_per_trial_median": statistics.median(r["optimiser_ms_per_trial"] for r in rs),
            "optimiser_seconds_per_run_mean": statistics.fmean(r["optimiser_seconds"] for r in rs),
            "surrogate_seconds_per_run_mean": statistics.fmean(r["objective_seconds"] for r in rs),
            "trials_per_run_mean": statistics.fmean(r["trials"] for r in rs),
            "mean_rank": statistics.fmean(ranks[label[(side, m)]]) if ranks[label[(side, m)]] else float("nan")}

    seeds = ams["meta"]["seeds"]
    out = {"benchmark": "lcbench", "date": ams["meta"]["date"], "command": a.command, "note": a.note,
           "machine": ams["meta"]["machine"], "budget_epochs": budget, "tasks": tasks, "seeds": seeds,
           "target": "val_accuracy (percent), maximised", "ams_meta": ams["meta"], "optuna_meta": opt["meta"],
           "tasks_where_best_ams_ahead_of_best_optuna": ahead, "methods": time_rows, "per_task": summary}
    os.makedirs(a.out_dir, exist_ok=True)
    with open(os.path.join(a.out_dir, "lcbench.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")

    mach = ams["meta"]["machine"]
    L = []
    L.append("# LCBench: Ams strategies and Optuna side by side\n")
    L.append("YAHPO Gym's LCBench surrogate (ONNX, in Ams's io.ams.lcbench; Optuna asks the same surrogate through "
             "`io.ams.lcbench.Serve`, so both see identical numbers), maximising val_accuracy (percent) over the "
             "7 hyperparameters (batch_size, learning_rate, max_units on a log scale). Budget: %d epochs a run "
             "(50 full trainings); a trial's epochs are those after its parent's, each evaluated epoch is an "
             "observation, and a run stops the moment the budget is spent. Figures: best val_accuracy observed "
             "after 1/4, 1/2 and all of the budget, mean (median) over %d seeds.\n" % (budget, len(seeds)))
    L.append("- Date: %s; machine: %s" % (ams["meta"]["date"], ", ".join("%s %s" % (k, v) for k, v in mach.items())))
    L.append("- Tasks (%d): %s; seeds: %s" % (len(tasks), ", ".join(tasks), ", ".join(str(s) for s in seeds)))
    L.append("- Command: `%s`" % a.command)
    L.append("- Optuna %s (cmaes %s, Python %s): tpe (TPESampler, all 52 epochs a trial), tpe_hyperband "
             "(TPESampler + HyperbandPruner(1, 52, 3), each epoch reported), cmaes (CmaEsSampler); defaults otherwise."
             % (opt["meta"]["optuna"], opt["meta"]["cmaes"], opt["meta"]["python"]))
    L.append("- Ams: random, bo (all 52 epochs a trial), hyperband, dehb, bohb (min_fidelity 1, max_fidelity 52, "
             "eta 3), pbt (max_fidelity 52, population 8, interval 2); engine defaults otherwise, ask/tell, one worker.")
    if a.note:
        L.append("- **Note:** " + a.note)
    L.append("")
    L.append("**Best Ams strategy ahead of the best Optuna method (mean at the full budget): %d of %d tasks.**\n"
             % (ahead, len(tasks)))
    L.append("## Over all tasks\n")
    L.append("| method | mean rank (full budget) | trials a run | optimiser ms / trial (median) | optimiser s / run | surrogate s / run |")
    L.append("|---|---|---|---|---|---|")
    for k, v in sorted(time_rows.items(), key=lambda kv: kv[1]["mean_rank"]):
        L.append("| %s | %.2f | %.0f | %.2f | %.2f | %.2f |" % (k, v["mean_rank"], v["trials_per_run_mean"],
                                                             v["optimiser_ms_per_trial_median"],
                                                             v["optimiser_seconds_per_run_mean"],
                                                             v["surrogate_seconds_per_run_mean"]))
    L.append("")
    L.append("Optimiser time is a run's wall time less its time in the surrogate (Ams: the in-process ONNX call; "
             "Optuna: waiting for the server's answer, so Python's JSON and pipe handling count as Optuna's). "
             "Ranks: 1 = best mean at the full budget on a task.\n")
    for n, e in points.items():
        L.append("## Per task: best val_accuracy after %s of the budget (%d epochs), mean (median) over seeds\n"
                 % ("all" if n == "full" else n, e))
        L.append("| task | " + " | ".join(label[m] for m in methods) + " | best | best Ams - best Optuna |")
        L.append("|---|" + "---|" * len(methods) + "---|---|")
        for row in summary:
            vals = {label[m]: row["methods"][label[m]]["mean_" + n] for m in methods}
            top = max(vals, key=vals.get)
            ba = max((k for k in vals if k.startswith("ams ")), key=vals.get)
            bo = max((k for k in vals if k.startswith("optuna ")), key=vals.get)
            cells = []
            for m in methods:
                c = row["methods"][label[m]]
                cell = "%.2f (%.2f)" % (c["mean_" + n], c["median_" + n])
                cells.append("**" + cell + "**" if label[m] == top else cell)
            L.append("| %s | %s | %s | %+.3f |" % (row["task"], " | ".join(cells), top, vals[ba] - vals[bo]))
        L.append("")
    L.append("Per-run curves: bench/results/lcbench-ams.json and lcbench-optuna.json (the steps of the best so far).")
    with open(os.path.join(a.out_dir, "lcbench.md"), "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
