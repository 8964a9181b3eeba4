#!/usr/bin/env bash
# Meta-learning on real datasets with the real MLP (io.ams.bench.MetaLearningDatasets):
# leave-one-dataset-out, cold vs warm start. On digits, wine, breast_cancer, iris and a Fashion-MNIST
# subsample (the first FASHION_ROWS training images; needs the Debian package dataset-fashion-mnist):
#   1. per dataset one earlier study (EARLIER_STRATEGY, EARLIER_TRIALS trials, seed 1000), archived;
#   2. per target dataset an archive folder with the other datasets' entries only;
#   3. per target, strategy and seed: a cold study and a warm one (WarmStart(folder, 3, 10)), TRIALS trials.
# The space is genomes/mlp-digits.yaml's (20 epochs a trial), the same for every dataset; metric:
# validation accuracy. One worker, and the JVM sees one core (-XX:ActiveProcessorCount=1): one
# thread a trial. About 10 minutes on 2 shared cores with the defaults.
# Writes bench/results/meta-learning-datasets.md and bench/results/meta-learning-datasets.json;
# the archives go to a temporary folder (WORK to keep them).
#
# Knobs (environment): SEEDS=3 TRIALS=30 STRATEGIES=bo,ga,hyperband EARLIER_TRIALS=40 EARLIER_STRATEGY=bo
#   DATASETS=digits,wine,breast_cancer,iris,fashion FASHION_ROWS=2000 GENOME=genomes/mlp-digits.yaml
#   WORK=DIR  OUT=bench/results  NOTE=... (added to the report)
#   SKIP_BUILD=1  use the existing bench/target/benchmarks.jar
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-3}
TRIALS=${TRIALS:-30}
STRATEGIES=${STRATEGIES:-bo,ga,hyperband}
EARLIER_TRIALS=${EARLIER_TRIALS:-40}
EARLIER_STRATEGY=${EARLIER_STRATEGY:-bo}
DATASETS=${DATASETS:-digits,wine,breast_cancer,iris,fashion}
FASHION_ROWS=${FASHION_ROWS:-2000}
GENOME=${GENOME:-genomes/mlp-digits.yaml}
OUT=${OUT:-bench/results}
log() { echo "[run-meta-learning-datasets] $*" >&2; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building Ams and the bench jar (in one reactor, so the jar holds this tree's engine)"
  mvn -B -q -DskipTests package -pl bench -am
fi
WORK=${WORK:-$(mktemp -d -t ams-meta-datasets-XXXXXX)}
COMMAND="SEEDS=$SEEDS TRIALS=$TRIALS STRATEGIES=$STRATEGIES EARLIER_TRIALS=$EARLIER_TRIALS EARLIER_STRATEGY=$EARLIER_STRATEGY FASHION_ROWS=$FASHION_ROWS bench/run-meta-learning-datasets.sh (commit $(git rev-parse --short HEAD))"
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
java -XX:ActiveProcessorCount=1 -Xmx1g -cp bench/target/benchmarks.jar io.ams.bench.MetaLearningDatasets \
    datasets="$DATASETS" strategies="$STRATEGIES" seeds="$SEEDS" trials="$TRIALS" earlier-trials="$EARLIER_TRIALS" \
    earlier-strategy="$EARLIER_STRATEGY" fashion-rows="$FASHION_ROWS" genome="$GENOME" work="$WORK" out="$OUT" \
    command="$COMMAND" note="${NOTE:-}"
log "wrote $OUT/meta-learning-datasets.md and $OUT/meta-learning-datasets.json (archives in $WORK)"
