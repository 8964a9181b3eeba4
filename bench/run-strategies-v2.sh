#!/usr/bin/env bash
# Strategies v2 (bench/results/strategies-v2.md): Ams's strategies and Optuna's TPE, multivariate
# TPE and CMA-ES on Branin, Hartmann-6, Rosenbrock-10, rotated+shifted Ellipsoid-10 and
# Rastrigin-10, Styblinski-Tang-20 and Griewank-20, regret at 100 / 300 / 1,000 evaluations, and
# the cost of deterministic studies with 2 workers on the digits MLP. Steps:
#   1. StrategiesV2 mode=reference: Java's function values (and the rotated functions' shifts and
#      rotations for seeds 0..SEEDS-1) to strategies-v2-reference.json;
#   2. (OPTUNA=1) bench/python/optuna_functions_v2.py --check that file (stops on a mismatch), then
#      Optuna's samplers: TPE samplers in one process, CMA-ES in another, beside step 3;
#   3. StrategiesV2 mode=functions: STRATEGIES on FUNCTIONS, SEEDS seeds, one worker;
#   4. StrategiesV2 mode=determinism: DET_STRATEGIES on DET_GENOME, DET_TRIALS trials, 2 workers,
#      deterministic true and false, DET_REPS repetitions (DET=0 skips);
#   5. StrategiesV2 mode=report: strategies-v2.md from the JSON files and strategies-v2.preamble.md.
# Knobs (environment), with defaults:
#   SEEDS=20 BUDGETS=100,300,1000 STRATEGIES=random,ga,regevo,local,bo,cmaes,turbo,auto
#   FUNCTIONS=branin,hartmann6,rosenbrock10,ellipsoid10,rastrigin10,styblinski20,griewank20
#   CAPS=bo:300,turbo:300 (strategy:max evaluations; GP cost is cubic)  OPTUNA=1
#   OPTUNA_SAMPLERS=tpe,tpe-mv,cmaes,cmaes-random  OPTUNA_BUDGETS=tpe:300,tpe-mv:300,cmaes:1000,cmaes-random:1000
#                  (TPE is slow in 20 dims; cmaes-random starts as Ams's cmaes does: random x0, sigma0 = 0.25 range)
#   The report reads every strategies-v2-optuna-*.json: a sampler is added without rerunning the others by
#   running optuna_functions_v2.py alone with --out bench/results/strategies-v2-optuna-NAME.json
#   DET=1 DET_GENOME=genomes/mlp-digits.yaml DET_STRATEGIES=bo,regevo DET_TRIALS=60 DET_REPS=2
#   SKIP_BUILD=1   use the existing bench/target/benchmarks.jar
#   STEPS="1 2 3 4 5"  e.g. STEPS=5 re-renders the report
#   AMS_SUFFIX=    step 3 writes strategies-v2-ams$AMS_SUFFIX.json; the report reads strategies-v2-ams.json and
#                  every strategies-v2-ams-*.json, so strategies are added without rerunning the others:
#                  STRATEGIES=turbo,auto CAPS=turbo:300 AMS_SUFFIX=-turbo-auto STEPS="3 5" SEEDS=5 bench/run-strategies-v2.sh
# The full grid (20 seeds) takes hours on 2 cores, most of it Optuna's TPE at 300 trials in 20 dims;
# the committed report used SEEDS=5.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-20}
BUDGETS=${BUDGETS:-100,300,1000}
STRATEGIES=${STRATEGIES:-random,ga,regevo,local,bo,cmaes,turbo,auto}
FUNCTIONS=${FUNCTIONS:-branin,hartmann6,rosenbrock10,ellipsoid10,rastrigin10,styblinski20,griewank20}
CAPS=${CAPS:-bo:300,turbo:300}
OPTUNA=${OPTUNA:-1}
OPTUNA_SAMPLERS=${OPTUNA_SAMPLERS:-tpe,tpe-mv,cmaes,cmaes-random}
OPTUNA_BUDGETS=${OPTUNA_BUDGETS:-tpe:300,tpe-mv:300,cmaes:1000,cmaes-random:1000}
DET=${DET:-1}
DET_GENOME=${DET_GENOME:-genomes/mlp-digits.yaml}
DET_STRATEGIES=${DET_STRATEGIES:-bo,regevo}
DET_TRIALS=${DET_TRIALS:-60}
DET_REPS=${DET_REPS:-2}
STEPS=${STEPS:-"1 2 3 4 5"}
AMS_SUFFIX=${AMS_SUFFIX:-}
OUT=bench/results
PY=/usr/bin/python3   # Debian's python3-optuna belongs to this interpreter
log() { echo "[run-strategies-v2] $*" >&2; }
if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building Ams and the bench jar"
  mvn -B -o -q -DskipTests package -pl bench -am
fi
# run from a copy, so that a rebuild during the run does not pull the jar from under the JVM
JAR=$(mktemp /tmp/strategies-v2-XXXXXX.jar)
cp bench/target/benchmarks.jar "$JAR"
trap 'rm -f "$JAR"' EXIT
COMMIT=$(git rev-parse --short HEAD)
last=$((SEEDS - 1))
SV2="java -Xmx2g -XX:ActiveProcessorCount=1 -cp $JAR io.ams.bench.StrategiesV2"
mkdir -p "$OUT"
py_pids=()
for step in $STEPS; do
  case $step in
    1) $SV2 mode=reference seeds="$SEEDS" functions="$FUNCTIONS" out="$OUT/strategies-v2-reference.json" ;;
    2) if [[ "$OPTUNA" == 1 ]]; then
         $PY bench/python/optuna_functions_v2.py --check "$OUT/strategies-v2-reference.json" --functions "$FUNCTIONS" \
           --samplers cmaes --seeds 0 --budgets 1 --out /dev/null   # the check alone, before anything long
         tpe=$(echo "$OPTUNA_SAMPLERS" | tr ',' '\n' | grep '^tpe' | paste -sd, || true)
         other=$(echo "$OPTUNA_SAMPLERS" | tr ',' '\n' | grep -v '^tpe' | paste -sd, || true)
         if [[ -n "$tpe" ]]; then
           $PY bench/python/optuna_functions_v2.py --functions "$FUNCTIONS" --samplers "$tpe" --seeds "0-$last" \
             --budgets "$OPTUNA_BUDGETS" --out "$OUT/strategies-v2-optuna-tpe.json" & py_pids+=($!)
         fi
         if [[ -n "$other" ]]; then
           $PY bench/python/optuna_functions_v2.py --functions "$FUNCTIONS" --samplers "$other" --seeds "0-$last" \
             --budgets "$OPTUNA_BUDGETS" --out "$OUT/strategies-v2-optuna-other.json" & py_pids+=($!)
         fi
       fi ;;
    3) $SV2 mode=functions seeds="$SEEDS" budgets="$BUDGETS" strategies="$STRATEGIES" functions="$FUNCTIONS" \
         caps="$CAPS" out="$OUT/strategies-v2-ams$AMS_SUFFIX.json" \
         command="SEEDS=$SEEDS BUDGETS=$BUDGETS STRATEGIES=$STRATEGIES CAPS=$CAPS bench/run-strategies-v2.sh (commit $COMMIT)" ;;
    4) if [[ "$DET" == 1 ]]; then
         # the MLP trials want both cores' worth of workers: no processor cap here
         java -Xmx2g -cp "$JAR" io.ams.bench.StrategiesV2 mode=determinism genome="$DET_GENOME" \
           strategies="$DET_STRATEGIES" trials="$DET_TRIALS" reps="$DET_REPS" out="$OUT/strategies-v2-determinism.json"
       fi ;;
    5) for p in "${py_pids[@]}"; do wait "$p"; done
       ams="$OUT/strategies-v2-ams.json"   # first: its seeds, budgets and command head the report
       for f in "$OUT"/strategies-v2-ams-*.json; do [[ -e "$f" ]] && ams+=",$f"; done
       optuna=$(ls "$OUT"/strategies-v2-optuna-*.json 2>/dev/null | paste -sd, || true)   # every sampler's file
       $SV2 mode=report ams="$ams" optuna="$optuna" \
         determinism="$OUT/strategies-v2-determinism.json" preamble="$OUT/strategies-v2.preamble.md" out="$OUT" ;;
  esac
done
for p in "${py_pids[@]}"; do wait "$p"; done
log "done: $OUT/strategies-v2.md"
