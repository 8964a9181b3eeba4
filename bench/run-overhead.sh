#!/usr/bin/env bash
# Engine overhead per trial: ask + tell + store with a trivial objective, 100 / 1,000 / 10,000
# trials, in-memory and Chronicle Map stores, ask/tell loop and optimize(), workers 1; then
# (unless SKIP_JMH=1) the JMH twin EngineOverheadBench. A few minutes on 2 cores.
# Writes bench/results/overhead.md and bench/results/overhead.json (JMH raw: bench/results/tmp/).
#
# Knobs (environment):
#   SIZES=100,1000,10000 REPS=3 WARMUP=2000 SPACES=branin,mlp-fashion
#   EXTRA_STRATEGIES=ga,regevo,local   (ask/tell at the largest size; empty to skip)
#   STORE_DIR=/tmp                      where the Chronicle store files go (removed after each study)
#   NAME=overhead                       report file names (bench/results/$NAME.md, .json)
#   SKIP_JMH=1  SKIP_BUILD=1  BENCH_CP=...
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-100,1000,10000}
REPS=${REPS:-3}
WARMUP=${WARMUP:-2000}
SPACES=${SPACES:-branin,mlp-fashion}
EXTRA_STRATEGIES=${EXTRA_STRATEGIES-ga,regevo,local}
STORE_DIR=${STORE_DIR:-${TMPDIR:-/tmp}}
NAME=${NAME:-overhead}
OUT=bench/results
TMP=$OUT/tmp
log() { echo "[run-overhead] $*" >&2; }
# Chronicle Map needs these (java/pom.xml chronicle.jvm.flags)
CHRONICLE_FLAGS="--add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED -Dchronicle.analytics.disable=true"

if [[ -z "${BENCH_CP:-}" && -z "${SKIP_BUILD:-}" ]]; then
  log "building Ams and the bench jar (in one reactor, so the jar holds this tree's engine)"
  mvn -B -q -DskipTests package -pl bench -am
fi
CP=${BENCH_CP:-bench/target/benchmarks.jar}
mkdir -p "$TMP"
COMMIT=$(git rev-parse --short HEAD)
JMH_ARG=()
if [[ -z "${SKIP_JMH:-}" ]]; then
  log "JMH EngineOverheadBench"
  java $CHRONICLE_FLAGS -Djava.io.tmpdir="$STORE_DIR" -cp "$CP" org.openjdk.jmh.Main EngineOverheadBench \
      -rf json -rff "$TMP/overhead-jmh.json" | tee "$TMP/overhead-jmh.txt" >&2
  JMH_ARG=(jmh="$TMP/overhead-jmh.json")
fi
COMMAND="SIZES=$SIZES REPS=$REPS WARMUP=$WARMUP SPACES=$SPACES EXTRA_STRATEGIES=$EXTRA_STRATEGIES STORE_DIR=$STORE_DIR NAME=$NAME${SKIP_JMH:+ SKIP_JMH=1} bench/run-overhead.sh (commit $COMMIT)"
java $CHRONICLE_FLAGS -Xms1g -Xmx1g -cp "$CP" io.ams.bench.EngineOverhead \
    sizes="$SIZES" reps="$REPS" warmup="$WARMUP" spaces="$SPACES" extra-strategies="$EXTRA_STRATEGIES" \
    tmp="$STORE_DIR" out="$OUT" name="$NAME" command="$COMMAND" "${JMH_ARG[@]}"
log "wrote $OUT/$NAME.md and $OUT/$NAME.json"
