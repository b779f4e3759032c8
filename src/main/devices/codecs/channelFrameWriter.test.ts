import { describe, expect, it } from 'vitest';
import { ChannelFrameWriter } from './channelFrameWriter';

describe('ChannelFrameWriter', () => {
  it('keeps a stable column per name, appends new names and fills missing ones with NaN', () => {
    const writer = new ChannelFrameWriter('dev', ['a'], 8);
    writer.beginFrame();
    writer.setByName('a', 1);
    writer.endFrame(0, 0, 0);
    writer.beginFrame();
    writer.setByName('b', 2);
    writer.endFrame(1, 0, 0);
    const batch = writer.take();
    expect(writer.channels).toEqual(['a', 'b']);
    expect(batch.channelCount).toBe(2);
    expect(Array.from(batch.values)).toEqual([1, Number.NaN, Number.NaN, 2]);
    expect(Array.from(batch.seq)).toEqual([0, 1]);
  });

  it('refuses columns beyond the cap', () => {
    const writer = new ChannelFrameWriter('dev', [], 2);
    expect([writer.column('a'), writer.column('b'), writer.column('c')]).toEqual([0, 1, -1]);
    expect(writer.ensureColumns(3, String)).toBe(false);
  });

  it('names positional columns without clashing with labels already seen', () => {
    const writer = new ChannelFrameWriter('dev', ['ch2'], 8);
    expect(writer.ensureColumns(3, (i) => `ch${i + 1}`)).toBe(true);
    expect(writer.channels).toEqual(['ch2', 'ch2#2', 'ch3']);
  });
});
