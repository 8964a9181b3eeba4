#!/usr/bin/env bash
# Leave-one-task-out meta-learning on YAHPO Gym's LCBench surrogate: cold vs warm start for ga, bo and
# hyperband (io.ams.bench.MetaLearningLcBench). For each of the 34 tasks: an earlier bo study of 50 full
# trainings, archived; then, per target task, strategy and seed, a cold run, a warm run from the other 33
# tasks' studies (WarmStart(folder, 3, 10)) and a control warm run from 3 random other tasks, 2600 epochs
# each (a warm run pays 32 probe epochs on top). Time to within 1% and 0.5% of the best known value,
# speed-ups, tasks where the warm start is worse.
# The full grid (34 tasks x 3 strategies x 5 seeds x 3 modes) takes a few minutes on 2 shared cores.
# Writes bench/results/meta-learning-lcbench.json (every run and the summaries) and bench/results/meta-learning.md.
#
# Knobs (environment): TASKS=3945,7593,... (default: all 34; the earlier studies always cover all 34)
#   SEEDS=1-5 STRATEGIES=ga,bo,hyperband THREADS=2 NOTE=... (added to the report) OUT=bench/results
#   WORK=folder for the archives (default: a fresh temporary folder)   SKIP_BUILD=1  use the jars already built
set -euo pipefail
cd "$(dirname "$0")/.."
TASKS=${TASKS:-}
SEEDS=${SEEDS:-1-5}
STRATEGIES=${STRATEGIES:-ga,bo,hyperband}
THREADS=${THREADS:-2}
OUT=${OUT:-bench/results}
WORK=${WORK:-$(mktemp -d -t ams-meta-learning.XXXXXX)}
log() { echo "[run-meta-learning] $*" >&2; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building the engine, the lcbench plug-in and the bench jar (one reactor, offline)"
  mvn -B -o -q -DskipTests package -pl java/lcbench,bench -am
fi
BENCH_CP=bench/target/benchmarks.jar:java/lcbench/target/ams-lcbench.jar
COMMAND="${TASKS:+TASKS=$TASKS }SEEDS=$SEEDS STRATEGIES=$STRATEGIES THREADS=$THREADS bench/run-meta-learning.sh (commit $(git rev-parse --short HEAD))"
mkdir -p "$OUT"

log "strategies $STRATEGIES; seeds $SEEDS; ${TASKS:-all 34 tasks}; archives in $WORK"
java -Xmx2g -XX:ActiveProcessorCount="$THREADS" -cp "$BENCH_CP" io.ams.bench.MetaLearningLcBench \
    ${TASKS:+tasks="$TASKS"} seeds="$SEEDS" strategies="$STRATEGIES" threads="$THREADS" work="$WORK" \
    out="$OUT/meta-learning-lcbench.json" command="$COMMAND"

/usr/bin/python3 bench/python/meta_learning_report.py --json "$OUT/meta-learning-lcbench.json" \
    --out "$OUT/meta-learning.md" --command "$COMMAND" --note "${NOTE:-}"
log "wrote $OUT/meta-learning-lcbench.json and $OUT/meta-learning.md"
