#!/usr/bin/env bash
# Checkpoint disk of a multi-fidelity search: runs the bundled digits Hyperband genome with a
# store under each keep_checkpoints setting and measures the checkpoint folder (its size at the
# end, and the largest it got while the search ran, sampled every 0.2 s), with the store itself.
# Writes the section "## Checkpoint disk at the end of a hyperband run" of bench/results/store.md,
# replacing that section only: other sections of the file are left as they are.
#
# Knobs (environment):
#   TRIALS="69 300 1000"     trial budgets (1000 is the genome's own, which its 2 minutes usually allow)
#   KEEPS="all continuable best"
#   WORKERS=                 --workers (default: ams's, one per core)
#   GENOME=genomes/mlp-digits-hyperband.yaml
#   STORE_DIR=${TMPDIR:-/tmp} where the stores go (removed after each run)
#   SKIP_BUILD=1             use the existing java/cli/target/bin/ams
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-"69 300 1000"}
KEEPS=${KEEPS:-"all continuable best"}
WORKERS=${WORKERS:-}
GENOME=${GENOME:-genomes/mlp-digits-hyperband.yaml}
STORE_DIR=${STORE_DIR:-${TMPDIR:-/tmp}}
OUT=bench/results/store.md
AMS=java/cli/target/bin/ams
log() { echo "[run-checkpoint-disk] $*" >&2; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building the ams command"
  mvn -B -q -DskipTests package -pl java/cli -am
fi
WORK=$(mktemp -d "$STORE_DIR/ams-checkpoint-disk.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROWS=$WORK/rows.tsv
: > "$ROWS"

bytes() { if [[ -e "$1" ]]; then du -sb "$1" | cut -f1; else echo 0; fi; }
for trials in $TRIALS; do
  for keep in $KEEPS; do
    dir=$WORK/$keep-$trials
    mkdir -p "$dir"
    store=$dir/s.ams
    ckpt=$store.checkpoints
    log "$keep, $trials trials"
    # The folder's peak while the search runs, sampled in the background.
    # du may race a deletion (it then warns and exits 1, its total still printed): keep its last line.
    ( set +e; peak=0
      while :; do
        b=$(du -sb "$ckpt" 2>/dev/null | tail -1 | cut -f1); b=${b:-0}
        if (( b > peak )); then peak=$b; echo "$peak" > "$dir/peak"; fi
        sleep 0.2
      done ) &
    sampler=$!
    start=$(date +%s.%N)
    "$AMS" run "$GENOME" --store "$store" --trials "$trials" --time 1h --keep-checkpoints "$keep" \
        ${WORKERS:+--workers "$WORKERS"} --json > "$dir/result.json"
    end=$(date +%s.%N)
    kill "$sampler"; wait "$sampler" 2>/dev/null || true
    files=$(find "$ckpt" -name '*.ckpt' 2>/dev/null | wc -l)
    store_bytes=$(( $(bytes "$store") + $(bytes "$store.meta.json") + $(bytes "$store.lock") ))
    show=$("$AMS" show "$store" --top 0 | grep '^disk: ')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$trials" "$keep" "$(bytes "$ckpt")" "$files" \
        "$(cat "$dir/peak" 2>/dev/null || echo 0)" "$store_bytes" "$(echo "$end - $start" | bc)" "$show" \
        "$(python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); print(o["trials"], o["value"])' "$dir/result.json")" >> "$ROWS"
    rm -rf "$dir"
  done
done

python3 - "$ROWS" "$OUT" "$GENOME" "TRIALS='$TRIALS' KEEPS='$KEEPS'${WORKERS:+ WORKERS=$WORKERS} bench/run-checkpoint-disk.sh" <<'PY'
import datetime, os, re, sys
rows_file, out, genome, command = sys.argv[1:5]
commit = os.popen("git rev-parse --short HEAD 2>/dev/null").read().strip() or "?"
if os.popen("git status --porcelain 2>/dev/null").read().strip(): commit += " with uncommitted changes"
cores = os.cpu_count()
def mb(b): return f"{int(b) / 1e6:.1f}"
rows = [l.rstrip("\n").split("\t") for l in open(rows_file) if l.strip()]
H = "## Checkpoint disk at the end of a hyperband run"
L = [H, "",
     f"- Date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}; {cores} cores; commit {commit}",
     f"- Command: `{command}`",
     f"- Each run: `ams run {genome} --store STORE --trials N --time 1h --keep-checkpoints K --json` "
     "(a fresh store each time; the genome's median pruner stays on)", "",
     "The checkpoint folder `STORE.checkpoints/` when the run has ended, the largest it got while the "
     "search ran (sampled every 0.2 s, so a lower bound), and the store itself (map file, meta, lock). "
     "Without pruning, 69 trials would be one Hyperband cycle (brackets of 40, 17, 8 and 4 trials at "
     "max_fidelity 27, eta 3); the genome's median pruner stops trials, which are then never promoted, so "
     "brackets run shorter and a budget ends wherever it falls in one: what `continuable` keeps at the end "
     "is the rung under way and the parents of its promotions. Pruned trials save no checkpoint, so `all` has "
     "fewer files than trials. The best value is the validation accuracy of the best trial at the highest "
     "fidelity reached; the same in each row of a budget shows that the setting changes nothing but the disk. "
     "`ams show` prints the same sizes as its `disk:` line (last column).", "",
     "| trials | keep_checkpoints | checkpoints at the end (MB) | files | peak during the run (MB) | store (MB) | best value | seconds | `ams show` |",
     "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
for trials, keep, ck, files, peak, store, secs, show, result in rows:
    stored, best = result.split()
    assert stored == trials, f"{keep}: {stored} trials stored, not {trials}"
    L.append(f"| {trials} | {keep} | {mb(ck)} | {files} | {mb(peak)} | {mb(store)} | {float(best):.4f} | {float(secs):.0f} | {show} |")
L.append("")
section = "\n".join(L)
text = open(out).read() if os.path.exists(out) else "# Store and checkpoint disk\n\n"
# Replace this section only, up to the next section of the same level.
pattern = re.compile(re.escape(H) + r"\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(out, "w").write(text)
print(section)
PY
