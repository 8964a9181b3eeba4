#!/usr/bin/env python3
"""Loads what `ams report` and `ams dashboard` make in a real browser (headless Chromium).

For the main job's store and a Hyperband store: the report file and the dashboard page load
with no JavaScript error in the console, every plot is drawn (an <svg class="plot ..."> with a
non-empty box and marks in it), the dashboard's trial count grows while `ams run` writes the
store and equals the run's count once it has ended. Screenshots go to --out.

Standard library only; run by bench/run-report-check.sh (which .ci/run calls where Chromium
is installed).
"""
import argparse
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# Marks a plot draws its data with; a plot with none of them is empty.
MARKS = ("circle", "polyline", "path", "rect")

# Appended to a copy of the report (never to what users get): after load, every plot's box and
# marks, read by the browser, into an attribute that --dump-dom prints.
CHECK_SCRIPT = """<script>
window.addEventListener('load', function () {
  var plots = [];
  document.querySelectorAll('svg.plot').forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    var marks = svg.querySelectorAll('circle,polyline,path,rect.bar').length;
    plots.push({cls: svg.getAttribute('class'), w: box.width, h: box.height, marks: marks});
  });
  document.body.setAttribute('data-check', JSON.stringify(plots));
});
</script>"""


class PlotCounter(html.parser.HTMLParser):
    """Counts the marks inside each <svg class="plot ..."> of a page, as the DOM holds them."""

    def __init__(self):
        super().__init__()
        self.plots = []
        self.inside = None

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "svg" and cls.startswith("plot "):
            self.inside = {"cls": cls, "marks": 0}
        elif self.inside is not None and tag in MARKS and cls not in ("frame",):
            self.inside["marks"] += 1

    def handle_endtag(self, tag):
        if tag == "svg" and self.inside is not None:
            self.plots.append(self.inside)
            self.inside = None


def chromium(url, *extra, budget_ms=4000):
    """(stdout, console lines) of headless Chromium on url; virtual time lets the page's timers run."""
    # a profile of its own each time: a second Chromium sharing one hands its work to the first and prints nothing
    with tempfile.TemporaryDirectory(prefix="ams-chromium-") as profile:
        cmd = [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
               "--hide-scrollbars", "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}",
               f"--virtual-time-budget={budget_ms}", *extra, url]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    console = [line for line in p.stderr.splitlines() if ":CONSOLE" in line]
    if p.returncode != 0:
        fail(f"chromium exited {p.returncode} on {url}: {p.stderr[-1500:]}")
    return p.stdout, console


def console_errors(console):
    return [c for c in console if "Uncaught" in c or "Error" in c or ":ERROR:" in c]


def screenshot(url, path, width, height, scale=1.0):
    chromium(url, f"--screenshot={path}", f"--window-size={width},{height}",
             f"--force-device-scale-factor={scale}", budget_ms=3000)
    if not os.path.exists(path) or os.path.getsize(path) < 10_000:
        fail(f"no screenshot of {url} at {path}")


def fail(message):
    print("FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def check_report_file(report, expected, work):
    """Every expected plot drawn by the browser, no console error; returns the plots."""
    page = open(report, encoding="utf-8").read()
    checked = os.path.join(work, os.path.basename(report).replace(".html", ".checked.html"))
    with open(checked, "w", encoding="utf-8") as f:
        f.write(page.replace("</body>", CHECK_SCRIPT + "</body>"))
    dom, console = chromium("file://" + checked, "--dump-dom")
    if console_errors(console):
        fail(f"{report}: JavaScript errors: {console_errors(console)}")
    m = re.search(r'data-check="([^"]*)"', dom)
    if not m:
        fail(f"{report}: the check script did not run (no data-check in the DOM)")
    plots = json.loads(html.unescape(m.group(1)))
    for p in plots:
        if p["w"] <= 0 or p["h"] <= 0 or p["marks"] == 0:
            fail(f"{report}: plot {p['cls']} is empty: {p}")
    kinds = {p["cls"].split()[1] for p in plots}
    missing = [k for k in expected if k not in kinds]
    if missing:
        fail(f"{report}: plots missing: {missing} (has {sorted(kinds)})")
    # the table sorts when a header is clicked: the page's own script, run by the browser
    return plots


def dashboard_look(url, expected):
    """The dashboard page as the browser has it after its refresh timers ran: (count, plots)."""
    dom, console = chromium(url, "--dump-dom", budget_ms=6000)
    if console_errors(console):
        fail(f"{url}: JavaScript errors: {console_errors(console)}")
    m = re.search(r'<span id="count">(\d+)</span>', dom)
    if not m:
        fail(f"{url}: no trial count on the page")
    counter = PlotCounter()
    counter.feed(dom)
    for p in counter.plots:
        if p["marks"] == 0:
            fail(f"{url}: plot {p['cls']} is empty")
    kinds = {p["cls"].split()[1] for p in counter.plots}
    missing = [k for k in expected if k not in kinds]
    if missing:
        fail(f"{url}: plots missing: {missing}")
    return int(m.group(1)), counter.plots


def run_json(ams, args):
    p = subprocess.run([ams, *args, "--json"], capture_output=True, text=True, timeout=1800)
    if p.returncode != 0:
        fail(f"ams {' '.join(args)} exited {p.returncode}: {p.stdout[-2000:]} {p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ams", required=True, help="the ams launcher")
    ap.add_argument("--out", required=True, help="folder for the screenshots and check.json")
    ap.add_argument("--time", default="", help="each search's time (e.g. 20s); empty: the genome's own budget")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="ams-report-check-")
    timing = ["--time", args.time] if args.time else []
    summary = {}
    base = ["history-trial", "history-time", "importance-plot", "parallel-plot", "slice-plot"]
    try:
        # 1. the main job (README's first command) with a store, its report in the browser
        main_store = os.path.join(work, "main.ams")
        result = run_json(args.ams, ["run", "--store", main_store, *timing])
        report = os.path.join(work, "main.html")
        subprocess.run([args.ams, "report", main_store, "-o", report], check=True, capture_output=True)
        plots = check_report_file(report, base, work)
        screenshot("file://" + report, os.path.join(args.out, "report-main.png"), 1400, 2700)
        summary["main"] = {"trials": result["trials"], "best": result["value"], "test": result.get("test_metric"),
                           "plots": len(plots), "report_kb": round(os.path.getsize(report) / 1024)}

        # 2. a Hyperband search, watched on the dashboard while it runs
        hb_store = os.path.join(work, "hyperband.ams")
        runner = subprocess.Popen([args.ams, "run", "mlp-digits-hyperband", "--store", hb_store, *timing, "--json"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        deadline = time.time() + 120
        while not os.path.exists(hb_store + ".meta.json") and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(3)
        dash = subprocess.Popen([args.ams, "dashboard", hb_store, "--port", "0"], stdout=subprocess.PIPE, text=True)
        try:
            line = dash.stdout.readline()
            m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if not m:
                fail(f"the dashboard did not say where it listens: {line!r}")
            url = m.group(1)
            counts = []
            for look in range(3):
                if runner.poll() is not None:
                    break
                count, _ = dashboard_look(url, ["history-trial"])
                counts.append(count)
                if look == 0:
                    screenshot(url, os.path.join(args.out, "dashboard-running.png"), 1400, 1500)
            if len(counts) < 2:
                fail(f"the run ended before the dashboard was looked at twice ({counts}): give it more --time")
            if not all(b > a for a, b in zip(counts, counts[1:])):
                fail(f"the dashboard's trial count did not grow while the run wrote: {counts}")
            out, _ = runner.communicate(timeout=1800)
            if runner.returncode != 0:
                fail(f"the hyperband run exited {runner.returncode}")
            hb = json.loads(out.strip().splitlines()[-1])
            final, dplots = dashboard_look(url, base + ["curves-plot"])
            if final != hb["trials"]:
                fail(f"after the run the dashboard shows {final} trials, the run made {hb['trials']}")
        finally:
            dash.terminate()
            dash.wait(timeout=30)
        report = os.path.join(work, "hyperband.html")
        subprocess.run([args.ams, "report", hb_store, "-o", report], check=True, capture_output=True)
        plots = check_report_file(report, base + ["curves-plot"], work)
        screenshot("file://" + report, os.path.join(args.out, "report-hyperband.png"), 1400, 2700)
        summary["hyperband"] = {"trials": hb["trials"], "best": hb["value"], "test": hb.get("test_metric"),
                                "dashboard_counts_while_running": counts, "dashboard_final": final,
                                "plots": len(plots), "report_kb": round(os.path.getsize(report) / 1024)}
        with open(os.path.join(args.out, "check.json"), "w") as f:
            json.dump(summary, f, indent=1)
        print(json.dumps(summary))
        print("ok: report and dashboard drawn in Chromium with no JavaScript error; screenshots in " + args.out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
