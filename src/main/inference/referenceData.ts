import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { tensorDtypeSchema, type ModelManifest, type TensorDtype } from '../../shared/domain/modelManifest';
import { ContractError, describeZodIssues } from '../../shared/ipc/contractError';
import { allocateTensorData, elementCount, type HostTensor, type HostTensorMap } from './hostTensor';
import { verifyPackageFile } from './modelPackage';

/**
 * The parity reference file of a model package (docs/model-package.md): input/output pairs
 * computed by the training framework, with each tensor's raw little-endian bytes in base64.
 */
const referenceTensorSchema = z.strictObject({
  dtype: tensorDtypeSchema,
  dims: z.array(z.number().int().min(0)).min(1),
  data: z.base64(),
});
const referenceFileSchema = z.strictObject({
  format: z.literal('sensor-console-reference'),
  formatVersion: z.literal(1),
  cases: z
    .array(z.strictObject({ inputs: z.record(z.string(), referenceTensorSchema), outputs: z.record(z.string(), referenceTensorSchema) }))
    .min(1),
});

/** One reference pair: feeds for the model and the outputs it must produce. */
export interface ReferenceCase {
  readonly inputs: HostTensorMap;
  readonly outputs: HostTensorMap;
}

const BYTES_PER_ELEMENT: Record<TensorDtype, number> = { float32: 4, int64: 8, bool: 1 };

/** Reads and decodes the package's reference file, re-checking its listed hash first. */
export async function readReferenceCases(packageDir: string, manifest: ModelManifest): Promise<ReferenceCase[]> {
  const name = manifest.parity.reference;
  const entry = manifest.files.find((f) => f.path === name);
  const problem = entry ? await verifyPackageFile(packageDir, entry) : `${name} is not listed in manifest.json`;
  if (problem) throw new ContractError({ code: 'invalid-input', message: `The parity reference cannot be used: ${problem}` });
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(packageDir, name), 'utf8'));
  } catch (error) {
    throw new ContractError({ code: 'invalid-input', message: `${name} is not valid JSON (${error instanceof Error ? error.message : String(error)})` });
  }
  const parsed = referenceFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error).map((line) => `${name}: ${line}`);
    throw new ContractError({ code: 'invalid-input', message: `The parity reference is malformed: ${issues[0]}`, issues });
  }
  return parsed.data.cases.map((c, i) => ({
    inputs: decodeTensors(c.inputs, `${name} case ${i} inputs`),
    outputs: decodeTensors(c.outputs, `${name} case ${i} outputs`),
  }));
}

function decodeTensors(encoded: Record<string, z.infer<typeof referenceTensorSchema>>, where: string): HostTensorMap {
  const tensors: Record<string, HostTensor> = {};
  for (const [name, tensor] of Object.entries(encoded)) {
    const bytes = Buffer.from(tensor.data, 'base64');
    const count = elementCount(tensor.dims);
    if (bytes.byteLength !== count * BYTES_PER_ELEMENT[tensor.dtype]) {
      throw new ContractError({
        code: 'invalid-input',
        message: `${where}: "${name}" holds ${bytes.byteLength} bytes but ${tensor.dtype} [${tensor.dims.join(', ')}] needs ${count * BYTES_PER_ELEMENT[tensor.dtype]}`,
      });
    }
    // Copy into a fresh, aligned array: Buffer slices share a pool at arbitrary offsets. Byte
    // order is the file's little-endian, which is every platform the console ships on (x64, arm64).
    const data = allocateTensorData(tensor.dtype, count);
    new Uint8Array(data.buffer).set(bytes);
    tensors[name] = { dims: tensor.dims, data };
  }
  return tensors;
}
