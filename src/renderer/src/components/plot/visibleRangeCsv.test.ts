import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFloat32 } from '../../../../shared/csv';
import { formatVisibleRangeCsv, type CsvRows } from './visibleRangeCsv';

const rows = (values: number[][]): CsvRows => ({
  seq: (i) => 100 + i,
  deviceTimeS: (i) => (100 + i) / 1000,
  hostTimeMs: (i) => 1_700_000_000_000 + i,
  value: (i, c) => values[i][c],
});

describe('formatVisibleRangeCsv', () => {
  it('writes the header with units and exactly the rows of the range', () => {
    const data = [
      [Math.fround(0.1), 1, 5],
      [Math.fround(-2.5), Number.NaN, 6],
      [3, Number.POSITIVE_INFINITY, 7],
      [4, 4, 8],
    ];
    const csv = formatVisibleRangeCsv(rows(data), 1, 3, [
      { name: 'accel_x', unit: 'm/s²', column: 0 },
      { name: 'flag', unit: '', column: 1 },
      { name: 'odd,name', unit: 'V', column: 2 },
    ]);
    expect(csv).toBe(['host_time_ms,device_time_s,seq,accel_x [m/s²],flag,"odd,name [V]"', '1700000000001,0.101,101,-2.5,,6', '1700000000002,0.102,102,3,inf,7', ''].join('\n'));
  });

  it('writes only the header for an empty range', () => {
    expect(formatVisibleRangeCsv(rows([]), 0, 0, [{ name: 'a', unit: 'V', column: 0 }])).toBe('host_time_ms,device_time_s,seq,a [V]\n');
  });
});

describe('formatFloat32', () => {
  it('round-trips every float32 through its text', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(Object.is(Math.fround(Number(formatFloat32(v))), v)).toBe(true);
      }),
    );
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
  });
});
