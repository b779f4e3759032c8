"""Trains the Olfactory-Transformer demo model (seed 004) on the console's simulated electronic nose.

    /usr/bin/python3 models/enose/train.py [--data DIR]   (~30 min on 2 cores: four ensemble members)

Why a window: MOS sensors lag the air (~15 s to respond, ~45 s to recover) and every unit has its own
clean-air resistance (+-20 %), so one reading cannot tell a faint odorant from another unit's baseline,
nor a recovering sensor from a present odorant. The model therefore reads the last WINDOW seconds
(1 Hz) of all ten channels, works on log-resistance (compensated for temperature and humidity with
typical MOS coefficients) relative to the window's cleanest air (odorants only lower MOS resistance),
on how it is moving, and on the level each sensor is settling towards (now + tau x rate: the air now,
not the lagging reading, and a clean-air baseline even while a sensor still recovers from the last
odorant), plus that level turned into MOS "load" (in which mixtures add up) normalised across the sensors, and
scores the 13 scent notes of the air now plus the perceived intensity (0-10). Four such networks (MEMBERS: different
seeds, faint-odorant windows oversampled in three) are exported as one graph that averages their outputs.
Per-note thresholds maximise the validation units' micro-F1 (the gated metric).
Data: the generator's `cycle` schedule (clean air and 1-2 odorants at 2-100 ppm alternating every
30-90 s), warmed-up frames only. Training units (seeds) 601-610 and 615-676 (mixture windows twice), validation units 611-612 (also used
to set the per-note thresholds), golden set unit 613. Units 614, 680-684 and 700-704 were the development set; the
TypeScript test scores the test set, units 720-723, never used to tune anything.
Writes models/enose/olfactory-transformer/.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import data, package  # noqa: E402

FAMILY = "enose"
NAME = "olfactory-transformer"
TRAIN_SEEDS = list(range(601, 611)) + list(range(615, 677))
VAL_SEEDS = [611, 612]
GOLDEN_SEED = 613
COUNT = 12_000
GOLDEN_COUNT = 7_200
WINDOW = 192
POOL = 2  # the CNN sees the window at 0.5 Hz; the newest RECENT readings also enter the head at full rate
RECENT = 6
SLOPE_LAG = 4
TREND_LAG = 16
SMOOTH = 4
AMBIENT_SMOOTH = 9  # temperature and humidity readings are noisier than the room changes (~5 min time constant)
TEMPERATURE_COEFF = 0.015  # log-resistance per degC, typical MOS
HUMIDITY_COEFF = 0.006  # log-resistance per %RH, typical MOS
TRAIN_HOP = 12  # every twelfth window end of the training units: more units rather than near-identical neighbours
SENSORS = 8
RESPONSE_BETA = 0.5  # MOS power law Rs/R0 = (1 + sum sensitivity x ppm)^-beta, typical
LOAD_FLOOR = 0.02  # load of ~1 ppm of a weak odorant: below it the mixing pattern is read noise
FEATURES = 5 * SENSORS + 3
SETTLE_SMOOTH = 8
RISE_TAU_S = 15.0  # MOS response time constants (adsorption, desorption), typical
FALL_TAU_S = 45.0
TORCH_SEED = 6004
# Ensemble members, averaged in one graph: (torch seed, windows with a faint odorant < 10 ppm trained on once more).
MEMBERS = ((6004, False), (6004, True), (7004, True), (8004, True))
FAINT_PPM = 10.0
OUT = Path(__file__).resolve().parent / NAME


class EnoseNet(nn.Module):
    """[batch, 10, WINDOW] raw readings (kOhm x 8, degC, %RH), oldest first -> notes [batch, 13], intensity [batch, 1]."""

    def __init__(self, notes=13, width=48, hidden=96):
        super().__init__()
        self.temporal = nn.Sequential(
            nn.Conv1d(FEATURES, width, 5, padding=2),
            nn.GELU(),
            nn.Conv1d(width, width, 5, padding=4, dilation=2),
            nn.GELU(),
            nn.Conv1d(width, width, 5, padding=8, dilation=4),
            nn.GELU(),
            nn.Conv1d(width, width, 5, padding=16, dilation=8),
            nn.GELU(),
        )
        self.head = nn.Sequential(nn.Linear(3 * width + 2 * SENSORS * RECENT + 3 * SENSORS + 1, hidden), nn.GELU(), nn.Linear(hidden, notes + 1))

    def forward(self, sensor_window):
        # Front end in float64 so that rounding in Log cannot push PyTorch and ONNX Runtime apart.
        w = sensor_window.double()
        # Ambient compensation with the sensors' typical coefficients (each unit's own differ by about +-30 %):
        # a 2 %RH swing moves every baseline by ~1 %, as much as a faint odorant moves the weak sensors.
        temperature = causal_mean(w[:, SENSORS : SENSORS + 1, :], AMBIENT_SMOOTH)
        humidity = causal_mean(w[:, SENSORS + 1 :, :], AMBIENT_SMOOTH)
        log_r = torch.log(w[:, :SENSORS, :].clamp_min(1e-3)) + TEMPERATURE_COEFF * (temperature - 22.0) + HUMIDITY_COEFF * (humidity - 45.0)
        smooth = causal_mean(log_r, SMOOTH)
        # <= 0 (up to noise): response relative to the cleanest air in the window; the smoothed maximum is not biased up by read noise.
        rel = log_r - smooth.max(dim=2, keepdim=True).values
        slope = log_r - lagged(log_r, SLOPE_LAG)  # onsets and clearings within seconds
        trend = smooth - lagged(smooth, TREND_LAG)  # the direction the sensor settles in
        # The air the sensor is settling towards: a first-order sensor moves at (target - now) / tau, so target = now + tau * rate,
        # with the fast tau while resistance falls (adsorption) and the slow one while it recovers. In clean air this is the
        # baseline even while the sensor is still recovering from the last odorant, which the plain maximum is not.
        settled = causal_mean(log_r, SETTLE_SMOOTH)
        rate = (settled - lagged(settled, SETTLE_SMOOTH)) / SETTLE_SMOOTH
        target = settled + torch.where(rate > 0, rate * FALL_TAU_S, rate * RISE_TAU_S)
        target_smooth = causal_mean(target, SETTLE_SMOOTH)
        target_rel = target_smooth - target_smooth.max(dim=2, keepdim=True).values
        # Odorants mix linearly in "load" (sum of sensitivity x ppm), not in log-resistance: the settling level turned into load
        # and normalised across the sensors is the mixture's pattern, in which a faint second odorant is an additive part.
        load = (torch.exp(-target_rel / RESPONSE_BETA) - 1.0).clamp_min(0.0)
        total = load.sum(dim=1, keepdim=True)
        pattern = load / (total + LOAD_FLOOR)
        env = torch.cat([(temperature - 22.0) / 2.0, (humidity - 45.0) / 5.0], 1)
        seq = torch.cat([rel * 10.0, slope * 40.0, trend * 10.0, target_rel * 10.0, env, pattern * 4.0, torch.log(total + LOAD_FLOOR)], 1).float()
        z = self.temporal(nn.functional.avg_pool1d(seq, POOL))
        recent = seq[:, : 2 * SENSORS, -RECENT:].reshape(-1, 2 * SENSORS * RECENT)
        feats = torch.cat([z[:, :, -1], z.mean(2), z.max(2).values, recent, seq[:, 2 * SENSORS : 4 * SENSORS, -1], seq[:, 4 * SENSORS + 2 :, -1]], 1)
        out = self.head(feats)
        return torch.sigmoid(out[:, :-1]), 10.0 * torch.sigmoid(out[:, -1:])


class Ensemble(nn.Module):
    """Members' mean probabilities and intensities: the members disagree most on faint components, where averaging helps."""

    def __init__(self, members):
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, sensor_window):
        outs = [m(sensor_window) for m in self.members]
        return torch.stack([o[0] for o in outs]).mean(0), torch.stack([o[1] for o in outs]).mean(0)


def lagged(x, lag):
    """x delayed by `lag` readings along time, the first reading repeated where the window has no history."""
    return torch.cat([x[:, :, :1].expand(-1, -1, lag), x[:, :, :-lag]], 2)


def causal_mean(x, k):
    """Mean of the last k readings at every step (shifted slices: exports to plain ONNX ops in float64)."""
    total = x
    for lag in range(1, k):
        total = total + lagged(x, lag)
    return total / k


def windows_of(arrays):
    """Indices of window ends whose frame is warmed up and whose window lies inside the data."""
    warm = arrays["warmed_up"].astype(bool)
    ends = np.arange(WINDOW - 1, len(warm))
    return ends[warm[ends]]


def gather(values, ends):
    idx = ends[:, None] - np.arange(WINDOW - 1, -1, -1)[None, :]
    return np.ascontiguousarray(values[idx].transpose(0, 2, 1))  # [n, 10, WINDOW]


def micro_f1(pred, truth):
    tp = float(np.sum(pred & truth))
    fp = float(np.sum(pred & ~truth))
    fn = float(np.sum(~pred & truth))
    return 2 * tp / max(2 * tp + fp + fn, 1.0), tp / max(tp + fp, 1.0), tp / max(tp + fn, 1.0)


def predict(model, x):
    outs_n, outs_i = [], []
    with torch.no_grad():
        for i in range(0, len(x), 2048):
            n, inten = model(torch.from_numpy(x[i : i + 2048]))
            outs_n.append(n.numpy())
            outs_i.append(inten.numpy())
    return np.concatenate(outs_n), np.concatenate(outs_i)[:, 0]


def fit(model, train, val, epochs, timer, seed):
    """AdamW with a one-cycle schedule on binary cross-entropy of the notes plus a little intensity MSE."""
    x_tr, n_tr, i_tr = train
    x_va, n_va, i_va = val
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    batch = 128
    steps = epochs * ((len(x_tr) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps)
    gen = torch.Generator().manual_seed(seed)
    xt, nt, it = torch.from_numpy(x_tr), torch.from_numpy(n_tr.astype(np.float32)), torch.from_numpy(i_tr)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(xt), generator=gen)
        for i in range(0, len(perm), batch):
            b = perm[i : i + batch]
            xb = xt[b]
            pn, pi = model(xb)
            loss = nn.functional.binary_cross_entropy(pn.clamp(1e-6, 1 - 1e-6), nt[b]) + 0.05 * nn.functional.mse_loss(pi[:, 0], it[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        model.eval()
        pn, pi = predict(model, x_va)
        f1, p, r = micro_f1(pn >= 0.5, n_va)
        print(f"epoch {epoch + 1}: loss {loss.item():.4f} val micro-F1 {f1:.4f} (P {p:.3f} R {r:.3f}) intensity MAE {np.mean(np.abs(pi - i_va)):.3f} [{timer():.0f} s]")


def tune_thresholds(p, truth, rounds=3):
    """Per-note thresholds that maximise the micro-F1 of all notes together (the metric the gate uses): coordinate ascent from 0.5."""
    grid = np.arange(0.1, 0.901, 0.025)
    thr = np.full(p.shape[1], 0.5)
    for _ in range(rounds):
        for j in range(p.shape[1]):

            def score(t, j=j):
                trial = thr.copy()
                trial[j] = t
                return micro_f1(p >= trial, truth)[0]

            thr[j] = max(grid, key=score)
    return thr


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="folder for generated datasets (default under /tmp)")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--save", help="also save the members' PyTorch state dicts as PATH.0, PATH.1, ... (for analysis)")
    parser.add_argument("--weights", help="skip training: package the state dicts saved by --save PATH from this same script (re-packaging only)")
    args = parser.parse_args()
    timer = package.Timer()
    package.set_determinism(TORCH_SEED)
    base = Path(args.data) if args.data else data.default_work_dir(FAMILY)

    def load_units(seeds, count, hop=1, mixtures_again=False, faint_again=False):
        xs, ns, its = [], [], []
        meta = None
        for seed in seeds:
            arrays, meta = data.load(data.generate(FAMILY, count, seed, base / f"seed{seed}_n{count}"))
            ends = windows_of(arrays)[::hop]
            if mixtures_again:
                # Two-odorant mixtures are a quarter of the exposures but most of the errors: train on their windows twice.
                ppm = arrays["odorant_ppm"][ends]
                parts = [ends, ends[(ppm > 0).sum(1) >= 2]]
                if faint_again:
                    # Faint odorants (alone or as a mixture's weaker part) are the rest of the errors: once more.
                    parts.append(ends[np.where(ppm > 0, ppm, np.inf).min(1) < FAINT_PPM])
                ends = np.concatenate(parts)
            xs.append(gather(arrays["values"].astype(np.float32), ends))
            ns.append(arrays["notes"][ends].astype(bool))
            its.append(arrays["intensity"][ends].astype(np.float32))
        return np.concatenate(xs), np.concatenate(ns), np.concatenate(its), meta

    x_va, n_va, i_va, _ = load_units(VAL_SEEDS, COUNT)
    x_go, n_go, i_go, meta = load_units([GOLDEN_SEED], GOLDEN_COUNT)
    labels = meta["labels"]["notes"]
    print(f"windows: val {len(x_va)}, golden {len(x_go)} (loaded in {timer():.1f} s)")

    members = []
    for k, (seed, faint_again) in enumerate(MEMBERS):
        torch.manual_seed(seed)
        member = EnoseNet(notes=len(labels))
        if args.weights:
            member.load_state_dict(torch.load(f"{args.weights}.{k}"))
        else:
            train = load_units(TRAIN_SEEDS, COUNT, TRAIN_HOP, mixtures_again=True, faint_again=faint_again)[:3]
            print(f"member {k + 1}/{len(MEMBERS)} (seed {seed}, faint windows again: {faint_again}): {len(train[0])} training windows")
            fit(member, train, (x_va, n_va, i_va), args.epochs, timer, seed)
            del train
        if args.save:
            torch.save(member.state_dict(), f"{args.save}.{k}")
        members.append(member)
    model = Ensemble(members)
    model.eval()
    pn_va, _ = predict(model, x_va)
    thresholds = [round(float(t), 3) for t in tune_thresholds(pn_va, n_va)]
    thr = np.array(thresholds)
    metrics = {}
    for tag, x, n, it_ in (("val", x_va, n_va, i_va), ("golden", x_go, n_go, i_go)):
        pn, pi = predict(model, x)
        f1, p, r = micro_f1(pn >= thr, n)
        metrics[tag] = {"notes_micro_f1": f1, "precision": p, "recall": r, "intensity_mae": float(np.mean(np.abs(pi - it_)))}
        print(tag, {k: round(v, 4) for k, v in metrics[tag].items()})
    print("thresholds", dict(zip(labels, thresholds)))
    g, v = metrics["golden"], metrics["val"]
    # The target for scent notes (micro-F1 >= 0.85) must hold on the validation and golden units, checked before the
    # committed package is replaced. The manifest gates at it too; the TS test checks it on the pooled test units 720-723
    # (single units and single hours vary around it: models/README.md).
    f1_min = 0.85
    assert min(g["notes_micro_f1"], v["notes_micro_f1"]) >= f1_min, metrics

    out = package.clean_package_dir(OUT)
    onnx_path = out / "model.onnx"
    package.export_onnx(model, [torch.from_numpy(x_go[:1])], onnx_path, ["sensor_window"], ["notes", "intensity"])
    positive = int(np.argmax(n_go.any(1)))
    batches = [[x_go[positive : positive + 1]], [x_go[::997][:6]]]
    package.write_reference(out / "reference.json", package.reference_cases(model, ["sensor_window"], ["notes", "intensity"], batches))
    worst = package.check_parity_with_onnxruntime(onnx_path, out / "reference.json")
    print(f"parity PyTorch vs onnxruntime-node: max |diff| = {worst:.2e}")
    ga, gmeta = data.load(base / f"seed{GOLDEN_SEED}_n{GOLDEN_COUNT}")
    data.write_npy_dataset(
        out / "golden",
        gmeta,
        {k: ga[k] for k in ("time_s", "values", "notes", "intensity", "warmed_up")},
        f"unit (seed) {GOLDEN_SEED}, {GOLDEN_COUNT} s from power-on incl. warm-up; score warmed-up frames only; not used in training",
    )
    manifest = {
        "formatVersion": 1,
        "name": NAME,
        "version": "1.1.0",
        "family": FAMILY,
        "description": (
            f"Olfactory Transformer-compatible scent model (seed 004) for the 8-MOS e-nose at 1 Hz. Input: the last {WINDOW} readings of "
            "all ten channels in device units (kOhm, degC, %RH), oldest first; no console normalisation (the graph takes "
            "log-resistance relative to the window's cleanest air, so it does not depend on the unit's baseline). Feed only "
            "warmed-up readings (heaters settle ~8 min after power-on). notes: sigmoid probabilities with per-note thresholds; "
            "intensity: perceived intensity 0-10. Metrics: notes_micro_f1 over warmed-up frames, intensity_mae."
        ),
        "inputs": [
            {
                "name": "sensor_window",
                "dtype": "float32",
                "shape": ["batch", SENSORS + 2, WINDOW],
                "channels": meta["channels"],
                "channelAxis": 1,
                "window": {"length": WINDOW, "hop": 1},
                "timeAxis": 2,
                "range": {"min": -10, "max": 2000},
            }
        ],
        "outputs": [
            {"name": "notes", "dtype": "float32", "shape": ["batch", len(labels)], "kind": "multilabel", "labels": labels, "sigmoidApplied": True, "thresholds": thresholds},
            {"name": "intensity", "dtype": "float32", "shape": ["batch", 1], "kind": "regression", "units": "0-10"},
        ],
        "latencyBudget": {"p95Ms": 20},
        "validation": {
            "notes_micro_f1": {"min": f1_min},
            "intensity_mae": {"max": round(max(g["intensity_mae"], v["intensity_mae"]) * 1.3, 2)},
        },
        "parity": {"tolerance": 1e-5, "reference": "reference.json"},
        "files": [],
    }
    package.write_manifest(out, manifest)
    print(f"wrote {out} in {timer():.1f} s; model.onnx {onnx_path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
