#!/usr/bin/env bash
# Search strategies side by side at equal budget: random, ga, regevo, local on Branin (100
# trials), Rosenbrock-10 (300) and Hartmann-6 (200), SEEDS seeds each, then the Fashion-MNIST
# MLP genome scaled down (2 epochs, the first MLP_ROWS training images), MLP_SEEDS seeds of
# MLP_TRIALS trials. About 8 minutes on 2 idle cores (14 when shared), nearly all of it the MLP part;
# MLP_TRIALS=16 or MLP_SEEDS=2 for less.
# Writes bench/results/strategies.md and bench/results/strategies.json.
#
# Knobs (environment):
#   SEEDS=10 MLP_SEEDS=3 MLP_TRIALS=24 MLP_EPOCHS=2 MLP_POPULATION=6 MLP_ROWS=12000 (0: all 60,000)
#   STRATEGIES=random,ga,regevo,local   FUNCTIONS=branin,rosenbrock10,hartmann6
#   SKIP_BUILD=1   use the existing bench/target/benchmarks.jar
#   BENCH_CP=...   class path to use instead of bench/target/benchmarks.jar
# MLP_SEEDS=0 skips the MLP part (the function part takes seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-10}
MLP_SEEDS=${MLP_SEEDS:-3}
MLP_TRIALS=${MLP_TRIALS:-24}
MLP_ROWS=${MLP_ROWS:-12000}
MLP_EPOCHS=${MLP_EPOCHS:-2}
MLP_POPULATION=${MLP_POPULATION:-6}
STRATEGIES=${STRATEGIES:-random,ga,regevo,local}
FUNCTIONS=${FUNCTIONS:-branin,rosenbrock10,hartmann6}
OUT=bench/results
log() { echo "[run-strategies] $*" >&2; }

if [[ -z "${BENCH_CP:-}" && -z "${SKIP_BUILD:-}" ]]; then
  log "building Ams and the bench jar (in one reactor, so the jar holds this tree's engine)"
  mvn -B -q -DskipTests package -pl bench -am
fi
CP=${BENCH_CP:-bench/target/benchmarks.jar}
COMMAND="SEEDS=$SEEDS MLP_SEEDS=$MLP_SEEDS MLP_TRIALS=$MLP_TRIALS MLP_EPOCHS=$MLP_EPOCHS MLP_POPULATION=$MLP_POPULATION MLP_ROWS=$MLP_ROWS STRATEGIES=$STRATEGIES FUNCTIONS=$FUNCTIONS bench/run-strategies.sh (commit $(git rev-parse --short HEAD))"
mkdir -p "$OUT"
java -Xmx2g -cp "$CP" io.ams.bench.StrategyComparison \
    seeds="$SEEDS" mlp-seeds="$MLP_SEEDS" mlp-trials="$MLP_TRIALS" mlp-epochs="$MLP_EPOCHS" \
    mlp-population="$MLP_POPULATION" mlp-rows="$MLP_ROWS" strategies="$STRATEGIES" functions="$FUNCTIONS" \
    genome=genomes/mlp-fashion.yaml out="$OUT" command="$COMMAND"
log "wrote $OUT/strategies.md and $OUT/strategies.json"
