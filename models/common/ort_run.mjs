// Runs an ONNX model in onnxruntime-node on the inputs of a reference file and prints the outputs
// as JSON (base64 little-endian, the reference file's tensor encoding). Used by the training
// scripts to check PyTorch against ONNX Runtime at export time (Python here has no onnxruntime).
//   node models/common/ort_run.mjs model.onnx reference.json > outputs.json
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

const [modelPath, referencePath] = process.argv.slice(2);
const reference = JSON.parse(readFileSync(referencePath, 'utf8'));
const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1 });

function decode(entry) {
  const bytes = Buffer.from(entry.data, 'base64');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  switch (entry.dtype) {
    case 'float32':
      return new ort.Tensor('float32', new Float32Array(buffer), entry.dims);
    case 'int64':
      return new ort.Tensor('int64', new BigInt64Array(buffer), entry.dims);
    case 'bool':
      return new ort.Tensor('bool', new Uint8Array(buffer), entry.dims);
    default:
      throw new Error(`unsupported dtype ${entry.dtype}`);
  }
}

const results = [];
for (const c of reference.cases) {
  const feeds = Object.fromEntries(Object.entries(c.inputs).map(([name, entry]) => [name, decode(entry)]));
  const out = await session.run(feeds);
  results.push(
    Object.fromEntries(
      Object.entries(out).map(([name, t]) => [
        name,
        { dtype: t.type, dims: t.dims, data: Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('base64') },
      ]),
    ),
  );
}
process.stdout.write(JSON.stringify({ inputNames: session.inputNames, outputNames: session.outputNames, results }));
