"""Model packages: ONNX export, reference (parity) file, file hashes and manifest.

Package layout (docs/model-package.md): a folder with `model.onnx`, `manifest.json`, the reference
file for the parity check and any other files, every one of them listed in the manifest with its
SHA-256 and size (files on disk that are not listed are refused by the loader).
"""

import base64
import hashlib
import json
import subprocess
import time
from pathlib import Path

import numpy as np
import torch

from .data import NODE, REPO

HERE = Path(__file__).resolve().parent
REFERENCE_FORMAT = "sensor-console-reference"
OPSET = 13


def export_onnx(model, example_inputs, path, input_names, output_names):
    """Exports with a dynamic batch axis named `batch` on every input and output (opset 13)."""
    model.eval()
    dynamic_axes = {name: {0: "batch"} for name in [*input_names, *output_names]}
    with torch.no_grad():
        torch.onnx.export(
            model,
            tuple(example_inputs),
            str(path),
            export_params=True,
            opset_version=OPSET,
            do_constant_folding=True,
            input_names=list(input_names),
            output_names=list(output_names),
            dynamic_axes=dynamic_axes,
        )
    import onnx

    onnx.checker.check_model(onnx.load(str(path)))


def tensor_entry(array):
    """A reference tensor: dtype, dims and the raw little-endian bytes in base64."""
    array = np.asarray(array)
    if array.dtype == np.bool_:
        dtype, raw = "bool", np.ascontiguousarray(array, dtype=np.uint8)
    elif array.dtype == np.int64:
        dtype, raw = "int64", np.ascontiguousarray(array, dtype="<i8")
    else:
        dtype, raw = "float32", np.ascontiguousarray(array, dtype="<f4")
    return {"dtype": dtype, "dims": list(array.shape), "data": base64.b64encode(raw.tobytes()).decode("ascii")}


def decode_entry(entry):
    raw = base64.b64decode(entry["data"])
    dtype = {"float32": "<f4", "int64": "<i8", "bool": "u1", "uint8": "u1"}[entry["dtype"]]
    return np.frombuffer(raw, dtype=dtype).reshape(entry["dims"])


def reference_cases(model, input_names, output_names, input_batches):
    """Runs the PyTorch model on each batch of inputs and records inputs and outputs."""
    cases = []
    model.eval()
    for batch in input_batches:
        with torch.no_grad():
            outs = model(*[torch.from_numpy(np.asarray(x)) for x in batch])
        if not isinstance(outs, (tuple, list)):
            outs = (outs,)
        cases.append(
            {
                "inputs": {name: tensor_entry(x) for name, x in zip(input_names, batch)},
                "outputs": {name: tensor_entry(y.numpy()) for name, y in zip(output_names, outs)},
            }
        )
    return cases


def write_json(path, value):
    Path(path).write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


def write_reference(path, cases):
    write_json(path, {"format": REFERENCE_FORMAT, "formatVersion": 1, "cases": cases})


def check_parity_with_onnxruntime(model_path, reference_path, tolerance=1e-5):
    """Runs the exported model in onnxruntime-node on the reference inputs; returns the largest difference."""
    proc = subprocess.run(
        [str(NODE), str(HERE / "ort_run.mjs"), str(model_path), str(reference_path)],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    ran = json.loads(proc.stdout)
    reference = json.loads(Path(reference_path).read_text())
    worst = 0.0
    for case, outputs in zip(reference["cases"], ran["results"]):
        for name, expected in case["outputs"].items():
            got = decode_entry(outputs[name]).astype(np.float64)
            want = decode_entry(expected).astype(np.float64)
            assert got.shape == want.shape, f"{name}: {got.shape} vs {want.shape}"
            worst = max(worst, float(np.max(np.abs(got - want))) if got.size else 0.0)
    if worst > tolerance:
        raise AssertionError(f"PyTorch vs onnxruntime-node differ by {worst:.3g} (> {tolerance})")
    return worst


def file_entry(folder, rel_path):
    data = (Path(folder) / rel_path).read_bytes()
    return {"path": rel_path, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def package_files(folder):
    """Every file under the package folder except the manifest, sorted, as manifest entries."""
    folder = Path(folder)
    paths = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json")
    return [file_entry(folder, p) for p in paths]


def write_manifest(folder, manifest):
    """Fills `files` from the folder (model.onnx first) and writes manifest.json."""
    files = package_files(folder)
    files.sort(key=lambda f: (f["path"] != "model.onnx", f["path"]))
    manifest = dict(manifest)
    manifest["formatVersion"] = 1
    manifest["files"] = files
    write_json(Path(folder) / "manifest.json", manifest)
    return manifest


def clean_package_dir(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for p in sorted(folder.rglob("*"), reverse=True):
        if p.is_file():
            p.unlink()
        elif p.is_dir():
            p.rmdir()
    return folder


def set_determinism(seed):
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)


class Timer:
    def __init__(self):
        self.start = time.time()

    def __call__(self):
        return time.time() - self.start
