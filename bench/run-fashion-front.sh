#!/usr/bin/env bash
# Accuracy against size and latency on Fashion-MNIST: the Pareto front that nsga2
# (genomes/mlp-fashion-front.yaml) and Hyperband with non-dominated promotions
# (genomes/mlp-fashion-front-hyperband.yaml) find in TIME each on this machine: one after the
# other with every core, or with PARALLEL=1 side by side with one worker each. Writes bench/results/fashion-front.png (validation accuracy over nonzero weights, every
# trial faint, each front joined) and the section "## Fashion-MNIST: accuracy against size" of
# bench/results/multi-objective.md (a table per strategy: the front with latency and the test
# accuracy of each front network trained again, and the smallest network within 1% of the best).
# Needs the Fashion-MNIST data (Debian package dataset-fashion-mnist).
#
# Knobs (environment):
#   TIME=15m        budget of each search
#   WORKERS=        --workers (default: ams's, one per core; 1 with PARALLEL=1)
#   PARALLEL=1      run both searches at once
# Each run's `ams run --json` result and `ams export --json` are kept in bench/results/fashion-front/,
# so the report can be drawn again (REPORT_ONLY=1).
#   SKIP_BUILD=1    use the existing java/cli/target/bin/ams and bench/target/benchmarks.jar
set -euo pipefail
cd "$(dirname "$0")/.."
TIME=${TIME:-15m}
PARALLEL=${PARALLEL:-}
WORKERS=${WORKERS:-${PARALLEL:+1}}
OUT=bench/results
RUNS_DIR=$OUT/fashion-front
AMS=java/cli/target/bin/ams
log() { echo "[run-fashion-front] $*" >&2; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building the ams command and the bench jar"
  mvn -B -q -DskipTests package -pl java/cli,bench -am
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ams-fashion-front.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$RUNS_DIR"
GENOMES="mlp-fashion-front mlp-fashion-front-hyperband"
search() {
  local genome=$1
  log "$genome for $TIME ($(uptime | sed 's/.*load/load/'))"
  "$AMS" run "genomes/$genome.yaml" --store "$WORK/$genome.ams" --time "$TIME" ${WORKERS:+--workers "$WORKERS"} \
      --json > "$RUNS_DIR/$genome.result.json"
  "$AMS" export "$WORK/$genome.ams" --json -o "$RUNS_DIR/$genome.export.json"
}
if [[ -z "${REPORT_ONLY:-}" ]]; then
  if [[ -n "$PARALLEL" ]]; then
    for genome in $GENOMES; do search "$genome" & done
    wait
  else
    for genome in $GENOMES; do search "$genome"; done
  fi
fi
RUNS=()
for genome in $GENOMES; do
  name=$(sed -n 's/.*"strategy":"\([^"]*\)".*/\1/p' "$RUNS_DIR/$genome.result.json")
  RUNS+=("$name@$RUNS_DIR/$genome.export.json:$RUNS_DIR/$genome.result.json")
done
java -cp bench/target/benchmarks.jar io.ams.bench.FrontReport out-png="$OUT/fashion-front.png" \
    out-md="$WORK/tables.md" runs="$(IFS=,; echo "${RUNS[*]}")"
SECTION="## Fashion-MNIST: accuracy against size"
{
  echo "$SECTION"
  echo
  if [[ -n "$PARALLEL" ]]; then how="side by side, one worker each"; else how="one after the other"; fi
  echo "\`${PARALLEL:+PARALLEL=1 }TIME=$TIME bench/run-fashion-front.sh\` ($how), $(date -u +%Y-%m-%d), $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load when the runs ended: $(uptime | sed 's/.*load average: //')."
  echo "Genomes: genomes/mlp-fashion-front.yaml (nsga2, 3 epochs a trial) and genomes/mlp-fashion-front-hyperband.yaml"
  echo "(hyperband over 1, 3, 9 epochs, promotions by non-dominated rank; the front is taken at 9 epochs)."
  echo "Metrics: validation accuracy (maximised), params (nonzero weights after pruning) and latency_ms (batch 1, one"
  echo "thread), both minimised. Test accuracy: each front network trained again once after the search (\`front_test\`),"
  echo "never used to select."
  if [[ -n "$PARALLEL" ]]; then
    echo "Side by side, each search's trials get every core's BLAS threads (one worker, cores / workers threads), so"
    echo "the two oversubscribe the cores: each completes several times fewer trials than it would alone."
  fi
  echo
  echo "![accuracy against size](fashion-front.png)"
  echo
  cat "$WORK/tables.md"
} > "$WORK/section.md"
# Replace this section of the results file, keep the others.
FILE=$OUT/multi-objective.md
touch "$FILE"
python3 - "$FILE" "$WORK/section.md" "$SECTION" <<'PY'
import sys
path, section_file, title = sys.argv[1:4]
text = open(path).read()
new = open(section_file).read()
start = text.find(title)
if start < 0:
    text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + new
else:
    end = text.find("\n## ", start + len(title))
    text = text[:start] + new + (text[end + 1:] if end >= 0 else "")
open(path, "w").write(text)
PY
log "wrote $FILE and $OUT/fashion-front.png"
