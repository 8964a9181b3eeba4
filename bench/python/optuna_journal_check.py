"""Loads an Optuna journal (as `ams export STORE --optuna-journal FILE` writes it) with Optuna and
prints what Optuna sees in it as one JSON object: the study's name, directions and user attributes,
every trial (number, state, values, params, intermediate values, user attributes), the best value
and the best trial's params (single objective) or the numbers of the best trials (multi-objective).

    python3 bench/python/optuna_journal_check.py FILE

io.ams.report.OptunaJournalRoundTripTest runs it and compares its output with the Ams trials.
Exits 1, with Optuna's error on stderr, when Optuna cannot load the file.
"""
import json
import math
import sys
import warnings

import optuna


def finite(x):
    """JSON has no NaN or infinity: say them as strings, so that the check sees them."""
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    return x


def main(path):
    warnings.simplefilter("ignore")  # JournalStorage is experimental in 3.1
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))
    study = optuna.load_study(study_name=None, storage=storage)
    trials = study.get_trials(deepcopy=False)
    out = {
        "optuna": optuna.__version__,
        "study_name": study.study_name,
        "directions": [d.name for d in study.directions],
        "user_attrs": study.user_attrs,
        "n_trials": len(trials),
        "states": {},
        "trials": [],
    }
    for t in trials:
        out["states"][t.state.name] = out["states"].get(t.state.name, 0) + 1
        out["trials"].append({
            "number": t.number,
            "state": t.state.name,
            "values": None if t.values is None else [finite(v) for v in t.values],
            "params": {k: finite(v) for k, v in t.params.items()},
            "distributions": {k: type(d).__name__ for k, d in t.distributions.items()},
            "intermediate_values": {str(k): finite(v) for k, v in sorted(t.intermediate_values.items())},
            "user_attrs": t.user_attrs,
            "duration_s": None if t.duration is None else t.duration.total_seconds(),
        })
    out["intermediate_values_count"] = sum(len(t.intermediate_values) for t in trials)
    if len(study.directions) == 1:
        try:
            best = study.best_trial
            out["best_value"] = best.value
            out["best_number"] = best.number
            out["best_params"] = best.params
        except ValueError:
            out["best_value"] = None
    else:
        out["best_trials"] = sorted(t.number for t in study.best_trials)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: optuna_journal_check.py FILE")
    main(sys.argv[1])
