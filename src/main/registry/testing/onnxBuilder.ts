/**
 * Writes small ONNX models for the registry's tests (onnx.proto field numbers, ONNX IR 7,
 * opset 13), so hostile and versioned packages need no Python: a scaled identity whose outputs
 * reveal which version produced them, and a model whose warm-up never ends.
 */

const encoder = new TextEncoder();

function encodeVarint(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

/** A varint field (ints, enums, bools). */
function varintField(field: number, value: number | bigint): Uint8Array {
  return Uint8Array.from([...encodeVarint(BigInt(field) << 3n), ...encodeVarint(BigInt(value))]);
}

/** A length-delimited field: a string, bytes or a nested message. */
function bytesField(field: number, value: Uint8Array | string): Uint8Array {
  const payload = typeof value === 'string' ? encoder.encode(value) : value;
  const head = Uint8Array.from([...encodeVarint((BigInt(field) << 3n) | 2n), ...encodeVarint(BigInt(payload.length))]);
  return concatBytes([head, payload]);
}

/** Joins encoded fields into one message. */
function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const FLOAT = 1;
const BOOL = 9;
const INT64 = 7;

type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: readonly Dim[] | undefined): Uint8Array {
  const shape = dims
    ? [bytesField(2, concatBytes(dims.map((d) => bytesField(1, typeof d === 'number' ? varintField(1, d) : bytesField(2, d)))))]
    : [];
  const tensorType = concatBytes([varintField(1, elemType), ...shape]);
  return concatBytes([bytesField(1, name), bytesField(2, bytesField(1, tensorType))]);
}

function tensor(name: string, elemType: number, dims: readonly number[], raw: Uint8Array): Uint8Array {
  return concatBytes([...dims.map((d) => varintField(1, d)), varintField(2, elemType), bytesField(8, name), bytesField(9, raw)]);
}

interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly Uint8Array[];
}

function node(spec: NodeSpec): Uint8Array {
  return concatBytes([
    ...spec.inputs.map((i) => bytesField(1, i)),
    ...spec.outputs.map((o) => bytesField(2, o)),
    bytesField(4, spec.op),
    ...(spec.attributes ?? []).map((a) => bytesField(5, a)),
  ]);
}

function graph(parts: { nodes: readonly NodeSpec[]; initializers?: readonly Uint8Array[]; inputs: readonly Uint8Array[]; outputs: readonly Uint8Array[] }): Uint8Array {
  return concatBytes([
    ...parts.nodes.map((n) => bytesField(1, node(n))),
    bytesField(2, 'g'),
    ...(parts.initializers ?? []).map((t) => bytesField(5, t)),
    ...parts.inputs.map((v) => bytesField(11, v)),
    ...parts.outputs.map((v) => bytesField(12, v)),
  ]);
}

function model(g: Uint8Array): Uint8Array {
  return concatBytes([varintField(1, 7), bytesField(2, 'registry-tests'), bytesField(7, g), bytesField(8, concatBytes([bytesField(1, ''), varintField(2, 13)]))]);
}

const intsAttribute = (name: string, values: readonly number[]): Uint8Array => concatBytes([bytesField(1, name), ...values.map((v) => varintField(8, v)), varintField(20, 7)]);
const intAttribute = (name: string, value: number): Uint8Array => concatBytes([bytesField(1, name), varintField(3, value), varintField(20, 2)]);
const graphAttribute = (name: string, g: Uint8Array): Uint8Array => concatBytes([bytesField(1, name), bytesField(6, g), varintField(20, 5)]);

/** The augmenter fixture's I/O: `sensor_input` [batch, 32] → `reconstructed_hq` [batch, 32], `actuator_command` [batch, 1]. */
const SENSOR_INPUT = valueInfo('sensor_input', FLOAT, ['batch', 32]);
const OUTPUTS = [valueInfo('reconstructed_hq', FLOAT, ['batch', 32]), valueInfo('actuator_command', FLOAT, ['batch', 1])];
const ACTUATOR_NODES: NodeSpec[] = [
  { op: 'ReduceMean', inputs: ['sensor_input'], outputs: ['mean'], attributes: [intsAttribute('axes', [1]), intAttribute('keepdims', 1)] },
  { op: 'Tanh', inputs: ['mean'], outputs: ['actuator_command'] },
];

/** reconstructed_hq = sensor_input × scale; actuator_command = tanh(mean over the channels). */
export function scaledAugmenterModel(scale: number): Uint8Array {
  const k = new Uint8Array(new Float32Array([scale]).buffer);
  return model(
    graph({
      nodes: [{ op: 'Mul', inputs: ['sensor_input', 'k'], outputs: ['reconstructed_hq'] }, ...ACTUATOR_NODES],
      initializers: [tensor('k', FLOAT, [], k)],
      inputs: [SENSOR_INPUT],
      outputs: OUTPUTS,
    }),
  );
}

/** The same I/O, but reconstructed_hq passes through a Loop of 2^62 iterations: loading warms it up, and never finishes. */
export function hangingAugmenterModel(): Uint8Array {
  const body = graph({
    nodes: [
      { op: 'Identity', inputs: ['cond_in'], outputs: ['cond_out'] },
      { op: 'Identity', inputs: ['v_in'], outputs: ['v_out'] },
    ],
    inputs: [valueInfo('iteration', INT64, []), valueInfo('cond_in', BOOL, []), valueInfo('v_in', FLOAT, undefined)],
    outputs: [valueInfo('cond_out', BOOL, []), valueInfo('v_out', FLOAT, undefined)],
  });
  const trips = new Uint8Array(new BigInt64Array([2n ** 62n]).buffer);
  return model(
    graph({
      nodes: [{ op: 'Loop', inputs: ['trips', 'keep_going', 'sensor_input'], outputs: ['reconstructed_hq'], attributes: [graphAttribute('body', body)] }, ...ACTUATOR_NODES],
      initializers: [tensor('trips', INT64, [], trips), tensor('keep_going', BOOL, [], Uint8Array.of(1))],
      inputs: [SENSOR_INPUT],
      outputs: OUTPUTS,
    }),
  );
}

/**
 * Appends an initializer that reads its data from `location` outside the model file. Protobuf
 * merges a repeated `graph` field into the first, so this is a valid edit of any model.
 */
export function withExternalData(modelBytes: Uint8Array, location: string): Uint8Array {
  const entry = (key: string, value: string): Uint8Array => bytesField(13, concatBytes([bytesField(1, key), bytesField(2, value)]));
  const external = concatBytes([varintField(1, 4), varintField(2, FLOAT), bytesField(8, 'stolen'), entry('location', location), entry('length', '16'), varintField(14, 1)]);
  return concatBytes([modelBytes, bytesField(7, bytesField(5, external))]);
}
