"""Writes models/testing/imu-activity: a hand-built IMU activity classifier for validation tests.

Run with Debian's interpreter (python3-torch and python3-onnx import only there):

    /usr/bin/python3 models/testing/make_imu_activity.py

No training: the "model" is the spread of vertical acceleration over a 1 s window (log of its
standard deviation) scored against three fixed centres measured on the IMU simulator (still and
standing about 0.04 m/s², walking about 1.8, running about 6.5). It is a real ONNX graph run by
onnxruntime-node like any package, and good enough to tell the simulator's activities apart, which
is what validating a recording labelled by an operator needs. Deterministic: a rerun rewrites the
same files.
"""

import os

import numpy as np
import torch

from make_fixtures import file_entry, tensor_entry, write_json

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = ["still", "walking", "running"]
CENTRES = [-3.2, 0.6, 1.87]
WINDOW = 100
CHANNELS = ["accel_x", "accel_y", "accel_z", "gyro_x", "gyro_y", "gyro_z"]


class ActivityBySpread(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("centres", torch.tensor([CENTRES], dtype=torch.float32))

    def forward(self, imu_window):
        z = imu_window[:, 2, :]
        spread = torch.sqrt(((z - z.mean(dim=1, keepdim=True)) ** 2).mean(dim=1) + 1e-6)
        feature = torch.log(spread + 0.01).unsqueeze(1)
        return torch.softmax(-4.0 * (feature - self.centres) ** 2, dim=1)


def main():
    folder = os.path.join(HERE, "imu-activity")
    os.makedirs(folder, exist_ok=True)
    model = ActivityBySpread().eval()
    model_path = os.path.join(folder, "model.onnx")
    torch.onnx.export(
        model,
        torch.zeros(1, len(CHANNELS), WINDOW),
        model_path,
        export_params=True,
        opset_version=13,
        do_constant_folding=True,
        input_names=["imu_window"],
        output_names=["activity"],
        dynamic_axes={"imu_window": {0: "batch"}, "activity": {0: "batch"}},
    )
    rng = np.random.default_rng(20241124)
    cases = []
    for batch, scale in ((1, 0.05), (3, 3.0)):
        x = rng.normal(0, scale, (batch, len(CHANNELS), WINDOW)).astype(np.float32)
        with torch.no_grad():
            y = model(torch.from_numpy(x))
        cases.append({"inputs": {"imu_window": tensor_entry(x)}, "outputs": {"activity": tensor_entry(y.numpy())}})
    write_json(os.path.join(folder, "reference.json"), {"format": "sensor-console-reference", "formatVersion": 1, "cases": cases})
    files = [file_entry(folder, "model.onnx"), file_entry(folder, "reference.json")]
    manifest = {
        "formatVersion": 1,
        "name": "imu-activity",
        "version": "0.1.0",
        "family": "imu",
        "description": "Hand-built activity classifier for tests (no training): the log spread of accel_z over a 1 s window against fixed centres for still, walking and running.",
        "inputs": [
            {
                "name": "imu_window",
                "dtype": "float32",
                "shape": ["batch", len(CHANNELS), WINDOW],
                "channels": CHANNELS,
                "channelAxis": 1,
                "window": {"length": WINDOW, "hop": 50},
                "timeAxis": 2,
                "range": {"min": -50, "max": 50},
            }
        ],
        "outputs": [
            {"name": "activity", "dtype": "float32", "shape": ["batch", len(LABELS)], "kind": "classification", "labels": LABELS, "softmaxApplied": True}
        ],
        "latencyBudget": {"p95Ms": 5},
        "validation": {"accuracy": {"min": 0.9}},
        "parity": {"tolerance": 1e-5, "reference": "reference.json"},
        "files": files,
    }
    write_json(os.path.join(folder, "manifest.json"), manifest)
    print("wrote", folder)


if __name__ == "__main__":
    main()
