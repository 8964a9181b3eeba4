#!/usr/bin/env bash
# Training-throughput benchmark: Ams native vs plain Java vs PyTorch vs NumPy on the
# 784-256-128-10 Fashion-MNIST MLP, plus sgemm through JNI vs C++ direct.
# Writes bench/results/throughput.md and bench/results/throughput.json.
#
# Every measurement is its own process, run one after another (never two at once).
# Knobs (environment):
#   THREADS="1 2"          thread counts
#   BATCHES="128 32 512"   batch sizes; MAIN_BATCH gets MAIN_EPOCHS, the others SIDE_EPOCHS
#   MAIN_BATCH=128 MAIN_EPOCHS=10 SIDE_EPOCHS=2
#   JAVA_EPOCHS=           plain-Java epochs at every batch (default: same as the others)
#   IMPLS="ams java pytorch numpy"
#   SKIP_BUILD=1           use the existing bench/target/benchmarks.jar
#   SKIP_SGEMM=1           skip the sgemm comparison
#   BENCH_CP=...           class path to use instead of bench/target/benchmarks.jar (development)
#   PYTHON=/usr/bin/python3  (needs torch and numpy)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-/usr/bin/python3}
THREADS=${THREADS:-"1 2"}
BATCHES=${BATCHES:-"128 32 512"}
MAIN_BATCH=${MAIN_BATCH:-128}
MAIN_EPOCHS=${MAIN_EPOCHS:-10}
SIDE_EPOCHS=${SIDE_EPOCHS:-2}
JAVA_EPOCHS=${JAVA_EPOCHS:-}
IMPLS=${IMPLS:-"ams java pytorch numpy"}
OUT=$ROOT/bench/results
TMP=$OUT/tmp
PRESET_VERSION=0.3.31-1.5.13
PRESET_JAR=$HOME/.m2/repository/org/bytedeco/openblas/$PRESET_VERSION/openblas-$PRESET_VERSION-linux-x86_64.jar
rm -rf "$TMP"
mkdir -p "$TMP"
echo "$0 $*  (THREADS='$THREADS' BATCHES='$BATCHES' MAIN_EPOCHS=$MAIN_EPOCHS SIDE_EPOCHS=$SIDE_EPOCHS${JAVA_EPOCHS:+ JAVA_EPOCHS=$JAVA_EPOCHS} IMPLS='$IMPLS')" > "$TMP/command.txt"
log() { echo "[run-throughput] $*" >&2; }

# ---- build ----
if [[ -z "${BENCH_CP:-}" && -z "${SKIP_BUILD:-}" ]]; then
  log "building Ams and the bench jar"
  mvn -B -q -DskipTests install -pl java -am
  mvn -B -q -DskipTests package -pl bench
fi
CP=${BENCH_CP:-$ROOT/bench/target/benchmarks.jar}

log "building sgemm_direct against the preset's OpenBLAS ($PRESET_JAR)"
[[ -f "$PRESET_JAR" ]] || mvn -B -q dependency:get -Dartifact=org.bytedeco:openblas:$PRESET_VERSION:jar:linux-x86_64
(cd "$TMP" && mkdir -p preset && cd preset && unzip -q -o "$PRESET_JAR" 'org/bytedeco/openblas/linux-x86_64/*')
BLAS_DIR=$TMP/preset/org/bytedeco/openblas/linux-x86_64
g++ -O2 -std=c++17 -I"$BLAS_DIR/include" bench/native/sgemm_direct.cpp -o "$TMP/sgemm_direct" \
    "$BLAS_DIR/libopenblas.so.0" -Wl,-rpath,"$BLAS_DIR"
if ldd "$TMP/sgemm_direct" | grep libopenblas | grep -qv "$BLAS_DIR"; then
  log "sgemm_direct resolved a libopenblas outside the preset"; ldd "$TMP/sgemm_direct"; exit 1
fi

# ---- machine ----
ORIG_CORETYPE=${OPENBLAS_CORETYPE-<unset>}
ORIG_L2=${OPENBLAS_L2_SIZE-<unset>}
CLOCK=$("$TMP/sgemm_direct" --clock)
"$PYTHON" - "$TMP/machine.json" "$CLOCK" "$ORIG_CORETYPE" "$ORIG_L2" <<'PY'
import json, os, subprocess, sys, datetime, platform
out, clock, coretype, l2 = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
model, mhz = "?", 0.0
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"): model = line.split(":", 1)[1].strip()
    if line.startswith("cpu MHz"): mhz = max(mhz, float(line.split(":", 1)[1]))
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
notes = [f"OPENBLAS_CORETYPE={coretype}, OPENBLAS_L2_SIZE={l2} in the environment; both are unset for the NumPy runs only"]
json.dump({"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
           "cpu_model": model, "cores": os.cpu_count(), "nominal_mhz": mhz,
           "measured_clock_ghz": clock["measured_clock_ghz"], "kernel": platform.release(),
           "java": java[1] if len(java) > 1 else "?", "python": f"Python {platform.python_version()}",
           "notes": notes}, open(out, "w"), indent=1)
PY

# ---- training runs ----
run() {  # impl batch epochs threads
  local impl=$1 batch=$2 epochs=$3 threads=$4 line rc=0
  log "$impl batch=$batch epochs=$epochs threads=$threads"
  case $impl in
    ams|java) line=$(java -cp "$CP" io.ams.bench.TrainThroughput impl=$impl batch=$batch epochs=$epochs threads=$threads) || rc=$? ;;
    pytorch)  line=$("$PYTHON" bench/python/torch_mlp.py --batch $batch --epochs $epochs --threads $threads) || rc=$? ;;
    pytorch-omp-passive)
              line=$(OMP_WAIT_POLICY=PASSIVE "$PYTHON" bench/python/torch_mlp.py --batch $batch --epochs $epochs --threads $threads \
                     | sed 's/"impl": "pytorch"/"impl": "pytorch-omp-passive"/') || rc=$? ;;
    numpy)    line=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PYTHON" bench/python/numpy_mlp.py --batch $batch --epochs $epochs --threads $threads) || rc=$? ;;
  esac
  line=$(printf '%s\n' "${line:-}" | grep '^{' | tail -1 || true)
  if [[ $rc -ne 0 || -z "$line" ]]; then
    log "  FAILED (rc=$rc)"
    line="{\"impl\": \"$impl\", \"batch\": $batch, \"epochs\": $epochs, \"threads\": $threads, \"error\": \"exit $rc\"}"
  fi
  echo "$line" >> "$TMP/runs.jsonl"
}
for batch in $BATCHES; do
  epochs=$SIDE_EPOCHS; [[ $batch == "$MAIN_BATCH" ]] && epochs=$MAIN_EPOCHS
  for threads in $THREADS; do
    for impl in $IMPLS; do
      e=$epochs; [[ $impl == java && -n "$JAVA_EPOCHS" ]] && e=$JAVA_EPOCHS
      run "$impl" "$batch" "$e" "$threads"
    done
    # Debian's torch spins its OpenMP pool next to OpenBLAS's threads; show the passive variant too
    if [[ $batch == "$MAIN_BATCH" && $threads -gt 1 && " $IMPLS " == *" pytorch "* ]]; then
      run pytorch-omp-passive "$batch" "$epochs" "$threads"
    fi
  done
done

# ---- sgemm: JNI vs C++ direct ----
if [[ -z "${SKIP_SGEMM:-}" ]]; then
  log "sgemm C++ direct"
  "$TMP/sgemm_direct" 128x256x784 512x512x512 --threads "${THREADS// /,}" > "$TMP/sgemm_direct.jsonl"
  log "sgemm JNI (JMH)"
  java -cp "$CP" io.ams.bench.SgemmJniBench > "$TMP/sgemm_jni_info.json"
  java -cp "$CP" org.openjdk.jmh.Main SgemmJniBench -p threads="${THREADS// /,}" \
       -rf json -rff "$TMP/sgemm_jni.json" > "$TMP/sgemm_jni.log" 2>&1 || { log "JMH failed"; tail -20 "$TMP/sgemm_jni.log"; }
fi

"$PYTHON" bench/python/report.py "$TMP" "$OUT"
log "wrote $OUT/throughput.md and $OUT/throughput.json"
cat "$OUT/throughput.md"
