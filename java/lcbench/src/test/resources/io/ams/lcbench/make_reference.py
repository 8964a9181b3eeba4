"""Reference predictions for the YAHPO Gym LCBench ONNX surrogate.
Mirrors yahpo_gym BenchmarkSet._config_to_xs + objective_function."""
import json, sys, platform
import numpy as np, onnxruntime as rt, onnx, onnx.numpy_helper as nh

D = "/work/shared/benchmarks/yahpo-lcbench"
Y_NAMES = ["time", "val_accuracy", "val_cross_entropy", "val_balanced_accuracy",
           "test_cross_entropy", "test_balanced_accuracy"]
CONT_NAMES = ["epoch", "batch_size", "learning_rate", "momentum", "weight_decay",
              "num_layers", "max_units", "max_dropout"]
enc = json.load(open(f"{D}/encoding.json"))["OpenML_task_id"]
cs = json.load(open(f"{D}/config_space.json"))
TASKS = cs["hyperparameters"][0]["choices"]
assert len(TASKS) == 34

def to_xs(task, config, epoch):
    c = dict(config, epoch=epoch)
    x_cont = np.array([c[n] for n in CONT_NAMES]).reshape(1, -1).astype(np.float32)
    x_cat = np.array([enc[task]]).reshape(1, -1).astype(np.int32)
    return x_cont, x_cat

so = rt.SessionOptions(); so.intra_op_num_threads = 1; so.inter_op_num_threads = 1
sess = rt.InferenceSession(f"{D}/model.onnx", sess_options=so, providers=["CPUExecutionProvider"])
in_names = [i.name for i in sess.get_inputs()]
assert in_names == ["x_cat", "x_cont"], in_names

LOW = dict(batch_size=16, learning_rate=0.0001, max_dropout=0.0, max_units=64, momentum=0.1, num_layers=1, weight_decay=1e-05)
HIGH = dict(batch_size=512, learning_rate=0.1, max_dropout=1.0, max_units=1024, momentum=0.99, num_layers=5, weight_decay=0.1)
DEF = dict(batch_size=91, learning_rate=0.0031622777, max_dropout=0.5, max_units=256, momentum=0.545, num_layers=3, weight_decay=0.050005)
MIXA = dict(batch_size=512, learning_rate=0.0001, max_dropout=1.0, max_units=64, momentum=0.99, num_layers=1, weight_decay=0.1)
MIXB = dict(batch_size=16, learning_rate=0.1, max_dropout=0.0, max_units=1024, momentum=0.1, num_layers=5, weight_decay=1e-05)
MID = dict(batch_size=128, learning_rate=0.01, max_dropout=0.25, max_units=512, momentum=0.9, num_layers=2, weight_decay=0.001)

cases = [
    ("3945", "all-lower", LOW, 1), ("3945", "all-upper", HIGH, 52), ("3945", "default", DEF, 26),
    ("3945", "middle", MID, 10), ("3945", "middle", MID, 52),
    ("7593", "default", DEF, 10), ("7593", "default", DEF, 52), ("7593", "all-lower", LOW, 52),
    ("189909", "mixed-A", MIXA, 10), ("189909", "mixed-B", MIXB, 52), ("189909", "all-upper", HIGH, 1),
    ("126025", "default", DEF, 1), ("34539", "middle", MID, 26),
]
cases += [(t, "default(all-tasks sweep)", DEF, 52) for t in TASKS]

rows = []
xc_all, xk_all = [], []
for task, label, cfg, ep in cases:
    xc, xk = to_xs(task, cfg, ep)
    y = sess.run(["output"], {"x_cat": xk, "x_cont": xc})[0][0]
    rows.append({"task": task, "label": label, "config": dict(cfg), "epoch": ep,
                 "x_cont": [float(v) for v in xc[0]], "x_cat": [int(v) for v in xk[0]],
                 "outputs": {n: float(v) for n, v in zip(Y_NAMES, y)},
                 "outputs_float32_bits": {n: int(np.float32(v).view(np.uint32)) for n, v in zip(Y_NAMES, y)}})
    xc_all.append(xc); xk_all.append(xk)

# batch run must agree with single runs
Yb = sess.run(["output"], {"x_cat": np.vstack(xk_all), "x_cont": np.vstack(xc_all)})[0]
Ys = np.array([[r["outputs"][n] for n in Y_NAMES] for r in rows], dtype=np.float32)
print("batch vs single max abs diff:", np.abs(Yb - Ys).max())

# Independent hand evaluation of the graph in numpy (float64), from the initializers
m = onnx.load(f"{D}/model.onnx")
W = {t.name: nh.to_array(t).astype(np.float64) for t in m.graph.initializer}
consts = {n.output[0]: nh.to_array(n.attribute[0].t) for n in m.graph.node if n.op_type == "Constant"}
def bn(x, p):
    return (x - W[p+".running_mean"]) / np.sqrt(W[p+".running_var"] + 1e-5) * W[p+".weight"] + W[p+".bias"]
def np_forward(xc, xk):
    xc = xc.astype(np.float64)
    emb = W["embds_fct.0.weight"][xk[:, 0]]
    LOG = [True, False, True, False, True, False, False, False]
    SUB = [0.0, 16.0, -9.209311485290527, 0.10000386089086533, -9.91645622253418, 1.0, 64.0, 0.0005357532645575702]
    DIV = [3.9512436389923096, 495.0, 6.896975040435791, 0.8822514414787292, 7.6138458251953125, 3.0, 960.0, 0.9994120597839355]
    cols = []
    for j in range(8):
        v = np.log(xc[:, j] + 1e-12) if LOG[j] else xc[:, j]
        cols.append((v - SUB[j]) / DIV[j])
    h = np.concatenate([emb, np.stack(cols, 1)], 1)
    h = h @ W["first_layer.weight"].T + W["first_layer.bias"]
    for l in range(3):
        z = bn(h, f"layers.{l}.norm") @ W[f"layers.{l}.linear0.weight"].T + W[f"layers.{l}.linear0.bias"]
        a, b = z[:, :455], z[:, 455:]
        h = h + (a * np.maximum(b, 0)) @ W[f"layers.{l}.linear1.weight"].T + W[f"layers.{l}.linear1.bias"]
    h = np.maximum(bn(h, "last_normalization"), 0)
    s = 1 / (1 + np.exp(-(h @ W["head.weight"].T + W["head.bias"])))
    MUL = [46790.66796875, 32.233848571777344, 34.48017883300781, 27.624671936035156, 5.54842472076416, 27.626203536987305]
    ADD = [0.00014209747314453125, -27.63102149963379, 0.018199017271399498, -27.630813598632812, 0.3263173997402191, -27.63102149963379]
    EXP = [False, True, False, True, False, True]
    out = []
    for k in range(6):
        v = s[:, k] * MUL[k] + ADD[k]
        out.append(np.exp(v) - 1e-12 if EXP[k] else v)
    return np.stack(out, 1)
Yn = np_forward(np.vstack(xc_all), np.vstack(xk_all))
d = np.abs(Yn - Ys); rel = d / np.maximum(np.abs(Ys), 1e-6)
print("numpy-float64 hand evaluation vs onnxruntime: max abs diff per output", d.max(0), "max rel", rel.max(0))

json.dump(rows, open("/tmp/lcbench-research/reference.json", "w"), indent=1)
meta = {"python": platform.python_version(), "onnxruntime": rt.__version__, "onnx": onnx.__version__, "numpy": np.__version__}
print(meta)
for r in rows[:13]:
    print(r["task"], r["label"], r["epoch"], {k: round(v, 5) for k, v in r["outputs"].items()})
