import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateFrameBatch } from '../../shared/domain/frameBatch';
import type { ModelInput } from '../../shared/domain/modelManifest';
import { expandWindowedFeed } from '../inference/windowedFeed';
import { buildFeed, buildWindowedFeed } from './inputPreparation';
import { type Window, Windower } from './windower';

const CHANNELS = 3;

function input(layout: 'channels-time' | 'time-channels', length: number, normalised: boolean): ModelInput {
  return {
    name: 'x',
    dtype: 'float32',
    shape: layout === 'channels-time' ? ['batch', CHANNELS, length] : ['batch', length, CHANNELS],
    channels: ['a', 'b', 'c'],
    channelAxis: layout === 'channels-time' ? 1 : 2,
    timeAxis: layout === 'channels-time' ? 2 : 1,
    window: { length, hop: 1 },
    ...(normalised ? { normalisation: { mean: [0.5, -2, 100], std: [3, 0.25, 7] } } : {}),
  } as ModelInput;
}

/** Windows of a stream with gaps in its sequence numbers, some dropped as a full queue would drop them. */
function windowsOf(length: number, hop: number, runs: readonly number[], keep: (i: number) => boolean): Window[] {
  const windower = new Windower({ columns: [2, 0, 1], length, hop, samplesPerChannel: undefined, ranges: [] });
  const windows: Window[] = [];
  let seq = 0;
  for (const frames of runs) {
    const batch = allocateFrameBatch('d', CHANNELS, frames);
    for (let f = 0; f < frames; f++) {
      batch.seq[f] = seq + f;
      for (let c = 0; c < CHANNELS; c++) batch.values[f * CHANNELS + c] = Math.sin((seq + f) * (c + 1)) * 10 + c;
    }
    windows.push(...windower.push(batch));
    seq += frames + 5; // the next run starts after a gap
  }
  return windows.filter((_, i) => keep(i));
}

describe('windows packed as the samples they cover', () => {
  it('expand to exactly the tensor buildFeed builds, over hops, gaps, dropped windows, both layouts and normalisation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 14 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('channels-time' as const, 'time-channels' as const),
        fc.boolean(),
        (length, hop, runs, dropEvery, layout, normalised) => {
          const windows = windowsOf(length, hop, runs, (i) => i % dropEvery !== dropEvery - 1 || dropEvery === 1);
          if (windows.length === 0) return;
          const model = input(layout, length, normalised);
          const packed = buildWindowedFeed(windows, model, layout);
          const full = buildFeed(windows, model, layout);
          expect(packed.dims).toEqual(full.dims);
          expect(expandWindowedFeed(packed)).toEqual(full.data);
        },
      ),
    );
  });

  it('send each sample once when consecutive windows overlap', () => {
    // 20 windows of 192 samples, hop 1: 211 samples per channel instead of 3 840.
    const windows = windowsOf(192, 1, [211], () => true);
    expect(windows).toHaveLength(20);
    const packed = buildWindowedFeed(windows, input('channels-time', 192, false), 'channels-time');
    expect(packed.samples.length).toBe(CHANNELS * 211);
    expect(Array.from(packed.starts)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('share nothing between windows of different streams, even when their sequence numbers follow on', () => {
    const model = input('channels-time', 4, false);
    const first = windowsOf(4, 1, [4], () => true);
    // Another device's windower, its frames numbered where the first stream stopped: same spacing, other samples.
    const other = new Windower({ columns: [0, 1, 2], length: 4, hop: 1, samplesPerChannel: undefined, ranges: [] });
    const batch = allocateFrameBatch('other', CHANNELS, 4);
    batch.seq.set([1, 2, 3, 4]);
    batch.values.fill(-7);
    const windows = [...first, ...other.push(batch)];
    expect(windows.map((w) => w.endSeq)).toEqual([3, 4]);
    const packed = buildWindowedFeed(windows, model, 'channels-time');
    expect(Array.from(packed.starts)).toEqual([0, 4]);
    expect(expandWindowedFeed(packed)).toEqual(buildFeed(windows, model, 'channels-time').data);
    // Windows cut elsewhere (a HIL capture) carry no run: each is sent whole.
    const unlabelled = windows.map(({ run: _run, ...w }) => w);
    expect(Array.from(buildWindowedFeed(unlabelled, model, 'channels-time').starts)).toEqual([0, 4]);
  });
});
