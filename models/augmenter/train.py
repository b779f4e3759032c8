"""Trains the SensorAugmentor demo model (seed 000) on the console's simulated augmenter.

    /usr/bin/python3 models/augmenter/train.py [--data DIR]

The augmenter's low-quality channels see a device-specific mix of latents through per-channel gain,
offset, noise and a coarse ADC, so (like the original SensorAugmentor) the model is trained for one
device: the simulated device with seed 1 (`SC-AUG ... sn=SIM0001`, the console's default simulator).
Training uses frames 0-59 999 of that device, validation frames 60 000-79 999, and the held-out check
(here and in augmenterModel.test.ts) frames 80 000-99 999, which the model never saw.
Writes models/augmenter/sensor-augmentor/ (model.onnx, reference.json, golden/, manifest.json).
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import data, package  # noqa: E402

FAMILY = "augmenter"
NAME = "sensor-augmentor"
DEVICE_SEED = 1
COUNT = 100_000
TRAIN_END = 60_000
VAL_END = 80_000
SENSORS = 32
HIDDEN = 64
TORCH_SEED = 1234
OUT = Path(__file__).resolve().parent / NAME
GOLDEN_FRAMES = 3_000


class SensorAugmentor(nn.Module):
    """Normalised LQ vector -> normalised HQ reconstruction and an actuator command in [-1, 1]."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(SENSORS, HIDDEN), nn.GELU(), nn.Linear(HIDDEN, HIDDEN), nn.GELU())
        self.skip = nn.Linear(SENSORS, SENSORS)
        self.reconstruct = nn.Linear(HIDDEN, SENSORS)
        self.actuator = nn.Linear(HIDDEN, 1)

    def forward(self, sensor_input):
        hidden = self.encoder(sensor_input)
        reconstructed = self.skip(sensor_input) + self.reconstruct(hidden)
        return reconstructed, torch.clamp(self.actuator(hidden), -1.0, 1.0)


def rmse(a, b):
    return float(np.sqrt(np.mean((np.asarray(a, np.float64) - np.asarray(b, np.float64)) ** 2)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="dataset dir (generated here if absent)")
    parser.add_argument("--epochs", type=int, default=60)
    args = parser.parse_args()
    timer = package.Timer()
    package.set_determinism(TORCH_SEED)

    data_dir = Path(args.data) if args.data else data.default_work_dir(FAMILY) / f"seed{DEVICE_SEED}_n{COUNT}"
    data.generate(FAMILY, COUNT, DEVICE_SEED, data_dir)
    arrays, meta = data.load(data_dir)
    lq = arrays["values"][:, :SENSORS].astype(np.float32)
    hq = arrays["hq"].astype(np.float32)
    act = arrays["actuator_command"].astype(np.float32)
    tr, va, te = slice(0, TRAIN_END), slice(TRAIN_END, VAL_END), slice(VAL_END, COUNT)

    mean_lq, std_lq = lq[tr].mean(0), lq[tr].std(0)
    mean_hq, std_hq = hq[tr].mean(0), hq[tr].std(0)
    norm = lambda x, m, s: ((x - m) / s).astype(np.float32)  # noqa: E731
    x = torch.from_numpy(norm(lq, mean_lq, std_lq))
    y = torch.from_numpy(norm(hq, mean_hq, std_hq))
    a = torch.from_numpy(act)

    model = SensorAugmentor()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    gen = torch.Generator().manual_seed(TORCH_SEED)
    n_train = TRAIN_END
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(n_train, generator=gen)
        for i in range(0, n_train, 256):
            idx = perm[i : i + 256]
            rec, cmd = model(x[idx])
            loss = nn.functional.mse_loss(rec, y[idx]) + nn.functional.mse_loss(cmd, a[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
        if epoch % 10 == 9 or epoch == args.epochs - 1:
            model.eval()
            with torch.no_grad():
                rec, cmd = model(x[va])
            rec_v = rec.numpy() * std_hq + mean_hq
            print(f"epoch {epoch + 1}: val recon RMSE {rmse(rec_v, hq[va]):.4f} V, actuator RMSE {rmse(cmd.numpy(), act[va]):.4f}")

    model.eval()
    with torch.no_grad():
        rec, cmd = model(x[te])
    rec_t = rec.numpy() * std_hq + mean_hq
    metrics = {
        "raw_lq_rmse": rmse(lq[te], hq[te]),
        "reconstructed_hq_rmse": rmse(rec_t, hq[te]),
        "actuator_command_rmse": rmse(cmd.numpy(), act[te]),
    }
    metrics["reconstructed_hq_rmse_ratio"] = metrics["reconstructed_hq_rmse"] / metrics["raw_lq_rmse"]
    print("held-out (frames 80 000-99 999):", {k: round(v, 4) for k, v in metrics.items()})

    out = package.clean_package_dir(OUT)
    onnx_path = out / "model.onnx"
    package.export_onnx(model, [x[:1]], onnx_path, ["sensor_input"], ["reconstructed_hq", "actuator_command"])
    rng = np.random.default_rng(7)
    batches = [[x[te][i : i + n].numpy()] for i, n in ((0, 1), (int(rng.integers(0, 19_000)), 8))]
    # Out-of-distribution input as well (saturated channels), so parity covers the clamp.
    batches.append([np.clip(rng.normal(0, 3, (4, SENSORS)), -8, 8).astype(np.float32)])
    package.write_reference(out / "reference.json", package.reference_cases(model, ["sensor_input"], ["reconstructed_hq", "actuator_command"], batches))
    worst = package.check_parity_with_onnxruntime(onnx_path, out / "reference.json")
    print(f"parity PyTorch vs onnxruntime-node: max |diff| = {worst:.2e}")

    golden = slice(VAL_END, VAL_END + GOLDEN_FRAMES)
    data.write_npy_dataset(
        out / "golden",
        meta,
        {k: arrays[k][golden] for k in ("time_s", "values", "hq", "actuator_command")},
        f"frames {VAL_END}-{VAL_END + GOLDEN_FRAMES - 1} of device seed {DEVICE_SEED} (held out from training)",
    )

    r4 = lambda v: [round(float(t), 6) for t in v]  # noqa: E731
    lq_names = meta["channels"][:SENSORS]  # hq_00..hq_31 (the targets) follow in the same order
    manifest = {
        "formatVersion": 1,
        "name": NAME,
        "version": "1.0.0",
        "family": FAMILY,
        "description": (
            "SensorAugmentor (seed 000) for the simulated augmenter SIM0001 (seed 1): reconstructs the 32 high-quality "
            "channels from the 32 low-quality ones and proposes an actuator command (setpoint 0). Device-specific: the low-quality "
            "channels' gain/offset errors and the channel mix belong to this unit, so another unit needs its own training. "
            "MLP 32-64-64 with a linear skip path. The console normalises sensor_input with mean_lq/std_lq and denormalises "
            "reconstructed_hq with mean_hq/std_hq (both below). Validation metrics on golden/: reconstructed_hq_rmse (V, all "
            "channels, after denormalisation), reconstructed_hq_rmse_ratio (over the raw lq-vs-hq RMSE), actuator_command_rmse."
        ),
        "inputs": [
            {
                "name": "sensor_input",
                "dtype": "float32",
                "shape": ["batch", SENSORS],
                "channels": lq_names,
                "channelAxis": 1,
                "normalisation": {"mean": r4(mean_lq), "std": r4(std_lq)},
                "range": {"min": -10, "max": 10},
            }
        ],
        "outputs": [
            {
                "name": "reconstructed_hq",
                "dtype": "float32",
                "shape": ["batch", SENSORS],
                "kind": "regression",
                "units": "V",
                "denormalisation": {"mean": r4(mean_hq), "std": r4(std_hq)},
                "referenceChannels": meta["channels"][SENSORS : 2 * SENSORS],
            },
            {
                "name": "actuator_command",
                "dtype": "float32",
                "shape": ["batch", 1],
                "kind": "actuator",
                "units": "1",
                "min": -1,
                "max": 1,
                "maxRatePerS": 4,
                "safeValue": 0,
            },
        ],
        "latencyBudget": {"p95Ms": 5},
        "validation": {
            "reconstructed_hq_rmse_ratio": {"max": 0.5},
            "reconstructed_hq_rmse": {"max": round(max(metrics["reconstructed_hq_rmse"] * 1.5, 0.02), 3)},
            "actuator_command_rmse": {"max": round(max(metrics["actuator_command_rmse"] * 1.5, 0.02), 3)},
        },
        "parity": {"tolerance": 1e-5, "reference": "reference.json"},
        "files": [],
    }
    package.write_manifest(out, manifest)
    print(f"wrote {out} in {timer():.1f} s; model.onnx {onnx_path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
