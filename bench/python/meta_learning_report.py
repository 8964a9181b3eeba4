#!/usr/bin/env python3
"""Renders bench/results/meta-learning.md from io.ams.bench.MetaLearningLcBench's JSON (standard library only).

    /usr/bin/python3 bench/python/meta_learning_report.py --json bench/results/meta-learning-lcbench.json \
        --out bench/results/meta-learning.md --command "bench/run-meta-learning.sh"
"""
import argparse
import json
import re

LEVELS = ["1%", "0.5%"]
LOOSE = ["2%", "5%"]
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
    def speedup_table(levels):
        w("| strategy | measure | " + " | ".join(f"{name}, to {lv}" for name in ["warm", "random neighbours"] for lv in levels) + " |")
        w("|---|---|" + "---|" * (2 * len(levels)))
        for s in strategies:
            agg = per_strategy[s]
            for u in units(s):
                cells = []
                for mode in ["warm", "random_neighbours"]:
                    for lv in levels:
                        x = agg.get(f"speedup_{mode}_{u}_{lv}")
                        cells.append("-" if x is None else f"{fmt(x['median'])}x [{x['tasks_worse']} / {x['tasks_more_than_1.2x_slower']}]")
                w(f"| {s} | {u} | " + " | ".join(cells) + " |")
        w("")

    speedup_table(LEVELS)
    censor = budget + probe + 52
    w(f"How the medians over seeds fall at 1% (a median of {censor} epochs is censored: most of that (task, strategy)'s runs "
      "never got there): tasks where the cold median is censored and the warm one not (the speed-up is then a lower bound), "
      "where both are (speed-up 1 by construction), where the warm median is censored and the cold one not, and where neither is.")
    w("")
    w("| strategy | cold censored only | both censored | warm censored only | neither |")
    w("|---|---|---|---|---|")
    for s in strategies:
        rows = [r for r in per_task if r["strategy"] == s]
        c = [r["cold_median_epochs_to_1%"] >= censor for r in rows]
        h = [r["warm_median_epochs_to_1%"] >= censor for r in rows]
        w(f"| {s} | {sum(1 for x, y in zip(c, h) if x and not y)} | {sum(1 for x, y in zip(c, h) if x and y)} | "
          f"{sum(1 for x, y in zip(c, h) if y and not x)} | {sum(1 for x, y in zip(c, h) if not x and not y)} |")
    w("")
    if any(f"speedup_warm_epochs_{lv}" in per_strategy[strategies[0]] for lv in LOOSE):
        w("For context only, looser targets (within 2% and 5% of the best known value; same definitions):")
        w("")
        speedup_table(LOOSE)
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
    w("## Per task")
    w("")
    for s in strategies:
        w(f"### {s}")
        w("")
        header = "| task | best known | neighbours (nearest first) | cold ep. to 1% | warm ep. to 1% | speed-up 1% | random-nb. speed-up 1% | cold ep. to 0.5% | warm ep. to 0.5% | speed-up 0.5% | speed-up 2% / 5% |"
        sep = "|---|---|---|---|---|---|---|---|---|---|---|"
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
                     fmt(r["warm_speedup_epochs_0.5%"]),
                     f"{fmt(r.get('warm_speedup_epochs_2%'))} / {fmt(r.get('warm_speedup_epochs_5%'))}"]
            if s != "hyperband":
                cells += [fmt(r["cold_median_evaluations_to_1%"], 1), fmt(r["warm_median_evaluations_to_1%"], 1),
                          fmt(r["warm_speedup_evaluations_1%"])]
            cells += [f"{fmt(r['cold_mean_best_after_10'])} / {fmt(r['warm_mean_best_after_10'])}",
                      f"{r['cold_censored_1%']} / {r['warm_censored_1%']}"]
            w("| " + " | ".join(cells) + " |")
        w("")
    w("## Reading")
    w("")
    w(f"Target: median speed-up >= {TARGET_SPEEDUP:g}x to within 1%, and no task more than {SLOWEST}x slower (speed-up below "
      f"{1 / SLOWEST:.3f}). In epochs, probe cost included:")
    w("")
    for s in strategies:
        x = per_strategy[s]["speedup_warm_epochs_1%"]
        med, slow = x["median"], x["tasks_more_than_1.2x_slower"]
        ok_med = med >= TARGET_SPEEDUP
        verdict = "met" if ok_med and slow == 0 else "not met"
        parts = [f"median {fmt(med)}x" + (" (>= 3x)" if ok_med else f" (a factor {fmt(TARGET_SPEEDUP / med)} below 3x)" if med > 0 else "")]
        parts.append(f"{slow} task(s) more than 1.2x slower (slowest: {fmt(x['min'])}x, i.e. {fmt(1 / x['min'])}x slower)"
                     if slow else f"no task more than 1.2x slower (lowest speed-up {fmt(x['min'])}x)")
        line = f"- **{s}: {verdict}**: " + "; ".join(parts) + "."
        if s != "hyperband":
            e = per_strategy[s]["speedup_warm_evaluations_1%"]
            line += (f" In evaluations (probes not charged): median {fmt(e['median'])}x, {e['tasks_more_than_1.2x_slower']} "
                     f"task(s) more than 1.2x slower.")
        w(line)
    w("")
    for lv in LEVELS:
        slow_rows = [r for r in per_task if r[f"warm_speedup_epochs_{lv}"] < 1 / SLOWEST]
        if not slow_rows:
            w(f"No task is more than {SLOWEST}x slower to within {lv} with any strategy.")
            continue
        items = []
        for r in slow_rows:
            cold, warm = r[f"cold_median_epochs_to_{lv}"], r[f"warm_median_epochs_to_{lv}"]
            why = " (the probe cost alone: warm = cold + %d epochs)" % probe if abs(warm - cold - probe) < 1e-9 else ""
            items.append(f"{r['strategy']} on {r['task']}: {fmt(cold, 0)} vs {fmt(warm, 0)} epochs, {fmt(r[f'warm_speedup_epochs_{lv}'])}x{why}")
        w(f"More than {SLOWEST}x slower to within {lv} (cold vs warm median epochs): " + "; ".join(items) + ".")
    w("")
    met = [s for s in strategies if per_strategy[s]["speedup_warm_epochs_1%"]["median"] >= TARGET_SPEEDUP
           and per_strategy[s]["speedup_warm_epochs_1%"]["tasks_more_than_1.2x_slower"] == 0]
    cens = {s: per_strategy[s]["censored_runs"] for s in strategies}
    w(f"In short: the target is met for {', '.join(met) if met else 'no strategy'}. The measure is dominated by censoring: within "
      f"{trials} trials most cold runs never get within 1% of the best known value (the best of every trial on the task, a high "
      "bar), " + ", ".join(f"{s} {cens[s]['cold_1%']} of {n_runs}" for s in strategies) + ", and where most runs of both kinds "
      "miss, the median over seeds is the censored value on both sides and the speed-up is 1. The warm start does change the "
      "search: it starts far higher (best after 10 below) and ends closer to the best known value (gaps below), and fewer of its "
      "runs are censored (" + ", ".join(f"{s} {cens[s]['warm_1%']}" for s in strategies) + "); on the tasks where the cold "
      "median is censored and the warm one is not, the speed-up shown is a lower bound.")
    w("")
    w("What the task features bring (nearest vs random neighbours, speed-up in epochs to within 1%, per task):")
    w("")
    for s in strategies:
        rows = [r for r in per_task if r["strategy"] == s]
        near = [r["warm_speedup_epochs_1%"] for r in rows]
        rand = [r["random_neighbours_speedup_epochs_1%"] for r in rows]
        better = sum(1 for x, y in zip(near, rand) if x > y * 1.000001)
        worse = sum(1 for x, y in zip(near, rand) if y > x * 1.000001)
        xw = per_strategy[s]["speedup_warm_epochs_1%"]["median"]
        xr = per_strategy[s]["speedup_random_neighbours_epochs_1%"]["median"]
        b = per_strategy[s]["mean_best_after_10"]
        w(f"- {s}: median {fmt(xw)}x (nearest) vs {fmt(xr)}x (random); nearest ahead on {better} task(s), behind on {worse}, "
          f"equal on {len(rows) - better - worse}. Best after 10: {fmt(b.get('warm'))} (nearest) vs "
          f"{fmt(b.get('random_neighbours'))} (random) vs {fmt(b.get('cold'))} (cold).")
    w("")
    w("Censoring (runs that never got within 1% of the best known value), which pulls speed-ups towards 1:")
    w("")
    for s in strategies:
        c = per_strategy[s]["censored_runs"]
        both = sum(1 for r in per_task if r["strategy"] == s and r["cold_censored_1%"] == len(seeds) and r["warm_censored_1%"] == len(seeds))
        w(f"- {s}: cold {c['cold_1%']} of {n_runs}, warm {c['warm_1%']} of {n_runs}; {both} task(s) where every cold and every "
          "warm run was censored (speed-up exactly 1 by construction).")
    w("")
    w("Where the runs end: the gap of the final best to the best known value, 100 x (1 - best / best known), median "
      "[quartiles] over every run (tasks x seeds):")
    w("")
    runs = d["runs"]
    for s in strategies:
        cells = []
        for mode in ["cold", "warm", "random_neighbours"]:
            g = sorted(100 * (1 - r["best"] / d["best_known"][r["task"]]) for r in runs if r["strategy"] == s and r["mode"] == mode)
            if g:
                q = lambda f: g[round(f * (len(g) - 1))]
                cells.append(f"{mode.replace('_', ' ')} {fmt(q(0.5))}% [{fmt(q(0.25))}, {fmt(q(0.75))}]")
        w(f"- {s}: " + "; ".join(cells) + ".")
    w("")
    w("Hyperband's warm start, as the engine does it (`SuccessiveHalving.advance`, start points in bracket 0 only): with "
      "min_fidelity 2, max_fidelity 52 and eta 3 its first bracket holds 9 configurations at 52/9 = 5.8 epochs, so 9 of the 10 "
      "warm configurations are used (the 10th is dropped), they are ranked by their value at 5.8 epochs, and only one of them "
      "reaches 52 epochs (its 13th trial, 122 epochs into the search). Later brackets draw at random.")
    w("")
    open(a.out, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
