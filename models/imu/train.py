"""Trains the step-detection demo model (seed 002) on the console's simulated IMU.

    /usr/bin/python3 models/imu/train.py [--data DIR]

Data: the dataset generator's `mixed` schedule (standing / walking / running bouts of 5-20 s) at 100 Hz.
Training device seed 201 (200 000 samples), validation seed 202, golden set seed 203; the TypeScript
test uses seed 204. The model is a dilated 1D CNN on windows of 6 x 128 samples that scores every sample
as a heel strike; decoding (threshold, peak picking, trusted part of the window) is in decoding.json.
Writes models/imu/step-detection/.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import data, package  # noqa: E402

FAMILY = "imu"
NAME = "step-detection"
TRAIN_SEED, VAL_SEED, GOLDEN_SEED = 201, 202, 203
TRAIN_COUNT, VAL_COUNT, GOLDEN_COUNT = 200_000, 60_000, 48_000
WINDOW, HOP = 128, 16
TRUST_START, TRUST_END = 56, 72  # the central HOP samples of each window are the ones used
THRESHOLD = 0.5
MIN_DISTANCE = 20  # samples (200 ms): running cadence is at most 3 steps/s
TOLERANCE = 10  # samples (+-100 ms) for scoring
RATE_HZ = 100
TORCH_SEED = 2002
OUT = Path(__file__).resolve().parent / NAME


class StepNet(nn.Module):
    """Dilated 'same' 1D CNN: [batch, 6, W] normalised IMU -> [batch, W, 1] heel-strike probability.

    The trailing axis of size 1 is the manifest's event-type axis (labels ["step"])."""

    def __init__(self, width=32):
        super().__init__()
        layers, ch = [], 6
        for dilation in (1, 2, 4, 8, 1):
            layers += [nn.Conv1d(ch, width, 5, padding=2 * dilation, dilation=dilation), nn.GELU()]
            ch = width
        self.body = nn.Sequential(*layers)
        self.head = nn.Conv1d(width, 1, 1)

    def forward(self, imu_window):
        return torch.sigmoid(self.head(self.body(imu_window))).transpose(1, 2)


def window_starts(n):
    return np.arange(0, n - WINDOW + 1, HOP)


def stitch(prob_windows, n):
    """Per-sample probability from windows at HOP spacing, each contributing its trusted part; NaN where uncovered."""
    out = np.full(n, np.nan, dtype=np.float32)
    for k, s in enumerate(window_starts(n)):
        out[s + TRUST_START : s + TRUST_END] = prob_windows[k, TRUST_START:TRUST_END]
    return out


def pick_events(p, threshold=THRESHOLD, min_distance=MIN_DISTANCE):
    """Sample i is an event when p[i] >= threshold, p[i] > p[j] for the min_distance samples before and >= after."""
    events = []
    n = len(p)
    for i in range(n):
        v = p[i]
        if not (v >= threshold):
            continue
        lo, hi = max(0, i - min_distance), min(n, i + min_distance + 1)
        before, after = p[lo:i], p[i + 1 : hi]
        if np.all(~(before >= v)) and np.all(~(after > v)):
            events.append(i)
    return np.array(events, dtype=np.int64)


def match_f1(pred, truth, tol=TOLERANCE):
    """Greedy one-to-one matching in time order within +-tol samples."""
    used = np.zeros(len(truth), bool)
    tp = 0
    for e in pred:
        cands = np.where((~used) & (np.abs(truth - e) <= tol))[0]
        if len(cands):
            used[cands[np.argmin(np.abs(truth[cands] - e))]] = True
            tp += 1
    fp, fn = len(pred) - tp, len(truth) - tp
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {"f1": f1, "precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn}


def evaluate(model, values, steps, mean, std):
    n = len(values)
    x = ((values - mean) / std).astype(np.float32)
    starts = window_starts(n)
    windows = np.stack([x[s : s + WINDOW].T for s in starts])
    with torch.no_grad():
        probs = np.concatenate([model(torch.from_numpy(windows[i : i + 512]))[:, :, 0].numpy() for i in range(0, len(windows), 512)])
    p = stitch(probs, n)
    covered = np.where(~np.isnan(p))[0]
    lo, hi = covered[0], covered[-1]
    events = pick_events(np.nan_to_num(p, nan=0.0))
    truth = np.where(steps == 1)[0]
    # Only score what the trusted parts cover, away from its edges by the tolerance.
    truth = truth[(truth >= lo + TOLERANCE) & (truth <= hi - TOLERANCE)]
    events = events[(events >= lo + TOLERANCE) & (events <= hi - TOLERANCE)]
    return match_f1(events, truth)


def targets_from_steps(steps):
    """Soft target: a narrow Gaussian (sigma 1.5 samples) around each heel strike."""
    t = np.zeros(len(steps), np.float32)
    idx = np.where(steps == 1)[0]
    for d in range(-4, 5):
        j = np.clip(idx + d, 0, len(steps) - 1)
        t[j] = np.maximum(t[j], np.exp(-0.5 * (d / 1.5) ** 2))
    return t


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="folder for generated datasets (default under /tmp)")
    parser.add_argument("--epochs", type=int, default=12)
    args = parser.parse_args()
    timer = package.Timer()
    package.set_determinism(TORCH_SEED)
    base = Path(args.data) if args.data else data.default_work_dir(FAMILY)
    sets = {}
    for tag, seed, count in (("train", TRAIN_SEED, TRAIN_COUNT), ("val", VAL_SEED, VAL_COUNT), ("golden", GOLDEN_SEED, GOLDEN_COUNT)):
        sets[tag] = data.load(data.generate(FAMILY, count, seed, base / f"seed{seed}_n{count}"))
    arrays, meta = sets["train"]
    values = arrays["values"].astype(np.float32)
    mean, std = values.mean(0), values.std(0)
    x = torch.from_numpy(((values - mean) / std).astype(np.float32))
    y = torch.from_numpy(targets_from_steps(arrays["step"]))

    model = StepNet()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    steps_per_epoch = 200
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.epochs * steps_per_epoch)
    gen = torch.Generator().manual_seed(TORCH_SEED)
    n = len(values)
    offsets = torch.arange(WINDOW)
    for epoch in range(args.epochs):
        model.train()
        for _ in range(steps_per_epoch):
            starts = torch.randint(0, n - WINDOW, (64,), generator=gen)
            idx = starts[:, None] + offsets[None, :]
            xb = x[idx].permute(0, 2, 1)
            yb = y[idx]
            p = model(xb)[:, :, 0]
            loss = nn.functional.binary_cross_entropy(p.clamp(1e-6, 1 - 1e-6), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        model.eval()
        va, _ = sets["val"]
        r = evaluate(model, va["values"].astype(np.float32), va["step"], mean, std)
        print(f"epoch {epoch + 1}: loss {loss.item():.4f} val F1 {r['f1']:.4f} (P {r['precision']:.3f} R {r['recall']:.3f})")

    model.eval()
    results = {}
    for tag in ("val", "golden"):
        a, _ = sets[tag]
        results[tag] = evaluate(model, a["values"].astype(np.float32), a["step"], mean, std)
        for activity in (2, 3):
            sel = a["activity"] == activity
            print(f"{tag} activity {activity}: {sel.mean():.2f} of samples")
        print(tag, results[tag])

    out = package.clean_package_dir(OUT)
    onnx_path = out / "model.onnx"
    example = x[:WINDOW].T.unsqueeze(0).contiguous()
    package.export_onnx(model, [example], onnx_path, ["imu_window"], ["step_prob"])
    ga, gmeta = sets["golden"]
    gx = ((ga["values"] - mean) / std).astype(np.float32)
    running = int(np.argmax(ga["activity"] == 3))
    batches = [
        [gx[running : running + WINDOW].T[None].copy()],
        [np.stack([gx[s : s + WINDOW].T for s in range(1000, 1000 + 4 * 37, 37)])],
    ]
    package.write_reference(out / "reference.json", package.reference_cases(model, ["imu_window"], ["step_prob"], batches))
    worst = package.check_parity_with_onnxruntime(onnx_path, out / "reference.json")
    print(f"parity PyTorch vs onnxruntime-node: max |diff| = {worst:.2e}")

    package.write_json(
        out / "decoding.json",
        {
            "output": "step_prob",
            "sampleRateHz": RATE_HZ,
            "window": {"length": WINDOW, "hop": HOP},
            "trusted": {"start": TRUST_START, "end": TRUST_END, "note": "use samples [start, end) of each window; with hop = end - start the trusted parts tile the stream, each sample scored once"},
            "latencySamples": TRUST_END,
            "peakPicking": {
                "threshold": THRESHOLD,
                "minDistanceSamples": MIN_DISTANCE,
                "rule": "sample i is a step when p[i] >= threshold, p[i] > p[j] for i-minDistance <= j < i and p[i] >= p[j] for i < j <= i+minDistance",
            },
            "scoring": {"toleranceSamples": TOLERANCE, "matching": "one-to-one, greedy in time order, nearest unmatched truth within tolerance"},
        },
    )
    data.write_npy_dataset(
        out / "golden",
        gmeta,
        {k: ga[k] for k in ("time_s", "values", "step", "activity")},
        f"seed {GOLDEN_SEED}, {GOLDEN_COUNT} samples (8 min), mixed schedule; not used in training",
    )
    r4 = lambda v: [round(float(t), 6) for t in v]  # noqa: E731
    f1_min = 0.9
    assert results["golden"]["f1"] >= f1_min + 0.03, results["golden"]
    manifest = {
        "formatVersion": 1,
        "name": NAME,
        "version": "1.0.0",
        "family": FAMILY,
        "description": (
            "Step detection (seed 002): dilated 1D CNN scoring every sample of a 6 x 128 window (1.28 s at 100 Hz, hop 16) as a "
            "heel strike. The console normalises each channel with the mean/std below. Decoding (decoding.json): stitch the "
            f"trusted samples [{TRUST_START}, {TRUST_END}) of consecutive windows, then a step is a sample with p >= {THRESHOLD} "
            f"that is the maximum within +-{MIN_DISTANCE} samples (200 ms). Events lag the newest sample by {WINDOW - TRUST_START} samples at most. "
            "Validation metric step_f1: events vs true heel strikes, +-100 ms tolerance, one-to-one matching."
        ),
        "inputs": [
            {
                "name": "imu_window",
                "dtype": "float32",
                "shape": ["batch", 6, WINDOW],
                "channels": meta["channels"],
                "channelAxis": 1,
                "window": {"length": WINDOW, "hop": HOP},
                "timeAxis": 2,
                "normalisation": {"mean": r4(mean), "std": r4(std)},
                "range": {"min": -50, "max": 50},
            }
        ],
        "outputs": [
            {"name": "step_prob", "dtype": "float32", "shape": ["batch", WINDOW, 1], "kind": "events", "labels": ["step"], "threshold": THRESHOLD},
        ],
        "latencyBudget": {"p95Ms": 10},
        "validation": {"step_f1": {"min": f1_min}, "step_precision": {"min": 0.85}, "step_recall": {"min": 0.85}},
        "parity": {"tolerance": 1e-5, "reference": "reference.json"},
        "files": [],
    }
    package.write_manifest(out, manifest)
    print(f"wrote {out} in {timer():.1f} s; model.onnx {onnx_path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
