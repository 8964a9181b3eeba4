#!/usr/bin/env bash
# Leave-one-task-out meta-learning on YAHPO Gym's LCBench surrogate: cold vs warm start for ga, bo and
# hyperband (io.ams.bench.MetaLearningLcBench). For each of the 34 tasks: an earlier bo study of 50 full
# trainings (seed 1000 + the task's index), archived; then, per target task, strategy and seed, a cold run,
# a warm run from the other 33 tasks' studies (WarmStart(folder, 3, 10)) and a control warm run from 3
# random other tasks, each searching TRIALS full trainings' worth of epochs (TRIALS x 52; a warm run pays
# 32 probe epochs on top). Time to within 1% and 0.5% of the best known value, speed-ups, tasks where the
# warm start is worse.
# Time on 2 shared cores (34 tasks x 3 strategies x 3 modes): TRIALS=50, 5 seeds: about 5 minutes;
# TRIALS=200, 5 seeds: about 22 minutes (bo with 200 observations is slower per proposal; 13 minutes for 3 seeds).
# Writes $OUT/meta-learning-lcbench.json for TRIALS=200 (the main run) and $OUT/meta-learning-lcbench-<TRIALS>.json
# otherwise (every run and the summaries), then renders $OUT/meta-learning.md from the main JSON, with the
# 50-training JSON as a second summary when it exists.
#
# Knobs (environment): TRIALS=200 search budget in full trainings (ga, bo: trials; hyperband: TRIALS x 52 epochs)
#   TASKS=3945,7593,... (default: all 34; the earlier studies always cover all 34)
#   SEEDS=1-5 STRATEGIES=ga,bo,hyperband THREADS=2 NOTE=... (added to the report) OUT=bench/results
#   JSON=file name under $OUT (default as above)
#   WORK=folder for the archives (default: a fresh temporary folder)   SKIP_BUILD=1  use the jars already built
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-200}
TASKS=${TASKS:-}
SEEDS=${SEEDS:-1-5}
STRATEGIES=${STRATEGIES:-ga,bo,hyperband}
THREADS=${THREADS:-2}
OUT=${OUT:-bench/results}
if [[ "$TRIALS" == 200 ]]; then JSON=${JSON:-meta-learning-lcbench.json}; else JSON=${JSON:-meta-learning-lcbench-$TRIALS.json}; fi
WORK=${WORK:-$(mktemp -d -t ams-meta-learning.XXXXXX)}
log() { echo "[run-meta-learning] $*" >&2; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building the engine, the lcbench plug-in and the bench jar (one reactor, offline)"
  mvn -B -o -q -DskipTests package -pl java/lcbench,bench -am
fi
BENCH_CP=bench/target/benchmarks.jar:java/lcbench/target/ams-lcbench.jar
COMMAND="TRIALS=$TRIALS ${TASKS:+TASKS=$TASKS }SEEDS=$SEEDS STRATEGIES=$STRATEGIES THREADS=$THREADS bench/run-meta-learning.sh (commit $(git rev-parse --short HEAD))"
mkdir -p "$OUT"

log "budget $TRIALS full trainings; strategies $STRATEGIES; seeds $SEEDS; ${TASKS:-all 34 tasks}; archives in $WORK"
java -Xmx2g -XX:ActiveProcessorCount="$THREADS" -cp "$BENCH_CP" io.ams.bench.MetaLearningLcBench \
    ${TASKS:+tasks="$TASKS"} trials="$TRIALS" seeds="$SEEDS" strategies="$STRATEGIES" threads="$THREADS" work="$WORK" \
    out="$OUT/$JSON" command="$COMMAND"

# the report: the main (200-training) run, and the 50-training run as a second summary when there is one
MAIN=$OUT/meta-learning-lcbench.json
SECOND=$OUT/meta-learning-lcbench-50.json
if [[ -f "$MAIN" ]]; then
  /usr/bin/python3 bench/python/meta_learning_report.py --json "$MAIN" ${NOTE:+--note "$NOTE"} \
      $([[ -f "$SECOND" ]] && echo --second "$SECOND") --out "$OUT/meta-learning.md"
  log "wrote $OUT/$JSON and $OUT/meta-learning.md"
else
  log "wrote $OUT/$JSON; no $MAIN to render $OUT/meta-learning.md from (run with TRIALS=200)"
fi
