#!/usr/bin/env bash
# Ams's strategies and Optuna side by side on YAHPO Gym's LCBench surrogate, at an equal budget of
# epochs (BUDGET, default 2600 = 50 full trainings of 52 epochs), maximising val_accuracy:
#   Ams (io.ams.bench.LcBenchComparison): random, bo, hyperband, dehb, bohb, pbt
#   Optuna 3.1 (bench/python/lcbench_optuna.py, Debian's /usr/bin/python3): tpe, tpe_hyperband, cmaes,
#     asking the same surrogate through io.ams.lcbench.Serve, so that both see identical numbers.
# On TASKS (default: the first 10 of LcBench.TASKS) x SEEDS (default 1-10). The two halves run side by
# side (one core each). The full 10 x 10 grid took about 18 minutes on 2 shared cores (Optuna's half: 1070 s,
# about 11 s a task and seed; Ams's: 510 s); SEEDS=1-3 for about a third of that.
# Writes bench/results/lcbench.md and lcbench.json (the summary), lcbench-ams.json and
# lcbench-optuna.json (every run, with its anytime curve).
#
# Knobs (environment): TASKS=3945,7593,... SEEDS=1-10 BUDGET=2600 NOTE=... (added to the report) OUT=bench/results
#   AMS_STRATEGIES=random,bo,hyperband,dehb,bohb,pbt  OPTUNA_METHODS=tpe,tpe_hyperband,cmaes
#   SKIP_BUILD=1  use the jars already built
set -euo pipefail
cd "$(dirname "$0")/.."
TASKS=${TASKS:-3945,7593,34539,126025,126026,126029,146212,167104,167149,167152}
SEEDS=${SEEDS:-1-10}
BUDGET=${BUDGET:-2600}
AMS_STRATEGIES=${AMS_STRATEGIES:-random,bo,hyperband,dehb,bohb,pbt}
OPTUNA_METHODS=${OPTUNA_METHODS:-tpe,tpe_hyperband,cmaes}
OUT=${OUT:-bench/results}
log() { echo "[run-lcbench] $*" >&2; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building the engine, the lcbench plug-in, the CLI jar and the bench jar (one reactor)"
  mvn -B -q -DskipTests package -pl java/lcbench,java/cli,bench -am
fi
SERVE_CP=java/lcbench/target/ams-lcbench.jar:java/cli/target/ams.jar
BENCH_CP=bench/target/benchmarks.jar:java/lcbench/target/ams-lcbench.jar
COMMAND="TASKS=$TASKS SEEDS=$SEEDS BUDGET=$BUDGET bench/run-lcbench.sh (commit $(git rev-parse --short HEAD))"
mkdir -p "$OUT"

log "Optuna: $OPTUNA_METHODS; Ams: $AMS_STRATEGIES; tasks $TASKS; seeds $SEEDS; $BUDGET epochs a run"
/usr/bin/python3 bench/python/lcbench_optuna.py --classpath "$SERVE_CP" --tasks "$TASKS" --seeds "$SEEDS" \
    --methods "$OPTUNA_METHODS" --budget "$BUDGET" --out "$OUT/lcbench-optuna.json" &
optuna_pid=$!
java -Xmx1g -cp "$BENCH_CP" io.ams.bench.LcBenchComparison tasks="$TASKS" seeds="$SEEDS" budget="$BUDGET" \
    strategies="$AMS_STRATEGIES" out="$OUT/lcbench-ams.json" command="$COMMAND"
wait "$optuna_pid"

/usr/bin/python3 bench/python/lcbench_report.py --ams "$OUT/lcbench-ams.json" --optuna "$OUT/lcbench-optuna.json" \
    --out-dir "$OUT" --command "$COMMAND" --note "${NOTE:-}"
log "wrote $OUT/lcbench.md and $OUT/lcbench.json"
