import { describe, expect, it } from 'vitest';
import { createDecoderStats } from './decoderStats';
import { SequenceExtender } from './sequenceExtender';

function extend(raws: readonly number[]): { seqs: number[]; dropped: number; resets: number } {
  const stats = createDecoderStats();
  const extender = new SequenceExtender(stats);
  const seqs = raws.map((raw) => extender.next(raw));
  return { seqs, dropped: stats.droppedFrames, resets: stats.seqResets };
}

describe('SequenceExtender', () => {
  it('starts at the device value and keeps growing across the u32 wrap', () => {
    expect(extend([0xfffffffe, 0xffffffff, 0, 1])).toEqual({
      seqs: [0xfffffffe, 0xffffffff, 2 ** 32, 2 ** 32 + 1],
      dropped: 0,
      resets: 0,
    });
  });

  it('counts frames skipped by a forward jump, also across the wrap', () => {
    expect(extend([1, 2, 5])).toEqual({ seqs: [1, 2, 5], dropped: 2, resets: 0 });
    expect(extend([0xfffffffe, 1])).toEqual({ seqs: [0xfffffffe, 2 ** 32 + 1], dropped: 2, resets: 0 });
  });

  it('treats a step back or a repeat as a restart and still advances by one', () => {
    expect(extend([100, 101, 3, 3, 4])).toEqual({ seqs: [100, 101, 102, 103, 104], dropped: 0, resets: 2 });
  });

  it('numbers frames without a device counter in arrival order after the last one', () => {
    const extender = new SequenceExtender(createDecoderStats());
    expect([extender.nextArrival(), extender.next(10), extender.nextArrival(), extender.next(3)]).toEqual([0, 10, 11, 12]);
  });
});
