"""Trains the SITS-Former demo model (seed 003) on the console's simulated Sentinel-2 patches.

    /usr/bin/python3 models/sits/train.py [--data DIR]

Input: one year of 24 acquisitions of 13 bands x 8 x 8 pixels and the cloud mask (True = the
acquisition is cloudy and should be ignored, as the device's own cloud_mask). The model pools each
acquisition over the patch (mean and spread per band), drops cloudy acquisitions, runs a small temporal
CNN over the year and classifies into the seed's 10 land-cover classes (softmax probabilities).
Trained on seed 501 (3 000 series), validated on seed 502 (1 000), golden set seed 503 (24 series);
the TypeScript test uses seed 504. Writes models/sits/sits-former/.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import data, package  # noqa: E402

FAMILY = "sits"
NAME = "sits-former"
TRAIN_SEED, VAL_SEED, GOLDEN_SEED = 501, 502, 503
TRAIN_COUNT, VAL_COUNT, GOLDEN_COUNT = 3_000, 1_000, 24
T, BANDS, H, W = 24, 13, 8, 8
TORCH_SEED = 5003
OUT = Path(__file__).resolve().parent / NAME


class SitsNet(nn.Module):
    def __init__(self, width=48, classes=10):
        super().__init__()
        self.temporal = nn.Sequential(
            nn.Conv1d(2 * BANDS + 1, width, 3, padding=1),
            nn.GELU(),
            nn.Conv1d(width, width, 3, padding=1),
            nn.GELU(),
            nn.Conv1d(width, width, 3, padding=2, dilation=2),
            nn.GELU(),
        )
        self.head = nn.Sequential(nn.Linear(2 * width, width), nn.GELU(), nn.Linear(width, classes))

    def forward(self, sequences, masks):
        # sequences: [B, T, C, H, W] normalised per band by the console; masks: [B, T] bool, True = cloudy.
        valid = 1.0 - masks.float()  # [B, T]
        flat = sequences.flatten(3)  # [B, T, C, H*W]
        mean = flat.mean(3)
        spread = (flat - mean.unsqueeze(3)).abs().mean(3)
        feats = torch.cat([mean, spread], 2) * valid.unsqueeze(2)  # cloudy steps zeroed
        z = self.temporal(torch.cat([feats, valid.unsqueeze(2)], 2).transpose(1, 2))  # [B, width, T]
        v = valid.unsqueeze(1)
        pooled_mean = (z * v).sum(2) / v.sum(2).clamp_min(1.0)
        pooled_max = (z * v - 1e4 * (1 - v)).max(2).values
        return torch.softmax(self.head(torch.cat([pooled_mean, pooled_max], 1)), dim=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="folder for generated datasets (default under /tmp)")
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args()
    timer = package.Timer()
    package.set_determinism(TORCH_SEED)
    base = Path(args.data) if args.data else data.default_work_dir(FAMILY)
    sets = {}
    for tag, seed, count in (("train", TRAIN_SEED, TRAIN_COUNT), ("val", VAL_SEED, VAL_COUNT), ("golden", GOLDEN_SEED, GOLDEN_COUNT)):
        sets[tag] = data.load(data.generate(FAMILY, count, seed, base / f"seed{seed}_n{count}"))
    tr, meta = sets["train"]
    classes = meta["labels"]["classes"]
    seq = tr["sequences"]
    band_mean = seq.mean(axis=(0, 1, 3, 4))
    band_std = seq.std(axis=(0, 1, 3, 4))
    norm = lambda s: torch.from_numpy(((s - band_mean[None, None, :, None, None]) / band_std[None, None, :, None, None]).astype(np.float32))  # noqa: E731
    xs = {k: norm(a["sequences"]) for k, (a, _) in sets.items()}
    ms = {k: torch.from_numpy(a["cloud_mask"].astype(bool)) for k, (a, _) in sets.items()}
    ys = {k: torch.from_numpy(a["labels"].astype(np.int64)) for k, (a, _) in sets.items()}

    model = SitsNet(classes=len(classes))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    steps = args.epochs * ((TRAIN_COUNT + 63) // 64)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    gen = torch.Generator().manual_seed(TORCH_SEED)
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(TRAIN_COUNT, generator=gen)
        for i in range(0, TRAIN_COUNT, 64):
            b = perm[i : i + 64]
            # Augment: hide a few more acquisitions at random, as if cloudier.
            extra = torch.rand(len(b), T, generator=gen) < 0.15
            p = model(xs["train"][b], ms["train"][b] | extra)
            loss = nn.functional.nll_loss(torch.log(p.clamp_min(1e-8)), ys["train"][b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        if epoch % 5 == 4:
            model.eval()
            with torch.no_grad():
                acc = (model(xs["val"], ms["val"]).argmax(1) == ys["val"]).float().mean().item()
            print(f"epoch {epoch + 1}: loss {loss.item():.4f} val accuracy {acc:.4f}")

    model.eval()
    metrics = {}
    for tag in ("val", "golden"):
        with torch.no_grad():
            pred = model(xs[tag], ms[tag]).argmax(1)
        metrics[tag] = float((pred == ys[tag]).float().mean())
        print(tag, "accuracy", round(metrics[tag], 4))
    with torch.no_grad():
        pv = model(xs["val"], ms["val"]).argmax(1).numpy()
    confusion = np.zeros((len(classes), len(classes)), int)
    for t, p in zip(ys["val"].numpy(), pv):
        confusion[t, p] += 1
    print("confusion (rows = truth):\n", confusion)

    out = package.clean_package_dir(OUT)
    onnx_path = out / "model.onnx"
    package.export_onnx(model, [xs["golden"][:1], ms["golden"][:1]], onnx_path, ["sequences", "masks"], ["predictions"])
    batches = [
        [xs["golden"][:1].numpy(), ms["golden"][:1].numpy()],
        [xs["golden"][1:4].numpy(), ms["golden"][1:4].numpy()],
    ]
    package.write_reference(out / "reference.json", package.reference_cases(model, ["sequences", "masks"], ["predictions"], batches))
    worst = package.check_parity_with_onnxruntime(onnx_path, out / "reference.json")
    print(f"parity PyTorch vs onnxruntime-node: max |diff| = {worst:.2e}")
    ga, gmeta = sets["golden"]
    data.write_npy_dataset(out / "golden", gmeta, {k: ga[k] for k in ("sequences", "cloud_mask", "labels")}, f"seed {GOLDEN_SEED}, {GOLDEN_COUNT} series; not used in training")
    r6 = lambda v: [round(float(t), 6) for t in v]  # noqa: E731
    manifest = {
        "formatVersion": 1,
        "name": NAME,
        "version": "1.0.0",
        "family": FAMILY,
        "description": (
            "SITS-Former-compatible classifier (seed 003) for 24 acquisitions x 13 Sentinel-2 bands x 8 x 8 pixels over one year "
            "(acquisition t on day of year round((t + 0.5) * 365 / 24)). The console normalises each band with the mean/std below. "
            "masks: True where the acquisition is cloudy (the device's cloud_mask); such steps are ignored. predictions are "
            "softmax probabilities over the 10 classes. Validation metric: accuracy (arg-max vs label)."
        ),
        "inputs": [
            {
                "name": "sequences",
                "dtype": "float32",
                "shape": ["batch", T, BANDS, H, W],
                "channels": meta["channels"],
                "channelAxis": 2,
                "timeAxis": 1,
                "normalisation": {"mean": r6(band_mean), "std": r6(band_std)},
                "range": {"min": 0, "max": 1},
            },
            {"name": "masks", "dtype": "bool", "shape": ["batch", T], "timeAxis": 1},
        ],
        "outputs": [
            {"name": "predictions", "dtype": "float32", "shape": ["batch", len(classes)], "kind": "classification", "labels": classes, "softmaxApplied": True},
        ],
        "latencyBudget": {"p95Ms": 20},
        "validation": {"accuracy": {"min": 0.9}},
        "parity": {"tolerance": 1e-5, "reference": "reference.json"},
        "files": [],
    }
    assert min(metrics.values()) >= 0.93, metrics
    package.write_manifest(out, manifest)
    print(f"wrote {out} in {timer():.1f} s; model.onnx {onnx_path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
