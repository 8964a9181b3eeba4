#!/usr/bin/python3
"""Checks numpy_mlp.py's loss, gradients and three Adam steps against torch autograd and
torch.optim.Adam on a tiny random batch (same weights in both). Prints max abs differences."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import torch  # noqa: E402

from numpy_mlp import NumpyMlp  # noqa: E402

sizes = (20, 16, 12, 5)
n = 7
rng = np.random.default_rng(0)
x = rng.random((n, sizes[0]), dtype=np.float32)
y = rng.integers(0, sizes[-1], n)
net = NumpyMlp(np, sizes, seed=3)

layers = []
for l, (W, b) in enumerate(zip(net.W, net.b)):
    lin = torch.nn.Linear(W.shape[0], W.shape[1])
    with torch.no_grad():
        lin.weight.copy_(torch.from_numpy(W.T.copy()))
        lin.bias.copy_(torch.from_numpy(b))
    layers.append(lin)
    if l < len(net.W) - 1:
        layers.append(torch.nn.ReLU())
model = torch.nn.Sequential(*layers)
opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
lins = [m for m in model if isinstance(m, torch.nn.Linear)]

worst = 0.0
for step in range(3):
    buf = net._buffers(n)
    loss = net.loss_and_grad(x, y, buf)
    opt.zero_grad()
    tl = torch.nn.functional.cross_entropy(model(torch.from_numpy(x)), torch.from_numpy(y))
    tl.backward()
    dl = abs(loss - tl.item())
    dg = max(max(np.abs(net.grads[l] - lins[l].weight.grad.numpy().T).max(),
                  np.abs(net.grads[len(lins) + l] - lins[l].bias.grad.numpy()).max())
             for l in range(len(lins)))
    net.adam_step()
    opt.step()
    dp = max(max(np.abs(net.W[l] - lins[l].weight.detach().numpy().T).max(),
                 np.abs(net.b[l] - lins[l].bias.detach().numpy()).max())
             for l in range(len(lins)))
    print(f"step {step}: loss {loss:.6f} |dloss| {dl:.2e} max|dgrad| {dg:.2e} max|dparam after Adam| {dp:.2e}")
    worst = max(worst, dl, dg, dp)
print("OK" if worst < 1e-5 else "MISMATCH", f"(worst {worst:.2e})")
sys.exit(0 if worst < 1e-5 else 1)
