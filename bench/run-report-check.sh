#!/usr/bin/env bash
# The report and the dashboard in a real browser: headless Chromium loads `ams report`'s file
# and `ams dashboard`'s page (on the main job's store and on a Hyperband store the dashboard
# watches while `ams run` writes it), with no JavaScript error and every plot drawn; the
# screenshots go to $OUT (default bench/results/report/, the ones the README shows).
#
#   bash bench/run-report-check.sh               # each search with its genome's budget (2 minutes each)
#   TIME=15s OUT=/tmp/check bash bench/run-report-check.sh   # quicker: what .ci/run does
#
# Needs Debian's chromium (apt-get install -y chromium); exits 2 without it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  echo "chromium is not installed (apt-get install -y chromium): the browser check did not run" >&2
  exit 2
fi
AMS=java/cli/target/bin/ams
[ -x "$AMS" ] || mvn -B -q -DskipTests package -pl java/cli -am
python3 bench/python/report_browser_check.py --ams "$AMS" --out "${OUT:-bench/results/report}" --time "${TIME-}"
