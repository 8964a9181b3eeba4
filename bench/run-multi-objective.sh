#!/usr/bin/env bash
# Ams's multi-objective strategies beside Optuna on ZDT1, ZDT2 (30 variables) and DTLZ2 (3
# objectives, 12 variables): the exact hypervolume after 500 and 5000 evaluations against a
# standard and a loose reference point, and the optimiser's time per trial.
#   1. Optuna (bench/python/optuna_mo.py, /usr/bin/python3 with Debian's python3-optuna 3.1:
#      `apt-get install -y python3-optuna`): NSGAIISampler 5000 trials, TPESampler (MOTPE) 500.
#   2. Ams (io.ams.bench.MultiObjectiveComparison): each strategy in STRATEGIES by ask/tell, 5000
#      evaluations (500 for the model-based ones in MODEL_BASED), then the report, which computes
#      every hypervolume, Optuna's included, with io.ams.pareto.Hypervolume.
# Writes bench/results/multi-objective.md, multi-objective-ams.json, multi-objective-optuna.json.
#
# Knobs (environment):
#   SEEDS=10                 seeds per cell (Ams: 1..SEEDS; Optuna: 0..SEEDS-1)
#   STRATEGIES=nsga2,regevo,random   Ams strategies by name; a name this build's registry lacks
#                            (e.g. parego before it is merged) is skipped with a message
#   MODEL_BASED=parego,bo,saga       strategies that get MODEL_EVALS (500) instead of 5000
#   PROBLEMS=zdt1,zdt2,dtlz2
#   OPTUNA=1                 0: skip the Optuna runs and report with the existing OPTUNA_JSON (if any)
#   OPTUNA_NSGA2_SEEDS, OPTUNA_TPE_SEEDS  Optuna's seeds per sampler (default 0-(SEEDS-1); "" skips
#                            the sampler; e.g. "0-4"): TPE costs minutes a run, see below
#   AMS=1                    0: skip the Ams runs and only re-render the report from multi-objective-ams.json
#   NOTE_FILE=...            markdown put near the top of the report (the hand-written reading of the numbers)
#   SKIP_BUILD=1             use the existing bench/target/benchmarks.jar
#   BENCH_CP=...             class path to use instead of bench/target/benchmarks.jar
# Cost (shared 2-core machine): Ams's side takes seconds; Optuna's NSGAIISampler about a minute
# of CPU per 5000-trial run and its TPESampler several minutes per 500-trial run, so the default
# 10 seeds of everything is hours: see bench/README.md and the results file for what was run.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-10}
STRATEGIES=${STRATEGIES:-nsga2,regevo,random}
MODEL_BASED=${MODEL_BASED:-parego,bo,saga}
MODEL_EVALS=${MODEL_EVALS:-500}
PROBLEMS=${PROBLEMS:-zdt1,zdt2,dtlz2}
OPTUNA=${OPTUNA:-1}
AMS=${AMS:-1}
OPTUNA_NSGA2_SEEDS=${OPTUNA_NSGA2_SEEDS-0-$((SEEDS - 1))}
OPTUNA_TPE_SEEDS=${OPTUNA_TPE_SEEDS-0-$((SEEDS - 1))}
OUT=bench/results
OPTUNA_JSON=${OPTUNA_JSON:-$OUT/multi-objective-optuna.json}
log() { echo "[run-multi-objective] $*" >&2; }

if [[ -z "${BENCH_CP:-}" && -z "${SKIP_BUILD:-}" ]]; then
  log "building Ams and the bench jar (in one reactor, so the jar holds this tree's engine)"
  mvn -B -q -DskipTests package -pl bench -am
fi
CP=${BENCH_CP:-bench/target/benchmarks.jar}
mkdir -p "$OUT"

if [[ "$OPTUNA" == 1 ]]; then
  /usr/bin/python3 -c 'import optuna' 2>/dev/null || { log "no optuna for /usr/bin/python3: apt-get install -y python3-optuna"; exit 1; }
  rm -f "$OPTUNA_JSON"
  for sampler in nsga2 tpe; do
    seeds=$OPTUNA_NSGA2_SEEDS; [[ $sampler == tpe ]] && seeds=$OPTUNA_TPE_SEEDS
    [[ -z "$seeds" ]] && { log "Optuna $sampler: no seeds, skipped"; continue; }
    log "Optuna $sampler: problems $PROBLEMS, seeds $seeds"
    /usr/bin/python3 bench/python/optuna_mo.py --problems "$PROBLEMS" --samplers $sampler \
        --seeds "$seeds" --append --out "$OPTUNA_JSON"
  done
fi

COMMAND="SEEDS=$SEEDS STRATEGIES=$STRATEGIES PROBLEMS=$PROBLEMS OPTUNA=$OPTUNA OPTUNA_NSGA2_SEEDS=$OPTUNA_NSGA2_SEEDS OPTUNA_TPE_SEEDS=$OPTUNA_TPE_SEEDS bench/run-multi-objective.sh (commit $(git rev-parse --short HEAD))"
if [[ "$AMS" == 1 ]]; then
  log "Ams: problems $PROBLEMS, strategies $STRATEGIES, seeds 1..$SEEDS"
  java -Xmx2g -cp "$CP" io.ams.bench.MultiObjectiveComparison seeds="$SEEDS" strategies="$STRATEGIES" \
      problems="$PROBLEMS" model-based="$MODEL_BASED" model-evaluations="$MODEL_EVALS" \
      optuna="$OPTUNA_JSON" out="$OUT" command="$COMMAND" ${NOTE_FILE:+note-file="$NOTE_FILE"}
else
  java -Xmx2g -cp "$CP" io.ams.bench.MultiObjectiveComparison report from="$OUT/multi-objective-ams.json" \
      optuna="$OPTUNA_JSON" out="$OUT" ${NOTE_FILE:+note-file="$NOTE_FILE"}
fi
log "wrote $OUT/multi-objective.md"
