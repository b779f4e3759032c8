"""Trains the EchoLoc-NN demo model (seed 001) on the console's simulated square_4sensor array.

    /usr/bin/python3 models/echoloc/train.py [--data DIR]

The network is physics-structured: a matched filter (the 100 us Gaussian echo envelope) per receiver,
the echo's arrival found by arg-max plus 3-point Gaussian interpolation (sub-sample time of flight),
the closed-form bistatic position from the four path lengths, then a small learned MLP that refines
the position and a learned confidence head that estimates P(error < 5 cm) from echo strength and the
consistency of the four times of flight. Trained on seed 401 (`random` targets, 20 000 pings),
validated on seed 402, golden set seed 403; the TypeScript test uses seed 404.
Writes models/echoloc/echoloc-nn/.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import data, package  # noqa: E402

FAMILY = "echoloc"
NAME = "echoloc-nn"
TRAIN_SEED, VAL_SEED, GOLDEN_SEED = 401, 402, 403
TRAIN_COUNT, VAL_COUNT, GOLDEN_COUNT = 20_000, 5_000, 400
SAMPLES, RECEIVERS = 256, 4
FS = 20_000.0
C = 343.0
BASELINE_V = 0.05
FIRST_ECHO_SAMPLE = 20  # earlier samples hold the transmit crosstalk; a target at 0.25 m echoes at ~25
RX = [[-0.05, 0.05], [-0.05, -0.05], [0.05, -0.05], [0.05, 0.05]]
RX_SQ = 0.005  # |rx_i|^2, the same for every receiver of the square
GOOD_ERROR_M = 0.05
TORCH_SEED = 4001
OUT = Path(__file__).resolve().parent / NAME


class EchoLocNet(nn.Module):
    def __init__(self):
        super().__init__()
        # The front end runs in float64 (a banded matrix instead of Conv, which ONNX Runtime has only in
        # float32 on CPU), so that the sub-sample interpolation cannot amplify rounding differences
        # between PyTorch and ONNX Runtime beyond the 1e-5 parity tolerance.
        k = torch.arange(-6, 7, dtype=torch.float64)
        kernel = torch.exp(-0.5 * (k / 2.0) ** 2)
        kernel = kernel / kernel.sum()
        band = torch.zeros(SAMPLES, SAMPLES, dtype=torch.float64)
        for i in range(SAMPLES):
            for j, w in zip(range(i - 6, i + 7), kernel):
                if 0 <= j < SAMPLES and j >= FIRST_ECHO_SAMPLE:
                    band[j, i] = w
        self.register_buffer("filter", band)
        self.register_buffer("rx", torch.tensor(RX, dtype=torch.float64))
        self.refine = nn.Sequential(nn.Linear(19, 64), nn.GELU(), nn.Linear(64, 64), nn.GELU(), nn.Linear(64, 2))
        nn.init.zeros_(self.refine[-1].weight)
        nn.init.zeros_(self.refine[-1].bias)
        self.confidence = nn.Sequential(nn.Linear(19, 32), nn.GELU(), nn.Linear(32, 1))

    def features(self, echoes):
        x = echoes.double() - BASELINE_V
        r = torch.matmul(x, self.filter)
        idx = torch.argmax(r, dim=2, keepdim=True).clamp(1, SAMPLES - 2)
        lm = torch.gather(r, 2, idx - 1).clamp_min(1e-6).log()
        l0 = torch.gather(r, 2, idx).clamp_min(1e-6).log()
        lp = torch.gather(r, 2, idx + 1).clamp_min(1e-6).log()
        curvature = (lm - 2 * l0 + lp).clamp(max=-1e-3)
        delta = ((lm - lp) / (2 * curvature)).clamp(-1, 1)
        tof = (idx.double() + delta).squeeze(2) / FS
        path = tof * C
        mean_path = path.mean(1, keepdim=True)
        dev = path - mean_path
        dev_sq_mean = (dev * dev).mean(1, keepdim=True)
        rng = (mean_path * mean_path + dev_sq_mean - RX_SQ) / (2 * mean_path)
        rhs = dev * (rng - mean_path) - (dev * dev - dev_sq_mean) / 2
        pos = torch.matmul(rhs, self.rx) / 0.01
        residual = rhs - torch.matmul(pos, self.rx.t())
        feats = torch.cat(
            [pos, rng - 1.0, dev * 20.0, residual * 1000.0, l0.squeeze(2) / 5.0, ((lm + lp) / 2 - l0).squeeze(2)],
            dim=1,
        )
        return pos.float(), feats.float()

    def forward(self, echoes):
        pos, feats = self.features(echoes)
        position = pos + 0.05 * self.refine(feats)
        confidence = torch.sigmoid(self.confidence(feats))
        return position, confidence


def errors(pred, truth):
    return np.hypot(pred[:, 0] - truth[:, 0], pred[:, 1] - truth[:, 1])


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

    model = EchoLocNet()
    xs = {k: torch.from_numpy(a["values"].astype(np.float32)) for k, (a, _) in sets.items()}
    ys = {k: a["position"].astype(np.float32) for k, (a, _) in sets.items()}
    with torch.no_grad():
        analytic = {k: model.features(xs[k])[0].numpy() for k in xs}
        feats = {k: model.features(xs[k])[1] for k in xs}
    e = errors(analytic["val"], ys["val"])
    print(f"closed form only, val: median {np.median(e):.4f} m, p90 {np.percentile(e, 90):.4f} m")

    # Receiver timing faults (the simulator's delay offsets, as whole samples: the echo and the
    # crosstalk of one receiver arrive late or early) for a quarter of the training pings. The
    # position head learns from clean pings only; the confidence head learns from both, so that an
    # inconsistent set of times of flight lowers the confidence.
    rng = np.random.default_rng(TORCH_SEED)
    faulty = xs["train"].numpy().copy()
    chosen = rng.random(len(faulty)) < 0.25
    for i in np.where(chosen)[0]:
        shift = int(rng.choice([-1, 1]) * rng.integers(2, 9))
        r = int(rng.integers(0, RECEIVERS))
        faulty[i, r] = np.roll(faulty[i, r], shift)
    with torch.no_grad():
        p_fa, f_fa = model.features(torch.from_numpy(faulty))
    clean = torch.from_numpy(~chosen)

    # The front end has no trainable parameters, so train the heads on its (fixed) features.
    opt = torch.optim.Adam(list(model.refine.parameters()) + list(model.confidence.parameters()), lr=1e-3)
    gen = torch.Generator().manual_seed(TORCH_SEED)
    f_tr, p_tr, y_tr = f_fa, p_fa, torch.from_numpy(ys["train"])
    for epoch in range(args.epochs):
        perm = torch.randperm(len(f_tr), generator=gen)
        for i in range(0, len(perm), 256):
            b = perm[i : i + 256]
            pos = p_tr[b] + 0.05 * model.refine(f_tr[b])
            err = torch.sqrt(((pos - y_tr[b]) ** 2).sum(1) + 1e-8)
            good = (err.detach() < GOOD_ERROR_M).float()
            conf_logit = model.confidence(f_tr[b]).squeeze(1)
            w = clean[b].float()
            loss = (err * w).sum() / w.sum().clamp_min(1) + 0.1 * nn.functional.binary_cross_entropy_with_logits(conf_logit, good)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if epoch % 5 == 4:
            with torch.no_grad():
                pv, cv = model(xs["val"])
            e = errors(pv.numpy(), ys["val"])
            print(f"epoch {epoch + 1}: val median {np.median(e):.4f} m, p90 {np.percentile(e, 90):.4f} m, mean conf {cv.mean():.3f}")

    with torch.no_grad():
        shifted = xs["val"][:1000].clone()
        shifted[:, 0] = torch.roll(shifted[:, 0], 6, dims=1)
        _, c_fault = model(shifted)
    print(f"mean confidence with a 300 us fault on rx0 (val): {c_fault.mean():.3f}")
    metrics = {}
    for tag in ("val", "golden"):
        with torch.no_grad():
            pv, cv = model(xs[tag])
        e = errors(pv.numpy(), ys[tag])
        conf = cv.numpy()[:, 0]
        good = e < GOOD_ERROR_M
        metrics[tag] = {
            "median_error_m": float(np.median(e)),
            "p90_error_m": float(np.percentile(e, 90)),
            "confident_share": float(np.mean(conf >= 0.5)),
            "median_error_confident_m": float(np.median(e[conf >= 0.5])) if np.any(conf >= 0.5) else float("nan"),
            "confidence_accuracy": float(np.mean((conf >= 0.5) == good)),
        }
        print(tag, {k: round(v, 4) for k, v in metrics[tag].items()})

    out = package.clean_package_dir(OUT)
    onnx_path = out / "model.onnx"
    package.export_onnx(model, [xs["golden"][:1]], onnx_path, ["echoes"], ["position", "confidence"])
    batches = [[sets["golden"][0]["values"][:1].astype(np.float32)], [sets["golden"][0]["values"][1:9].astype(np.float32)]]
    package.write_reference(out / "reference.json", package.reference_cases(model, ["echoes"], ["position", "confidence"], batches))
    worst = package.check_parity_with_onnxruntime(onnx_path, out / "reference.json")
    print(f"parity PyTorch vs onnxruntime-node: max |diff| = {worst:.2e}")
    ga, gmeta = sets["golden"]
    data.write_npy_dataset(out / "golden", gmeta, {k: ga[k] for k in ("time_s", "values", "position", "tof_s")}, f"seed {GOLDEN_SEED}, {GOLDEN_COUNT} pings, random targets; not used in training")
    g = metrics["golden"]
    v = metrics["val"]
    manifest = {
        "formatVersion": 1,
        "name": NAME,
        "version": "1.0.0",
        "family": FAMILY,
        "description": (
            "EchoLoc-NN (seed 001) for the square_4sensor array (0.1 m square, 40 kHz, 20 kHz envelopes): matched filter, "
            "sub-sample time of flight per receiver, closed-form bistatic position and a learned refinement; confidence "
            "estimates P(error < 5 cm) from echo strength and how consistent the four times of flight are (a receiver timing "
            "fault lowers it). Input: raw envelopes in V, no normalisation. position is (x right, y forward) of the array centre, "
            "m; targets 0.25-2 m within +-60 degrees. Validation metrics: median_error_m and p90_error_m (Euclidean)."
        ),
        "inputs": [
            {
                "name": "echoes",
                "dtype": "float32",
                "shape": ["batch", RECEIVERS, SAMPLES],
                "channels": gmeta["channels"],
                "channelAxis": 1,
                "range": {"min": 0, "max": 5},
            }
        ],
        "outputs": [
            {"name": "position", "dtype": "float32", "shape": ["batch", 2], "kind": "localisation", "units": "m", "axes": ["x", "y"]},
            {"name": "confidence", "dtype": "float32", "shape": ["batch", 1], "kind": "regression", "units": "1"},
        ],
        "latencyBudget": {"p95Ms": 50},
        "validation": {
            "median_error_m": {"max": 0.05},
            "p90_error_m": {"max": round(max(g["p90_error_m"], v["p90_error_m"]) * 1.25, 3)},
        },
        "parity": {"tolerance": 1e-5, "reference": "reference.json"},
        "files": [],
    }
    package.write_manifest(out, manifest)
    print(f"wrote {out} in {timer():.1f} s; model.onnx {onnx_path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
