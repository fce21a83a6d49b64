# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Trains, prunes and exports the example network (examples/digits/README.md).

scikit-learn's 8x8 digits (shipped in python3-sklearn, no download): 1797 images, 0..16 grey
levels, scaled to [0, 1]. Split (seeded): 1437 training, 360 held-out test images. A 4-conv CNN
(BatchNorm after each conv, folded into the conv by the importer) is trained with Adam, then pruned
by weight magnitude (per layer, conv and fc) in steps down to DENSITY non-zero weights with
fine-tuning after every step (masks kept), and exported to ONNX (opset 13, eval mode).

Writes digits.onnx, test.npz (held-out x, y), calib.npz (200 training images for the scales),
sample.npy (the first test image) next to this file. Deterministic: fixed seeds, one thread.
Run: /usr/bin/python3 examples/digits/train.py   (make example-train)
"""
import os
import sys

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

DENSITY = 0.35
HERE = os.path.dirname(os.path.abspath(__file__))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        def block(ci, co, **kw):
            return [nn.Conv2d(ci, co, 3, padding=1, bias=False, **kw), nn.BatchNorm2d(co),
                    nn.ReLU()]
        self.features = nn.Sequential(
            *block(1, 16),                 # 8x8
            *block(16, 32),                # 8x8
            nn.MaxPool2d(2),               # 4x4
            *block(32, 32, groups=2),      # 4x4, two groups
            *block(32, 64),                # 4x4
            nn.AvgPool2d(2),               # 2x2
        )
        self.fc = nn.Linear(64 * 2 * 2, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.features(x), 1))


def prunable(net):
    return [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


def train(net, x, y, epochs, masks=None, lr=3e-3, seed=0):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    lossf = nn.CrossEntropyLoss()
    for _ in range(epochs):
        net.train()
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            lossf(net(x[idx]), y[idx]).backward()
            opt.step()
            if masks:
                with torch.no_grad():
                    for m, mk in masks.items():
                        m.weight.mul_(mk)


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        return (net(x).argmax(1) == y).float().mean().item()


def main():
    torch.manual_seed(0)
    np.random.seed(0)
    torch.set_num_threads(1)
    d = load_digits()
    xs = (d.images / 16.0).astype(np.float32)[:, None]
    ys = d.target.astype(np.int64)
    perm = np.random.RandomState(0).permutation(len(xs))
    te, tr = perm[:360], perm[360:]
    xtr, ytr = torch.tensor(xs[tr]), torch.tensor(ys[tr])
    xte, yte = torch.tensor(xs[te]), torch.tensor(ys[te])
    net = Net()
    train(net, xtr, ytr, 30)
    print(f"dense: test accuracy {accuracy(net, xte, yte):.4f}")
    masks = {}
    for step, dens in enumerate(np.linspace(1.0, DENSITY, 5)[1:]):
        for m in prunable(net):
            w = m.weight.detach().abs().flatten()
            keep = max(1, int(round(dens * w.numel())))
            thr = w.sort(descending=True).values[keep - 1]
            masks[m] = (m.weight.detach().abs() >= thr).float()
            with torch.no_grad():
                m.weight.mul_(masks[m])
        train(net, xtr, ytr, 10, masks, lr=1e-3, seed=step + 1)
        print(f"density {dens:.2f}: test accuracy {accuracy(net, xte, yte):.4f}")
    for m in prunable(net):
        print(f"  {type(m).__name__} {tuple(m.weight.shape)}: weight density "
              f"{(m.weight != 0).float().mean().item():.3f}")
    net.eval()
    torch.onnx.export(net, xte[:1], os.path.join(HERE, "digits.onnx"), opset_version=13,
                      input_names=["x"], output_names=["logits"])
    np.savez_compressed(os.path.join(HERE, "test.npz"), x=xs[te], y=ys[te])
    np.savez_compressed(os.path.join(HERE, "calib.npz"), x=xs[tr[:200]], y=ys[tr[:200]])
    np.save(os.path.join(HERE, "sample.npy"), xs[te[0]])
    print(f"final: test accuracy {accuracy(net, xte, yte):.4f}; wrote digits.onnx, test.npz, "
          "calib.npz, sample.npy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
