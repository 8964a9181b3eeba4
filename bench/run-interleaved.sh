#!/usr/bin/env bash
# Two-thread throughput, Ams vs NumPy, interleaved: on a shared 2-core VM the second core comes
# and goes, so sequential runs (run-throughput.sh) can hand one implementation a slow period.
# Alternating short runs and taking medians compares them under the same conditions.
# Usage: bench/run-interleaved.sh [rounds] [epochs]   (writes bench/results/throughput-interleaved.md)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
EPOCHS=${2:-3}
CP=${BENCH_CP:-bench/target/benchmarks.jar}
PY=${PYTHON:-/usr/bin/python3}
OUT=bench/results/throughput-interleaved.md
rows=()
for batch in 128 512; do
  ams=(); np=()
  for ((r = 0; r < ROUNDS; r++)); do
    ams+=("$(java -cp "$CP" io.ams.bench.TrainThroughput impl=ams batch=$batch epochs=$EPOCHS threads=2 \
      | $PY -c 'import json,sys; print(round(json.loads(sys.stdin.read())["samples_per_s"]))')")
    np+=("$($PY bench/python/numpy_mlp.py --batch $batch --epochs $EPOCHS --threads 2 | tail -1 \
      | $PY -c 'import json,sys; print(round(json.loads(sys.stdin.read())["samples_per_s"]))')")
  done
  med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  ma=$(med "${ams[@]}"); mn=$(med "${np[@]}")
  rows+=("| $batch | 2 | ${ams[*]} | ${np[*]} | $ma | $mn | $(awk -v a="$ma" -v b="$mn" 'BEGIN {printf "%.2f", a / b}') |")
done
{
  echo "# Two-thread throughput, Ams vs NumPy, interleaved runs"
  echo
  echo "- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
  echo "- Command: \`bench/run-interleaved.sh $ROUNDS $EPOCHS\` ($ROUNDS rounds of Ams then NumPy, $EPOCHS epochs each, samples/s over epochs 2..$EPOCHS)"
  echo
  echo "| batch | threads | Ams samples/s per round | NumPy samples/s per round | Ams median | NumPy median | Ams / NumPy |"
  echo "|---:|---:|---|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} > "$OUT"
cat "$OUT"
