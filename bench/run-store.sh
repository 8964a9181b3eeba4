#!/usr/bin/env bash
# Store figures: the size of a store per trial, and what opening one costs (`ams show`), at 100 /
# 1,000 / 10,000 trials, idle and while a search writes it; `ams --version` in the same run as the
# floor (JVM start and the CLI). A few minutes on 2 cores.
# Writes the "Store size and open time" section of bench/results/store.md (between its markers;
# the rest of the file is left as it is).
#
# Knobs (environment):
#   SIZES=100,1000,10000 REPS=5   STORE_DIR=/tmp (where the stores go; removed at the end)
#   SKIP_BUILD=1                  use the java/cli/target/bin/ams already built
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-100,1000,10000}
REPS=${REPS:-5}
STORE_DIR=${STORE_DIR:-${TMPDIR:-/tmp}}
OUT=bench/results/store.md
AMS=java/cli/target/bin/ams
log() { echo "[run-store] $*" >&2; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building the CLI"
  mvn -B -q -DskipTests package -pl java/cli -am
fi
WORK=$(mktemp -d "$STORE_DIR/ams-store-bench.XXXXXX")
trap 'kill "${WRITER:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# median wall and CPU (user+sys) seconds of REPS runs of a command: "wall cpu"
timed() {
  local walls=() cpus=()
  for ((r = 0; r < REPS; r++)); do
    /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" > "$WORK/stdout" 2> "$WORK/stderr" || {
      cat "$WORK/stderr" >&2; return 1; }
    read -r wall user sys < "$WORK/time"
    walls+=("$wall"); cpus+=("$(echo "$user $sys" | awk '{printf "%.2f", $1 + $2}')")
  done
  local mw mc
  mw=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mc=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$mw $mc"
}

# Branin without a target (the bundled genome stops at 0.398): every store gets its trials
GENOME="$WORK/branin.yaml"
sed 's/, target: [0-9.]*//' genomes/branin.yaml > "$GENOME"

# what a store adds to a short search: creating it, and closing it
read -r rw rc < <(timed "$AMS" run "$GENOME" --trials 5 --workers 1)
read -r sw5 sc5 < <(timed bash -c 'rm -rf "$0/short" && "$1" run "$2" --trials 5 --workers 1 --store "$0/short/s"' \
    "$WORK" "$AMS" "$GENOME")

ROWS=""
prev_n=0
prev_bytes=0
read -r vw vc < <(timed "$AMS" --version)
log "ams --version: ${vw} s wall, ${vc} s CPU"
for n in ${SIZES//,/ }; do
  store="$WORK/s$n"
  log "$n trials: creating"
  "$AMS" run "$GENOME" --strategy random --trials "$n" --workers 1 --store "$store" > /dev/null
  bytes=$(stat -c %s "$store")
  disk=$(du -k "$store" | cut -f1)
  read -r sw sc < <(timed "$AMS" show "$store")
  read -r ew ec < <(timed "$AMS" export "$store" --json)
  log "$n trials: ${bytes} bytes, show ${sw} s wall ${sc} s CPU, export ${ew} s wall"
  added=$(( (bytes - prev_bytes) / (n - prev_n) ))
  prev_n=$n; prev_bytes=$bytes
  ROWS+="| $n | $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}') MB | $added | $sw | $sc | $ew | $ec |"$'\n'
done

# while a search writes: the largest store, resumed with a larger budget
n=${SIZES##*,}
store="$WORK/s$n"
"$AMS" resume "$store" --trials $((n * 20)) > "$WORK/writer.out" 2>&1 &
WRITER=$!
sleep 5
read -r lw lc < <(timed "$AMS" show "$store")
grep -q "being written" "$WORK/stdout" || { log "show did not say the store is being written"; cat "$WORK/stdout" >&2; exit 1; }
kill "$WRITER" 2>/dev/null || { log "the search ended before the reads did:"; tail -5 "$WORK/writer.out" >&2; exit 1; }
wait "$WRITER" 2>/dev/null || true
WRITER=""
log "show while a search writes: ${lw} s wall ${lc} s CPU"

CPU=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
SECTION=$(cat <<EOF
<!-- run-store.sh: begin (generated; edit bench/run-store.sh instead) -->
## Store size and open time

\`bench/run-store.sh\` (SIZES=$SIZES REPS=$REPS), commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d), $(nproc) cores ($CPU), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).
Stores of the bundled Branin genome without its target, \`random\` strategy, one worker; medians of $REPS runs of the
launcher (\`java/cli/target/bin/ams\`), wall and CPU (user + system) seconds.

| trials | map file | bytes per trial added (since the row above) | \`ams show\` wall s | CPU s | \`ams export --json\` wall s | CPU s |
|---:|---:|---:|---:|---:|---:|---:|
$ROWS
- \`ams --version\` (JVM start and the CLI, nothing opened): ${vw} s wall, ${vc} s CPU.
- A 5-trial Branin search: ${rw} s wall, ${rc} s CPU without a store; ${sw5} s wall, ${sc5} s CPU with a new one (\`--store\`).
- \`ams show\` on the ${n}-trial store while \`ams resume\` writes it: ${lw} s wall, ${lc} s CPU.
<!-- run-store.sh: end -->
EOF
)
touch "$OUT"
python3 - "$OUT" "$SECTION" <<'PY'
import sys, re
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pattern = re.compile(r"<!-- run-store.sh: begin.*?<!-- run-store.sh: end -->", re.S)
if pattern.search(text):
    text = pattern.sub(lambda m: section, text)
else:
    text = (text.rstrip() + "\n\n" if text.strip() else "# Store figures\n\n") + section + "\n"
open(path, "w").write(text)
PY
log "wrote the store section of $OUT"
