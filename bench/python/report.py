#!/usr/bin/python3
"""Turns the raw outputs of bench/run-throughput.sh into bench/results/throughput.{md,json}.

usage: report.py TMPDIR OUTDIR   (TMPDIR holds machine.json, runs.jsonl, sgemm_direct.jsonl,
                                   sgemm_jni.json, sgemm_jni_info.json, command.txt)
"""
import json
import os
import sys

# The FLOPs one training step does, counted from what the kernels run (native/src/nn_train.cpp,
# nn_optim.cpp), not as "3 x forward": per layer of in x out, forward z = X.W and the weight
# gradient dW = X^T.dv are 2 x in x out per sample each, but the input gradient dX = dv.W^T is
# computed only for layers after the first (nothing needs dL/d(input)). So training is about
# 2.14 x forward, not 3 x; counting 3 x made a batch-512 run read 104% of peak. NumPy
# (numpy_mlp.py) and PyTorch (the input does not require grad) skip the same GEMM.
LAYERS = [(784, 256), (256, 128), (128, 10)]
FWD_FLOPS = sum(2 * i * o for i, o in LAYERS)                    # 469,504 per sample
WGRAD_FLOPS = FWD_FLOPS                                           # dW = X^T . dv, every layer
XGRAD_FLOPS = sum(2 * i * o for i, o in LAYERS[1:])               # dX = dv . W^T, not the first layer: 68,096
GEMM_FLOPS = FWD_FLOPS + WGRAD_FLOPS + XGRAD_FLOPS                # 1,007,104 per sample
PARAMS = sum(i * o + o for i, o in LAYERS)                        # 235,146 weights and biases
# Adam's update (upd_adam): gradient scale 1, L2 term 2, first moment 3, second moment 4,
# sqrt / bias correction / eps 3, step 3 = 16 flops per parameter per step, i.e. per batch:
# 0.7% of the GEMM work at batch 512, 2.9% at 128, 11.7% at 32. Counted, divided by the batch.
# The element-wise passes (bias, ReLU, softmax, db) are a few flops per activation (under 0.2%)
# and are not counted.
ADAM_FLOPS_PER_PARAM = 16


def train_flops(batch):
    """FLOPs per training sample at this batch size: the GEMMs, plus Adam's update shared by the batch."""
    return GEMM_FLOPS + ADAM_FLOPS_PER_PARAM * PARAMS / batch

ORDER = ["ams", "java", "pytorch", "pytorch-omp-passive", "numpy"]
NAMES = {"ams": "Ams native", "java": "plain Java", "pytorch": "PyTorch CPU",
         "pytorch-omp-passive": "PyTorch CPU, OMP_WAIT_POLICY=PASSIVE", "numpy": "NumPy + OpenBLAS"}


def jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip().startswith("{")]


def main():
    tmp, out = sys.argv[1], sys.argv[2]
    machine = json.load(open(os.path.join(tmp, "machine.json")))
    runs = jsonl(os.path.join(tmp, "runs.jsonl"))
    direct = jsonl(os.path.join(tmp, "sgemm_direct.jsonl"))
    jni_path = os.path.join(tmp, "sgemm_jni.json")
    jni = json.load(open(jni_path)) if os.path.exists(jni_path) else []
    jni_info = jsonl(os.path.join(tmp, "sgemm_jni_info.json"))
    command = open(os.path.join(tmp, "command.txt")).read().strip()

    ghz = machine.get("measured_clock_ghz") or machine["nominal_mhz"] / 1000
    core_peak = 32 * ghz  # GFLOP/s per core: 2 x 256-bit FMA x 8 floats x 2 flops
    machine["peak_gflops_per_core"] = core_peak
    machine["peak_gflops_machine"] = core_peak * machine["cores"]
    machine["peak_gflops_machine_nominal_clock"] = 32 * machine["nominal_mhz"] / 1000 * machine["cores"]

    ams = {(r["batch"], r["threads"]): r for r in runs if r["impl"] == "ams" and "error" not in r}
    rows = []
    for r in runs:
        if "error" in r:
            rows.append(r)
            continue
        sps = r["samples_per_s"]
        g = sps * train_flops(r["batch"]) / 1e9
        a = ams.get((r["batch"], r["threads"]))
        r.update(gflops=g, pct_peak_cores_used=100 * g / (core_peak * r["threads"]),
                 pct_peak_machine=100 * g / machine["peak_gflops_machine"],
                 timed_epochs=f"2..{r['epochs']}" if r["epochs"] >= 2 else "1",
                 ratio_to_ams=(sps / a["samples_per_s"]) if a else None)
        rows.append(r)
    rows.sort(key=lambda r: ({128: 0, 32: 1, 512: 2}.get(r["batch"], 3), r["batch"], r["threads"],
                             ORDER.index(r["impl"]) if r["impl"] in ORDER else 99))

    sgemm = []
    for d in direct:
        sgemm.append({"impl": "C++ direct", "shape": f"{d['m']}x{d['n']}x{d['k']}", "threads": d["threads"],
                      "us_per_call": d["us_per_call"], "gflops": d["gflops"]})
    for b in jni:
        shape, threads = b["params"]["shape"], int(b["params"]["threads"])
        m, n, k = (int(v) for v in shape.split("x"))
        us = b["primaryMetric"]["score"]
        sgemm.append({"impl": "JNI (JMH)", "shape": shape, "threads": threads, "us_per_call": us,
                      "us_error": b["primaryMetric"]["scoreError"], "gflops": 2 * m * n * k / (us * 1e-6) / 1e9})
    sgemm.sort(key=lambda s: (s["shape"], s["threads"], s["impl"]))

    result = {"machine": machine, "command": command, "gemm_flops_per_sample": GEMM_FLOPS,
              "adam_flops_per_step": ADAM_FLOPS_PER_PARAM * PARAMS,
              "forward_flops_per_sample": FWD_FLOPS, "runs": rows, "sgemm": sgemm,
              "sgemm_direct_blas": direct[0].get("config") + " / " + direct[0].get("corename") if direct else None,
              "sgemm_jni_blas": jni_info[0] if jni_info else None}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "throughput.json"), "w") as f:
        json.dump(result, f, indent=1)

    m = machine
    L = []
    L.append("# Training throughput: 784-256-128-10 MLP on Fashion-MNIST\n")
    L.append(f"- Date: {m['date']}")
    L.append(f"- CPU: {m['cpu_model']}, {m['cores']} cores; clock {m['nominal_mhz']:.0f} MHz nominal "
             f"(/proc/cpuinfo), {ghz:.2f} GHz measured (dependent-add loop, `sgemm_direct --clock`)")
    L.append(f"- Single-precision peak: 32 flop/cycle/core (2 x 256-bit FMA) x clock = "
             f"{core_peak:.0f} GFLOP/s per core, {m['peak_gflops_machine']:.0f} GFLOP/s for the machine "
             f"at the measured clock ({m['peak_gflops_machine_nominal_clock']:.0f} at the nominal one)")
    L.append(f"- Software: {m.get('java', '?')}; {m.get('python', '?')}")
    if m.get("notes"):
        for n in m["notes"]:
            L.append(f"- {n}")
    L.append(f"- Command: `{command}`")
    L.append("")
    L.append("Network 784-256-128-10, ReLU, softmax cross-entropy, Adam lr 1e-3 (0.9, 0.999, 1e-8), "
             "inputs scaled to [0, 1]. samples/s = training rows x timed epochs / seconds in those epochs' "
             "training loops (per-epoch shuffling included, data loading and evaluation excluded); "
             "timed epochs are 2..N when N >= 2 (epoch 1 is warm-up), else 1. "
             f"GFLOP/s = samples/s x the FLOPs the kernels do per sample: {GEMM_FLOPS:,} in GEMMs "
             f"(forward {FWD_FLOPS:,}, weight gradients {WGRAD_FLOPS:,}, input gradients {XGRAD_FLOPS:,}: "
             "none for the first layer, so about 2.14 x forward, not 3 x), plus Adam's update, "
             f"{ADAM_FLOPS_PER_PARAM} flops x {PARAMS:,} parameters per step divided by the batch "
             "(element-wise passes not counted, under 0.2%). "
             "% peak is against the peak of the cores the run may use (threads x per-core peak). "
             "Test accuracy on the 10,000 test images after the N epochs. "
             "Each run is its own process, one at a time.\n")
    L.append("| batch | threads | implementation | epochs (timed) | samples/s | x Ams | GFLOP/s | % peak | test acc. |")
    L.append("|---:|---:|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        if "error" in r:
            L.append(f"| {r['batch']} | {r['threads']} | {NAMES.get(r['impl'], r['impl'])} | {r['epochs']} | "
                     f"failed: {r['error']} | | | | |")
            continue
        ratio = f"{r['ratio_to_ams']:.2f}" if r["ratio_to_ams"] is not None else "n/a"
        L.append(f"| {r['batch']} | {r['threads']} | {NAMES.get(r['impl'], r['impl'])} | "
                 f"{r['epochs']} ({r['timed_epochs']}) | {r['samples_per_s']:,.0f} | {ratio} | "
                 f"{r['gflops']:.1f} | {r['pct_peak_cores_used']:.0f}% | {r['test_accuracy']:.4f} |")
    L.append("")
    blas = {}
    for r in rows:
        b = r.get("blas")
        if b and r["impl"] not in blas:
            blas[r["impl"]] = f"{b.get('config')} (kernel {b.get('corename')}, {b.get('path')})"
        if r.get("blas_config") and r["impl"] not in blas:
            blas[r["impl"]] = r["blas_config"]
    if blas:
        L.append("BLAS in use:\n")
        for k, v in blas.items():
            L.append(f"- {NAMES.get(k, k)}: {v}")
        L.append("")
    if sgemm:
        L.append("## sgemm: JNI vs C++ direct (the preset's OpenBLAS in both)\n")
        L.append("C = A x B row-major, alpha 1, beta 0, MxNxK; 3 warm-up + 5 measured iterations of 1 s; "
                 "GFLOP/s = 2MNK / mean time per call.\n")
        L.append("| MxNxK | threads | path | us/call | GFLOP/s | % peak |")
        L.append("|---|---:|---|---:|---:|---:|")
        for s in sgemm:
            err = f" ± {s['us_error']:.1f}" if "us_error" in s else ""
            L.append(f"| {s['shape']} | {s['threads']} | {s['impl']} | {s['us_per_call']:.1f}{err} | "
                     f"{s['gflops']:.1f} | {100 * s['gflops'] / (core_peak * s['threads']):.0f}% |")
        L.append("")
        if result["sgemm_direct_blas"]:
            L.append(f"- C++ direct: {result['sgemm_direct_blas']}")
        if result["sgemm_jni_blas"]:
            # The home folder written as ~: the report names where JavaCPP extracted the library, not whose machine it was.
            home = os.path.expanduser("~")
            libs = [p.replace(home, "~", 1) if p.startswith(home + "/") else p
                    for p in result["sgemm_jni_blas"].get("libraries", []) if "libopenblas" in p]
            L.append(f"- JNI: {', '.join(libs)}")
        L.append("")
    with open(os.path.join(out, "throughput.md"), "w") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()
