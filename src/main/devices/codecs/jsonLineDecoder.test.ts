import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, cutsArbitrary, decodeChunks, f32Bits, rowsForEverySplit, splitAt } from './codecTestSupport';
import type { DecoderStats, DeviceMessage } from './IFrameDecoder';
import { JsonLineDecoder, type JsonLineDecoderOptions } from './jsonLineDecoder';

const HOST_MS = 1_000;
const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'utf8'));
const NaN_ = Number.NaN;

interface JsonCase {
  readonly name: string;
  readonly input: string;
  readonly options?: Omit<JsonLineDecoderOptions, 'deviceId'>;
  readonly channels: readonly string[];
  readonly values: readonly (readonly number[])[];
  readonly seq?: readonly number[];
  readonly deviceTimeS?: readonly number[];
  readonly messages?: readonly DeviceMessage[];
  readonly stats?: Partial<DecoderStats>;
}

const CASES: readonly JsonCase[] = [
  {
    name: 'the ch form with time and sequence',
    input: '{"t":1500,"seq":7,"ch":{"ax":0.5,"ay":-1}}\n',
    channels: ['ax', 'ay'],
    values: [[0.5, -1]],
    seq: [7],
    deviceTimeS: [1.5],
  },
  { name: 'a flat object, ignoring non-numbers', input: '{"t":10,"temp":21.5,"hum":40,"state":"idle","ok":true}\r\n', channels: ['temp', 'hum'], values: [[21.5, 40]], deviceTimeS: [0.01] },
  { name: 'an array', input: '[1,2,3]\n', channels: ['ch1', 'ch2', 'ch3'], values: [[1, 2, 3]], deviceTimeS: [HOST_MS / 1000] },
  { name: 'null and non-finite strings', input: '{"a":null,"b":"nan","c":"-inf"}\n', channels: ['a', 'b', 'c'], values: [[NaN_, NaN_, -Infinity]] },
  { name: 'bare nan and inf as printf writes them', input: '{"a":nan, "b":inf,"c":-inf}\n{"a":-nan}\n', channels: ['a', 'b', 'c'], values: [[NaN_, Infinity, -Infinity], [NaN_, NaN_, NaN_]] },
  { name: 'keys that come and go', input: '{"a":1}\n{"b":2}\n', channels: ['a', 'b'], values: [[1, NaN_], [NaN_, 2]] },
  { name: 'malformed JSON', input: '{"a":1\n{"a":2}\n', channels: ['a'], values: [[2]], stats: { parseErrors: 1, discardedBytes: 6 } },
  {
    name: 'prose, responses and JSON without numbers',
    input: 'Booting...\nOK\n{"status":"ready"}\n',
    channels: [],
    values: [],
    messages: [
      { kind: 'log', level: 'info', text: 'Booting...', hostTimeMs: HOST_MS },
      { kind: 'response', response: { kind: 'ok' }, hostTimeMs: HOST_MS },
      { kind: 'log', level: 'info', text: '{"status":"ready"}', hostTimeMs: HOST_MS },
    ],
    stats: { parseErrors: 0, messages: 3 },
  },
  { name: 'sequence gaps', input: '{"seq":1,"a":1}\n{"seq":4,"a":2}\n', channels: ['a'], values: [[1], [2]], seq: [1, 4], stats: { droppedFrames: 2 } },
  {
    name: 'a configured time field',
    input: '{"millis":2000,"a":1}\n',
    options: { deviceTime: { label: 'millis', unit: 'ms' } },
    channels: ['a'],
    values: [[1]],
    deviceTimeS: [2],
  },
  { name: 'profile names for arrays', input: '[1,2]\n', options: { channelNames: ['x'] }, channels: ['x', 'ch2'], values: [[1, 2]] },
  { name: 'line noise', input: '\u0001{"a":1}\n', channels: [], values: [], stats: { parseErrors: 1 } },
  { name: 'a line longer than the maximum', input: `[${'1,'.repeat(40)}1]\n[5]\n`, options: { maxLineBytes: 32 }, channels: ['ch1'], values: [[5]], stats: { oversize: 1 } },
];

describe('JsonLineDecoder', () => {
  it.each(CASES)('$name', (c) => {
    const decoder = new JsonLineDecoder({ deviceId: 'dev', ...c.options });
    const { rows, messages } = decodeChunks(decoder, [bytes(c.input)], HOST_MS);
    expect(decoder.channels).toEqual(c.channels);
    expect(rows.map((r) => r.values)).toEqual(c.values.map((v) => v.map(Math.fround)));
    if (c.seq !== undefined) expect(rows.map((r) => r.seq)).toEqual(c.seq);
    if (c.deviceTimeS !== undefined) expect(rows.map((r) => r.deviceTimeS)).toEqual(c.deviceTimeS);
    expect(messages).toEqual(c.messages ?? []);
    expect(decoder.stats).toMatchObject({ framesOk: c.values.length, ...c.stats });
  });
});

/** A float as JSON, with the spellings the decoder accepts for what JSON cannot express. */
function jsonNumber(v: number): string {
  if (Number.isNaN(v)) return 'null';
  if (v === Infinity) return '"inf"';
  if (v === -Infinity) return '"-inf"';
  return Object.is(v, -0) ? '-0' : String(v);
}

const NAMES = ['ax', 'ay', 'az', 'temp'];

/** JSON lines in one of the three shapes, with the values, sequence numbers and times they carry. */
const jsonStreamArbitrary = fc
  .record({
    shape: fc.constantFrom('ch', 'flat', 'array'),
    width: fc.integer({ min: 1, max: NAMES.length }),
    firstSeq: fc.nat({ max: 0xffffffff }),
    count: fc.integer({ min: 1, max: 10 }),
  })
  .chain(({ shape, width, firstSeq, count }) =>
    fc
      .array(fc.tuple(fc.array(fc.float(), { minLength: width, maxLength: width }), fc.nat({ max: 1e9 })), { minLength: count, maxLength: count })
      .map((rows) => ({
        shape,
        values: rows.map(([values]) => values),
        seq: rows.map((_, i) => firstSeq + i),
        timeS: rows.map(([, t]) => (shape === 'array' ? HOST_MS / 1000 : t / 1000)),
        lines: rows.map(([values, t], i) => {
          const fields = values.map((v, c) => `"${NAMES[c]}":${jsonNumber(v)}`).join(',');
          const seq = (firstSeq + i) % 2 ** 32;
          if (shape === 'ch') return `{"t":${t},"seq":${seq},"ch":{${fields}}}\n`;
          if (shape === 'flat') return `{"t":${t},"seq":${seq},${fields}}\n`;
          return `[${values.map(jsonNumber).join(',')}]\n`;
        }),
      })),
  );

const valueBits = (values: readonly (readonly number[])[]): number[][] => values.map((v) => f32Bits([...v]));
const newDecoder = (): JsonLineDecoder => new JsonLineDecoder({ deviceId: 'dev' });

describe('JsonLineDecoder properties', () => {
  it('decodes what was written exactly, however the stream is chunked', () => {
    fc.assert(
      fc.property(jsonStreamArbitrary, cutsArbitrary(800), (s, cuts) => {
        const decoder = newDecoder();
        const { rows } = decodeChunks(decoder, splitAt(bytes(s.lines.join('')), cuts), HOST_MS);
        expect(valueBits(rows.map((r) => r.values))).toEqual(valueBits(s.values));
        expect(rows.map((r) => r.deviceTimeS)).toEqual(s.timeS);
        if (s.shape !== 'array') expect(rows.map((r) => r.seq)).toEqual(s.seq);
        expect(decoder.stats).toMatchObject({ framesOk: s.values.length, parseErrors: 0, droppedFrames: 0 });
      }),
    );
  });

  it('gives the same frames when the stream is cut at any byte', () => {
    fc.assert(
      fc.property(jsonStreamArbitrary, (s) => {
        const { whole, splits } = rowsForEverySplit(newDecoder, bytes(s.lines.slice(0, 2).join('')));
        for (const rows of splits) expect(rows).toEqual(whole);
      }),
      { numRuns: 30 },
    );
  });

  it('counts noise and broken JSON between lines and loses no line', () => {
    const noise = fc.oneof(
      // '{' then a control byte: looks like JSON, can never parse.
      fc.uint8Array({ maxLength: 30 }).map((b) => concatBytes([bytes('{\u0001'), b.map((x) => (x === 0x0a ? 0x01 : x))])),
      fc.constantFrom('{"a":', '[1,2', '{]', '{"a":1}}').map(bytes),
    );
    fc.assert(
      fc.property(
        jsonStreamArbitrary.chain((s) => fc.tuple(fc.constant(s), fc.array(noise, { minLength: s.lines.length + 1, maxLength: s.lines.length + 1 }))),
        ([s, garbage]) => {
          const parts = garbage.flatMap((g, i) => [g, bytes('\n'), ...(i < s.lines.length ? [bytes(s.lines[i])] : [])]);
          const decoder = newDecoder();
          const { rows } = decodeChunks(decoder, [concatBytes(parts)], HOST_MS);
          expect(valueBits(rows.map((r) => r.values.slice(0, s.values[0].length)))).toEqual(valueBits(s.values));
          expect(decoder.stats.parseErrors).toBe(garbage.length);
        },
      ),
    );
  });
});
