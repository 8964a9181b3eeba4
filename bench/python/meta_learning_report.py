#!/usr/bin/env python3
"""Renders bench/results/meta-learning.md from io.ams.bench.MetaLearningLcBench's JSON (standard library only).

    /usr/bin/python3 bench/python/meta_learning_report.py --json bench/results/meta-learning-lcbench.json \
        --out bench/results/meta-learning.md --command "bench/run-meta-learning.sh"
"""
import argparse
import json
import re

LEVELS = ["1%", "0.5%"]
TARGET_SPEEDUP = 3.0
SLOWEST = 1.2


def fmt(v, d=2):
    if v is None:
        return "-"
    if isinstance(v, float) and v != v:
        return "-"
    return f"{v:.{d}f}"


def units(strategy):
    return ["epochs"] if strategy == "hyperband" else ["epochs", "evaluations"]


def neighbours_of(note):
    return re.findall(r"lcbench-(\d+) \(", note or "")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--json", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--command", default="bench/run-meta-learning.sh")
    p.add_argument("--note", default="")
    a = p.parse_args()
    d = json.load(open(a.json))
    meta, per_strategy, per_task = d["meta"], d["per_strategy"], d["per_task"]
    strategies = meta["strategies"]
    seeds = meta["seeds"]
    tasks = meta["tasks"]
    probe = meta["probe_epochs"]
    budget = meta["budget_epochs"]
    trials = meta["trial_budget"]
    m = meta["machine"]
    machine = ", ".join(f"{k} {v}" for k, v in m.items()) if isinstance(m, dict) else str(m)
    out = []
    w = out.append
    w("# Meta-learning on LCBench: warm start vs cold start, leave one task out")
    w("")
    w("Does a warm start from the studies of the other LCBench tasks (`io.ams.meta.WarmStart`: the best configurations of the "
      "3 earlier studies whose task features are nearest, 10 configurations round robin) reach a good configuration sooner "
      "than the same strategy started cold? YAHPO Gym's LCBench surrogate (io.ams.lcbench), maximising val_accuracy (percent).")
    w("")
    w("## Reproduce")
    w("")
    w("```")
    w(a.command)
    w("```")
    w("")
    w(f"(`io.ams.bench.MetaLearningLcBench`; knobs in the script's header. Generated {meta['date']}; "
      f"the whole run took {meta['total_seconds']:.0f} s, of which the 34 earlier studies {meta['earlier_seconds']:.0f} s, "
      f"{meta['threads']} studies at a time, one worker each.)")
    w("")
    w("## Definitions")
    w("")
    w(f"- **Earlier studies**: for each of the 34 tasks one study `lcbench-<task>`, bo (engine defaults), seed 1000 + the task's "
      f"index in `LcBench.TASKS`, {meta['earlier_studies']['trials']} full trainings (52 epochs), archived with "
      "`StudyBuilder.archive(folder)`: one folder of 34 entries.")
    w("- **Leave one task out**: the warm start for task t reads a folder holding copies of the other 33 entries (t's entry, "
      "recognised by its objective id `lcbench:<t>` and its study name, left out): `new WarmStart(folder, 3, 10)`. "
      "Its task features are the val_accuracy of 8 fixed probe configurations after 4 epochs (`LcBench.probes()`).")
    w(f"- **Runs**: for each task, strategy and seed ({', '.join(str(s) for s in seeds)}): cold, warm, and the random-neighbour "
      f"control, each with the same strategy seed. Search budget {budget} epochs: ga and bo {trials} trials at 52 epochs; "
      f"hyperband (options of genomes/lcbench-hyperband.yaml: {json.dumps(meta['options'].get('hyperband', {}))}) until "
      f"{budget} epochs are spent, a trial costing the epochs after its parent's (a trial that would pass the budget is not run). "
      f"ga: {json.dumps(meta['options'].get('ga', {}))}, so the 10 warm configurations are its first generation; bo: its initial "
      "design starts with them; hyperband: they replace the first configurations of its first bracket.")
    w(f"- **Probe cost**: a warm run (and the control) is charged the task description, 8 probes x 4 epochs = {probe} epochs, "
      "before its first trial; every epoch count of a warm run below includes them. Evaluations (ga, bo) count trials only.")
    w("- **Best known value** of a task: the best val_accuracy at 52 epochs over every trial of every run on that task: the earlier "
      "study, and all cold, warm and control runs of every strategy and seed.")
    w("- **Time to within 1% (0.5%)**: the epochs spent (and, for ga and bo, the evaluations) until the run's best-so-far at 52 "
      "epochs reaches 0.99 (0.995) x the best known value; for hyperband only trials at 52 epochs count. A run that never gets "
      f"there is **censored**: it counts as {budget + probe + 52} epochs (the warm budget {budget} + {probe} plus one full "
      f"training of 52, for cold and warm runs alike) and {trials + 1} evaluations.")
    w("- **Speed-up** of a (task, strategy): the median over seeds of the cold run's time to target divided by the median of the "
      "warm run's. Per strategy: the median over tasks, the number of tasks with speed-up < 1 (warm worse) and < 1/1.2 (warm "
      f"more than 1.2x slower). The target of the issue: median speed-up >= {TARGET_SPEEDUP:g}x to within 1%, no task more than "
      f"{SLOWEST}x slower.")
    w("- **Random-neighbour control**: the same warm start, but from a folder holding the entries of 3 other tasks drawn at random "
      "(seeded by task and seed, a new draw per seed), so the neighbours are those 3 whatever the features say. It separates what "
      "the task features bring from what any good LCBench configurations bring.")
    w("- **Best after 10**: the best value at 52 epochs after 10 evaluations (ga, bo; for a warm run exactly its 10 warm "
      "configurations) or after 520 epochs spent, probes included (hyperband); mean over seeds, then over tasks.")
    w(f"- **Machine**: {machine}; 2 cores, shared with other work. {meta['threads']} threads.")
    if a.note:
        w(f"- **Note**: {a.note}")
    w("")
    w("## Summary")
    w("")
    w("Speed-up of the warm start (nearest neighbours) and of the control (random neighbours) over the cold start: "
      "median over tasks [tasks with speed-up < 1 / tasks < 1/1.2].")
    w("")
    w("| strategy | measure | warm, to 1% | warm, to 0.5% | random neighbours, to 1% | random neighbours, to 0.5% |")
    w("|---|---|---|---|---|---|")
    for s in strategies:
        agg = per_strategy[s]
        for u in units(s):
            cells = []
            for mode in ["warm", "random_neighbours"]:
                for lv in LEVELS:
                    x = agg[f"speedup_{mode}_{u}_{lv}"]
                    cells.append(f"{fmt(x['median'])}x [{x['tasks_worse']} / {x['tasks_more_than_1.2x_slower']}]")
            w(f"| {s} | {u} | " + " | ".join(cells) + " |")
    w("")
    n_runs = len(tasks) * len(seeds)
    w(f"Censored runs (of {n_runs} per strategy and mode):")
    w("")
    w("| strategy | cold 1% | warm 1% | random 1% | cold 0.5% | warm 0.5% | random 0.5% |")
    w("|---|---|---|---|---|---|---|")
    for s in strategies:
        c = per_strategy[s]["censored_runs"]
        w(f"| {s} | " + " | ".join(str(c[f"{mode}_{lv}"]) for lv in LEVELS for mode in ["cold", "warm", "random_neighbours"]) + " |")
    w("")
    w("Mean best val_accuracy after 10 evaluations (ga, bo) or 520 epochs (hyperband), over tasks:")
    w("")
    w("| strategy | cold | warm | random neighbours |")
    w("|---|---|---|---|")
    for s in strategies:
        b = per_strategy[s]["mean_best_after_10"]
        w(f"| {s} | {fmt(b.get('cold'))} | {fmt(b.get('warm'))} | {fmt(b.get('random_neighbours'))} |")
    w("")
    w("## Against the target")
    w("")
    w(f"Target: median speed-up >= {TARGET_SPEEDUP:g}x to within 1%, and no task more than {SLOWEST}x slower (speed-up below "
      f"{1 / SLOWEST:.3f}). In epochs, probe cost included:")
    w("")
    for s in strategies:
        x = per_strategy[s]["speedup_warm_epochs_1%"]
        med, slow = x["median"], x["tasks_more_than_1.2x_slower"]
        ok_med = med >= TARGET_SPEEDUP
        verdict = "met" if ok_med and slow == 0 else "not met"
        parts = [f"median {fmt(med)}x" + (" (>= 3x)" if ok_med else f" ({fmt(TARGET_SPEEDUP / med)}x short of 3x)" if med > 0 else "")]
        parts.append(f"{slow} task(s) more than 1.2x slower (slowest: {fmt(x['min'])}x, i.e. {fmt(1 / x['min'])}x slower)"
                     if slow else f"no task more than 1.2x slower (lowest speed-up {fmt(x['min'])}x)")
        line = f"- **{s}: {verdict}**: " + "; ".join(parts) + "."
        if s != "hyperband":
            e = per_strategy[s]["speedup_warm_evaluations_1%"]
            line += (f" In evaluations (probes not charged): median {fmt(e['median'])}x, {e['tasks_more_than_1.2x_slower']} "
                     f"task(s) more than 1.2x slower.")
        w(line)
    w("")
    w("## Per task")
    w("")
    for s in strategies:
        w(f"### {s}")
        w("")
        header = "| task | best known | neighbours (nearest first) | cold ep. to 1% | warm ep. to 1% | speed-up 1% | random-nb. speed-up 1% | cold ep. to 0.5% | warm ep. to 0.5% | speed-up 0.5% |"
        sep = "|---|---|---|---|---|---|---|---|---|---|"
        if s != "hyperband":
            header += " cold ev. to 1% | warm ev. to 1% | speed-up ev. 1% |"
            sep += "---|---|---|"
        header += " best after 10 cold / warm | censored 1% cold / warm |"
        sep += "---|---|"
        w(header)
        w(sep)
        for r in per_task:
            if r["strategy"] != s:
                continue
            cells = [r["task"], fmt(r["best_known"]), ", ".join(neighbours_of(r.get("warm_start"))) or "-",
                     fmt(r["cold_median_epochs_to_1%"], 0), fmt(r["warm_median_epochs_to_1%"], 0),
                     fmt(r["warm_speedup_epochs_1%"]), fmt(r["random_neighbours_speedup_epochs_1%"]),
                     fmt(r["cold_median_epochs_to_0.5%"], 0), fmt(r["warm_median_epochs_to_0.5%"], 0),
                     fmt(r["warm_speedup_epochs_0.5%"])]
            if s != "hyperband":
                cells += [fmt(r["cold_median_evaluations_to_1%"], 1), fmt(r["warm_median_evaluations_to_1%"], 1),
                          fmt(r["warm_speedup_evaluations_1%"])]
            cells += [f"{fmt(r['cold_mean_best_after_10'])} / {fmt(r['warm_mean_best_after_10'])}",
                      f"{r['cold_censored_1%']} / {r['warm_censored_1%']}"]
            w("| " + " | ".join(cells) + " |")
        w("")
    open(a.out, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
