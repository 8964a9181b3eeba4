#!/usr/bin/env bash
# The surrogate strategies' figures (issue 4), in four steps:
#   1. Optuna's TPE and CMA-ES on Branin, Hartmann-6 and Rosenbrock-10 (SEEDS seeds, BUDGET
#      evaluations; /usr/bin/python3 with Debian's python3-optuna), 25 min measured with other jobs running;
#   2. random, ga, bo, saga on the same functions and seeds, one worker, and the report with
#      Optuna's runs beside them (surrogate-functions.md/json), about 10 min;
#   3. the GP algebra in numpy/scipy (gp-numpy.json) and in Ams, with bo's proposal time,
#      against n = 100 ... 5000 observations (gp-scaling.md/json), under a minute;
#   4. (MLP=1) random, ga, bo, saga on the Fashion-MNIST MLP genome at equal budget
#      (surrogate-mlp/strategies.md/json), 50 min measured with other jobs running.
# Knobs: SEEDS=20 BUDGET=300 THREADS=1 SIZES=100,500,1000,2000,5000 MLP=0 SKIP_BUILD=1 STEPS="1 2 3 4"
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-20}
BUDGET=${BUDGET:-300}
THREADS=${THREADS:-1}
SIZES=${SIZES:-100,500,1000,2000,5000}
STEPS=${STEPS:-"1 2 3 4"}
OUT=bench/results
PY=/usr/bin/python3
log() { echo "[run-surrogate] $*" >&2; }
if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building Ams and the bench jar"
  mvn -B -q -DskipTests package -pl bench -am
fi
CP=bench/target/benchmarks.jar
COMMIT=$(git rev-parse --short HEAD)
mkdir -p "$OUT"
last=$((SEEDS - 1))
for step in $STEPS; do
  case $step in
    1) $PY bench/python/optuna_functions.py --seeds "0-$last" --budgets "100,$BUDGET" --out "$OUT/optuna-functions.json" ;;
    2) java -Xmx2g -cp "$CP" io.ams.bench.SurrogateComparison seeds="$SEEDS" budget="$BUDGET" \
         optuna="$OUT/optuna-functions.json" out="$OUT" \
         command="SEEDS=$SEEDS BUDGET=$BUDGET STEPS=2 bench/run-surrogate.sh (commit $COMMIT)" ;;
    3) OPENBLAS_NUM_THREADS=$THREADS $PY bench/python/gp_numpy.py --threads "$THREADS" --sizes "$SIZES" --out "$OUT/gp-numpy.json"
       java -cp "$CP" io.ams.bench.GpScaling n="$SIZES" threads="$THREADS" numpy="$OUT/gp-numpy.json" out="$OUT" \
         command="THREADS=$THREADS SIZES=$SIZES STEPS=3 bench/run-surrogate.sh (commit $COMMIT)" ;;
    4) if [[ "${MLP:-0}" == 1 ]]; then
         mkdir -p "$OUT/surrogate-mlp"
         java -Xmx3g -cp "$CP" io.ams.bench.StrategyComparison functions= seeds=0 mlp-seeds=3 mlp-trials=40 \
           mlp-epochs=2 mlp-population=8 mlp-rows=12000 strategies=random,ga,bo,saga out="$OUT/surrogate-mlp" \
           command="MLP=1 STEPS=4 bench/run-surrogate.sh (commit $COMMIT)"
       fi ;;
  esac
done
log "done: $OUT/surrogate-functions.md, $OUT/gp-scaling.md"
