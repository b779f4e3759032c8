"""Writes the tiny model packages the inference tests use.

Run with Debian's interpreter (python3-torch and python3-onnx import only there):

    /usr/bin/python3 models/testing/make_fixtures.py

Seeded, so a rerun on the same PyTorch version rewrites the same numbers. The packages are
committed; tests never need torch. See docs/model-package.md for the format.
"""

import base64
import hashlib
import json
import os
import shutil

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
SENSOR_DIM = 32
HIDDEN_DIM = 64


class TinyAugmenter(torch.nn.Module):
    """SensorAugmentor's shape (seed 000) at toy size: 32 LQ channels -> 32 HQ channels + 1 actuator command."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Sequential(torch.nn.Linear(SENSOR_DIM, HIDDEN_DIM), torch.nn.ReLU())
        self.reconstruct = torch.nn.Linear(HIDDEN_DIM, SENSOR_DIM)
        self.actuator = torch.nn.Linear(HIDDEN_DIM, 1)

    def forward(self, sensor_input):
        hidden = self.encoder(sensor_input)
        return self.reconstruct(hidden), torch.tanh(self.actuator(hidden))


def tensor_entry(array):
    """A reference tensor: dtype, dims and the raw little-endian bytes in base64."""
    array = np.ascontiguousarray(array, dtype="<f4")
    return {"dtype": "float32", "dims": list(array.shape), "data": base64.b64encode(array.tobytes()).decode("ascii")}


def file_entry(folder, name):
    with open(os.path.join(folder, name), "rb") as f:
        data = f.read()
    return {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def manifest_for(name, input_name, output_names, files, norm):
    mean_lq, std_lq, mean_hq, std_hq = norm
    channels = [f"lq{i}" for i in range(SENSOR_DIM)]
    return {
        "formatVersion": 1,
        "name": name,
        "version": "0.1.0",
        "family": "augmenter",
        "description": "Tiny SensorAugmentor-shaped MLP for tests (random weights, not trained).",
        "inputs": [
            {
                "name": input_name,
                "dtype": "float32",
                "shape": ["batch", SENSOR_DIM],
                "channels": channels,
                "channelAxis": 1,
                "normalisation": {"mean": mean_lq, "std": std_lq},
                "range": {"min": -10, "max": 10},
            }
        ],
        "outputs": [
            {
                "name": output_names[0],
                "dtype": "float32",
                "shape": ["batch", SENSOR_DIM],
                "kind": "regression",
                "units": "V",
                "denormalisation": {"mean": mean_hq, "std": std_hq},
            },
            {
                "name": output_names[1],
                "dtype": "float32",
                "shape": ["batch", 1],
                "kind": "actuator",
                "units": "1",
                "min": -1,
                "max": 1,
                "maxRatePerS": 2,
                "safeValue": 0,
            },
        ],
        "latencyBudget": {"p95Ms": 5},
        "validation": {"reconstruction_mse": {"max": 0.05}},
        "parity": {"tolerance": 1e-5, "reference": "reference.json"},
        "files": files,
    }


def write_package(folder, manifest_args, model_bytes, reference, listed_model_bytes=None):
    """Writes model.onnx + reference.json + manifest.json; `listed_model_bytes` lets a fixture lie about the model."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    with open(os.path.join(folder, "model.onnx"), "wb") as f:
        f.write(model_bytes)
    write_json(os.path.join(folder, "reference.json"), reference)
    model_entry = file_entry(folder, "model.onnx")
    if listed_model_bytes is not None:
        model_entry["sha256"] = hashlib.sha256(listed_model_bytes).hexdigest()
        model_entry["bytes"] = len(listed_model_bytes)
    files = [model_entry, file_entry(folder, "reference.json")]
    write_json(os.path.join(folder, "manifest.json"), manifest_for(files=files, **manifest_args))


def main():
    torch.manual_seed(20240601)
    rng = np.random.default_rng(20240601)
    model = TinyAugmenter().eval()

    export_path = os.path.join(HERE, "_export.onnx")
    torch.onnx.export(
        model,
        torch.zeros(1, SENSOR_DIM),
        export_path,
        export_params=True,
        opset_version=13,
        do_constant_folding=True,
        input_names=["sensor_input"],
        output_names=["reconstructed_hq", "actuator_command"],
        dynamic_axes={"sensor_input": {0: "batch"}, "reconstructed_hq": {0: "batch"}, "actuator_command": {0: "batch"}},
    )
    with open(export_path, "rb") as f:
        model_bytes = f.read()
    os.remove(export_path)

    cases = []
    for batch in (1, 4):
        x = rng.standard_normal((batch, SENSOR_DIM)).astype(np.float32)
        with torch.no_grad():
            hq, act = model(torch.from_numpy(x))
        cases.append(
            {
                "inputs": {"sensor_input": tensor_entry(x)},
                "outputs": {"reconstructed_hq": tensor_entry(hq.numpy()), "actuator_command": tensor_entry(act.numpy())},
            }
        )
    reference = {"format": "sensor-console-reference", "formatVersion": 1, "cases": cases}

    round4 = lambda a: [round(float(v), 4) for v in a]
    norm = (
        round4(rng.normal(0, 0.5, SENSOR_DIM)),
        round4(rng.uniform(0.5, 2.0, SENSOR_DIM)),
        round4(rng.normal(0, 0.5, SENSOR_DIM)),
        round4(rng.uniform(0.5, 2.0, SENSOR_DIM)),
    )
    good_io = {"input_name": "sensor_input", "output_names": ["reconstructed_hq", "actuator_command"], "norm": norm}

    write_package(os.path.join(HERE, "augmenter-mlp"), {"name": "augmenter-mlp", **good_io}, model_bytes, reference)
    # The same model, but the manifest names I/O the graph does not have.
    wrong_io = {"input_name": "sensor_in", "output_names": ["reconstructed", "actuator_command"], "norm": norm}
    write_package(os.path.join(HERE, "augmenter-wrong-io"), {"name": "augmenter-wrong-io", **wrong_io}, model_bytes, reference)
    # Cut short after hashing, as an interrupted copy would leave it: the hashes match, ONNX Runtime must refuse it.
    write_package(
        os.path.join(HERE, "augmenter-truncated"), {"name": "augmenter-truncated", **good_io}, model_bytes[: len(model_bytes) // 2], reference
    )
    # One byte flipped after hashing (same size): integrity must refuse it before ONNX Runtime sees it.
    flipped = bytearray(model_bytes)
    flipped[len(flipped) // 2] ^= 0xFF
    write_package(
        os.path.join(HERE, "augmenter-hash-mismatch"),
        {"name": "augmenter-hash-mismatch", **good_io},
        bytes(flipped),
        reference,
        listed_model_bytes=model_bytes,
    )
    print("wrote", ", ".join(sorted(d for d in os.listdir(HERE) if d.startswith("augmenter-"))))


if __name__ == "__main__":
    main()
