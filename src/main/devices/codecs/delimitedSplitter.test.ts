import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DelimitedSplitter } from './delimitedSplitter';
import { splitAt } from './codecTestSupport';

function run(splitter: DelimitedSplitter, chunks: readonly Uint8Array[]): { records: string[]; oversize: number[] } {
  const records: string[] = [];
  const oversize: number[] = [];
  for (const chunk of chunks) {
    splitter.push(chunk, (r) => records.push(Buffer.from(r).toString('latin1')), (n) => oversize.push(n));
  }
  return { records, oversize };
}

const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('DelimitedSplitter', () => {
  it('yields records without the delimiter and keeps the unfinished one', () => {
    const splitter = new DelimitedSplitter(0x0a, 100);
    expect(run(splitter, [bytes('ab\ncd'), bytes('e\n\nf')])).toEqual({ records: ['ab', 'cde', ''], oversize: [] });
    expect(splitter.pendingBytes).toBe(1);
  });

  it('drops a record longer than the maximum, reports its length, and resumes at the next delimiter', () => {
    const splitter = new DelimitedSplitter(0x0a, 4);
    const result = run(splitter, [bytes('abcd\nabc'), bytes('de'), bytes('fg\nxy\n')]);
    expect(result).toEqual({ records: ['abcd', 'xy'], oversize: [7] });
  });

  it('never holds more than the maximum and gives the same records however the stream is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0x0a, 0x41, 0x42), { maxLength: 200 }),
        fc.array(fc.nat({ max: 200 }), { maxLength: 10 }),
        (symbols, cuts) => {
          const stream = Uint8Array.from(symbols);
          const whole = run(new DelimitedSplitter(0x0a, 8), [stream]);
          const splitter = new DelimitedSplitter(0x0a, 8);
          const records: string[] = [];
          const oversize: number[] = [];
          for (const chunk of splitAt(stream, cuts)) {
            const r = run(splitter, [chunk]);
            records.push(...r.records);
            oversize.push(...r.oversize);
            expect(splitter.pendingBytes).toBeLessThanOrEqual(8);
          }
          expect({ records, oversize }).toEqual(whole);
        },
      ),
    );
  });
});
