#!/usr/bin/python3
"""PyTorch CPU reference for the training-throughput benchmark.

784-256-128-10 ReLU MLP (nn.Sequential, default nn.Linear init), softmax cross-entropy,
torch.optim.Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8). No DataLoader: the whole training set
is one pre-loaded tensor, each epoch draws a seeded randperm and slices mini-batches from it
(the last one smaller). torch.set_num_threads(t) plus OPENBLAS_NUM_THREADS=t (Debian's torch does
its GEMMs in OpenBLAS, which set_num_threads does not bound). Prints one JSON line.

usage: torch_mlp.py --batch 128 --epochs 10 --threads 1 [--seed 1]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blasinfo  # noqa: E402
import fmnist  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    blasinfo.limit_threads(a.threads)  # before torch loads OpenBLAS
    import torch
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    xtr, ytr, xte, yte = fmnist.load()
    xtr, ytr = torch.from_numpy(xtr), torch.from_numpy(ytr)
    xte, yte = torch.from_numpy(xte), torch.from_numpy(yte)
    n = xtr.shape[0]

    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(a.seed)

    epoch_seconds, epoch_loss = [], []
    model.train()
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for s in range(0, n, a.batch):
            idx = perm[s:s + a.batch]
            xb, yb = xtr[idx], ytr[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * idx.shape[0]
        epoch_seconds.append(time.perf_counter() - t0)
        epoch_loss.append(total / n)

    model.eval()
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()

    print(json.dumps({
        "impl": "pytorch", "batch": a.batch, "epochs": a.epochs, "threads": a.threads,
        "samples_per_s": fmnist.throughput(epoch_seconds, n),
        "test_accuracy": acc, "seconds": sum(epoch_seconds),
        "epoch_seconds": epoch_seconds, "epoch_loss": epoch_loss,
        "torch_version": torch.__version__, "torch_threads": torch.get_num_threads(),
        "blas": blasinfo.openblas_info(),
    }))


if __name__ == "__main__":
    main()
