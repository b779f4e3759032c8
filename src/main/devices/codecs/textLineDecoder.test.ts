import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, cutsArbitrary, decodeChunks, f32Bits, rowsForEverySplit, splitAt } from './codecTestSupport';
import type { DecoderStats, DeviceMessage } from './IFrameDecoder';
import { TextLineDecoder, type TextLineDecoderOptions } from './textLineDecoder';

const HOST_MS = 1_000;
const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const log = (text: string): DeviceMessage => ({ kind: 'log', level: 'info', text, hostTimeMs: HOST_MS });
const NaN_ = Number.NaN;

interface ArduinoCase {
  readonly name: string;
  readonly input: string;
  readonly options?: Omit<TextLineDecoderOptions, 'deviceId'>;
  readonly channels: readonly string[];
  readonly values: readonly (readonly number[])[];
  readonly deviceTimeS?: readonly number[];
  readonly messages?: readonly DeviceMessage[];
  readonly stats?: Partial<DecoderStats>;
}

const ARDUINO_CASES: readonly ArduinoCase[] = [
  { name: 'comma-separated values', input: '1.0,2.0,3.0\n', channels: ['ch1', 'ch2', 'ch3'], values: [[1, 2, 3]] },
  { name: 'space-separated label:value pairs', input: 'a:1 b:2\n', channels: ['a', 'b'], values: [[1, 2]] },
  { name: 'tab-separated labels', input: 'temp:21.5\ttemp2:22\n', channels: ['temp', 'temp2'], values: [[21.5, 22]] },
  { name: 'a CSV header', input: 'ax,ay,az\n1,2,3\n-1,-2,-3\n', channels: ['ax', 'ay', 'az'], values: [[1, 2, 3], [-1, -2, -3]] },
  { name: 'CRLF and mixed repeated separators', input: '1 2,,3\r\n4\t\t5 , 6\r\n', channels: ['ch1', 'ch2', 'ch3'], values: [[1, 2, 3], [4, 5, 6]] },
  { name: 'blank lines', input: '\n\r\n  \t\n1,2\n\n', channels: ['ch1', 'ch2'], values: [[1, 2]], stats: { parseErrors: 0, messages: 0 } },
  {
    name: 'prose and error lines',
    input: 'Sensor ready\n1,2\nERR overrange\nCalibrating... done\n',
    channels: ['ch1', 'ch2'],
    values: [[1, 2]],
    messages: [
      log('Sensor ready'),
      { kind: 'response', response: { kind: 'error', reason: 'overrange' }, hostTimeMs: HOST_MS },
      log('Calibrating... done'),
    ],
    stats: { parseErrors: 0, messages: 3 },
  },
  {
    name: 'command responses',
    input: 'OK\nPONG\nID SC-IMU,fw=1.2.0,sn=000123\n',
    channels: [],
    values: [],
    messages: [
      { kind: 'response', response: { kind: 'ok' }, hostTimeMs: HOST_MS },
      { kind: 'response', response: { kind: 'pong' }, hostTimeMs: HOST_MS },
      { kind: 'response', response: { kind: 'identity', id: 'SC-IMU,fw=1.2.0,sn=000123' }, hostTimeMs: HOST_MS },
    ],
  },
  { name: 'labels that come and go', input: 'a:1\nb:2\nb:4 a:3\n', channels: ['a', 'b'], values: [[1, NaN_], [NaN_, 2], [3, 4]] },
  { name: 'non-finite values', input: 'x:nan y:inf z:-inf w:ovf\n', channels: ['x', 'y', 'z', 'w'], values: [[NaN_, Infinity, -Infinity, NaN_]] },
  { name: 'exponents and signs', input: '1e3, -2.5E-1 ,+.5\n', channels: ['ch1', 'ch2', 'ch3'], values: [[1000, -0.25, 0.5]] },
  { name: 'a blank after the colon', input: 'temp: 21.5 hum: 40\n', channels: ['temp', 'hum'], values: [[21.5, 40]] },
  { name: 'label=value pairs', input: 'a=1,b=2\n', channels: ['a', 'b'], values: [[1, 2]] },
  {
    name: 'a header repeated after a device reset',
    input: 'ax,ay\n1,2\nax,ay\n3,4\n',
    channels: ['ax', 'ay'],
    values: [[1, 2], [3, 4]],
    stats: { messages: 0 },
  },
  {
    name: 'prose with commas before a header',
    input: 'Booting, v1.2\nax,ay\n1,2\n',
    channels: ['ax', 'ay'],
    values: [[1, 2]],
    messages: [log('Booting, v1.2')],
  },
  {
    name: 'prose with commas that is not followed by matching data',
    input: 'Hello, world\n1,2,3\n',
    channels: ['ch1', 'ch2', 'ch3'],
    values: [[1, 2, 3]],
    messages: [log('Hello, world')],
  },
  { name: 'an error response with commas', input: 'ERR bad, very bad\n', channels: [], values: [], messages: [{ kind: 'response', response: { kind: 'error', reason: 'bad, very bad' }, hostTimeMs: HOST_MS }] },
  { name: 'a different header after data (prose)', input: '1,2\nfoo,bar\n', channels: ['ch1', 'ch2'], values: [[1, 2]], messages: [log('foo,bar')] },
  {
    name: 'a device time column named by the header',
    input: 'millis,ax\n1500,0.5\n',
    options: { deviceTime: { label: 'millis', unit: 'ms' } },
    channels: ['ax'],
    values: [[0.5]],
    deviceTimeS: [1.5],
  },
  {
    name: 'a labelled device time in µs',
    input: 't:2000000 a:1\na:2\n',
    options: { deviceTime: { label: 't', unit: 'us' } },
    channels: ['a'],
    values: [[1], [2]],
    deviceTimeS: [2, HOST_MS / 1000],
  },
  { name: 'profile channel names', input: '1 2 3\n', options: { channelNames: ['x', 'y'] }, channels: ['x', 'y', 'ch3'], values: [[1, 2, 3]] },
  { name: 'a profile channel count', input: '', options: { channelCount: 2 }, channels: ['ch1', 'ch2'], values: [] },
  {
    name: 'line noise in one value',
    input: '1,2\u0001x,3\n',
    channels: ['ch1', 'ch2', 'ch3'],
    values: [[1, NaN_, 3]],
    stats: { parseErrors: 1, framesOk: 1 },
  },
  { name: 'a line of noise', input: '\u0001\u0002\u00ff\n', channels: [], values: [], stats: { parseErrors: 1, discardedBytes: 3 } },
  { name: 'a line longer than the maximum', input: `${'1,'.repeat(50)}1\n7\n`, options: { maxLineBytes: 64 }, channels: ['ch1'], values: [[7]], stats: { oversize: 1, discardedBytes: 101 } },
];

describe('TextLineDecoder, Arduino Serial Plotter formats', () => {
  it.each(ARDUINO_CASES)('$name', (c) => {
    const decoder = new TextLineDecoder({ deviceId: 'dev', ...c.options });
    const { rows, messages } = decodeChunks(decoder, [bytes(c.input)], HOST_MS);
    expect(decoder.channels).toEqual(c.channels);
    expect(rows.map((r) => r.values)).toEqual(c.values.map((v) => v.map(Math.fround)));
    expect(rows.map((r) => r.seq)).toEqual(c.values.map((_, i) => i));
    if (c.deviceTimeS !== undefined) expect(rows.map((r) => r.deviceTimeS)).toEqual(c.deviceTimeS);
    expect(messages).toEqual(c.messages ?? []);
    expect(decoder.stats).toMatchObject({ bytesIn: c.input.length, framesOk: c.values.length, ...c.stats });
  });
});

const SEPARATORS = [',', ' ', '\t', ', ', ' \t', ',,'];
const LABELS = ['a', 'b', 'temp', 'x_1'];
/** Prints a float so that it parses back to the same value, −0 included. */
const print = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** Lines as firmware might print them, with the values each must decode to. */
const linesArbitrary = fc.record({
  width: fc.integer({ min: 1, max: LABELS.length }),
  labelled: fc.boolean(),
  crlf: fc.boolean(),
}).chain(({ width, labelled, crlf }) =>
  fc
    .array(
      fc.tuple(
        fc.array(fc.float(), { minLength: width, maxLength: width }),
        fc.array(fc.constantFrom(...SEPARATORS), { minLength: width, maxLength: width }),
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((rows) => ({
      values: rows.map(([values]) => values),
      lines: rows.map(([values, seps]) => {
        const fields = values.map((v, i) => (labelled ? `${LABELS[i]}:${print(v)}` : print(v)));
        return fields.map((f, i) => (i === 0 ? f : seps[i] + f)).join('') + (crlf ? '\r\n' : '\n');
      }),
    })),
);

const GARBAGE_BYTES = [...Array.from({ length: 8 }, (_, i) => i + 1), ...Array.from({ length: 18 }, (_, i) => i + 0x0e), 0x7f, 0xff];
const garbageArbitrary = fc.array(fc.constantFrom(...GARBAGE_BYTES), { minLength: 1, maxLength: 30 }).map((b) => Uint8Array.from(b));

const newDecoder = (): TextLineDecoder => new TextLineDecoder({ deviceId: 'dev' });
const valueBits = (values: readonly (readonly number[])[]): number[][] => values.map((v) => f32Bits([...v]));

describe('TextLineDecoder properties', () => {
  it('decodes printed floats exactly, however the stream is chunked', () => {
    fc.assert(
      fc.property(linesArbitrary, cutsArbitrary(600), ({ values, lines }, cuts) => {
        const stream = bytes(lines.join(''));
        const decoder = newDecoder();
        const { rows } = decodeChunks(decoder, splitAt(stream, cuts), HOST_MS);
        expect(valueBits(rows.map((r) => r.values))).toEqual(valueBits(values));
        expect(rows.map((r) => r.seq)).toEqual(values.map((_, i) => i));
        expect(decoder.stats).toMatchObject({ framesOk: values.length, parseErrors: 0, discardedBytes: 0 });
      }),
    );
  });

  it('gives the same frames when the stream is cut at any byte', () => {
    fc.assert(
      fc.property(linesArbitrary, ({ lines }) => {
        const { whole, splits } = rowsForEverySplit(newDecoder, bytes(lines.slice(0, 3).join('')));
        for (const rows of splits) expect(rows).toEqual(whole);
      }),
      { numRuns: 30 },
    );
  });

  it('counts noise lines before, between and after data lines and loses none of them', () => {
    fc.assert(
      fc.property(
        linesArbitrary.chain((l) => fc.tuple(fc.constant(l), fc.array(garbageArbitrary, { minLength: l.lines.length + 1, maxLength: l.lines.length + 1 }))),
        garbageArbitrary,
        ([{ values, lines }, garbage], unterminated) => {
          const newline = bytes('\n');
          const parts = garbage.flatMap((g, i) => [g, newline, ...(i < lines.length ? [bytes(lines[i])] : [])]);
          const decoder = newDecoder();
          const { rows } = decodeChunks(decoder, [concatBytes([...parts, unterminated])], HOST_MS);
          expect(valueBits(rows.map((r) => r.values))).toEqual(valueBits(values));
          expect(decoder.stats).toMatchObject({
            parseErrors: garbage.length,
            discardedBytes: garbage.reduce((n, g) => n + g.length, 0),
            messages: 0,
          });
          expect(decoder.pendingBytes).toBe(unterminated.length);
        },
      ),
    );
  });

  it('loses at most the line noise was written into, and counts it', () => {
    fc.assert(
      fc.property(
        linesArbitrary.chain((l) => fc.tuple(fc.constant(l), fc.nat({ max: l.lines.length - 1 }), fc.nat())),
        garbageArbitrary,
        ([{ values, lines }, victim, where], garbage) => {
          const line = bytes(lines[victim]);
          const at = where % line.length; // anywhere before the final \n
          const corrupted = lines.map((l, i) => (i === victim ? concatBytes([line.subarray(0, at), garbage, line.subarray(at)]) : bytes(l)));
          const decoder = newDecoder();
          const { rows } = decodeChunks(decoder, [concatBytes(corrupted)], HOST_MS);
          // Columns by name: noise can turn a label unreadable, so a later label may take an earlier column.
          const names = decoder.channels;
          const wanted = lines[0].includes(':') ? LABELS : LABELS.map((_, i) => `ch${i + 1}`);
          const got = valueBits(rows.map((r) => wanted.slice(0, values[0].length).map((n) => r.values[names.indexOf(n)])));
          const expected = valueBits(values);
          // The damaged line either still gives a frame (NaN where unreadable) or is dropped.
          if (got.length === expected.length) got.splice(victim, 1);
          expected.splice(victim, 1);
          expect(got).toEqual(expected);
          expect(decoder.stats.parseErrors).toBe(1);
        },
      ),
    );
  });
});
