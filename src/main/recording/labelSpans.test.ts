import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from './jsonMessages';
import { labelEvent, labelSpansOf } from './labelSpans';

const start = (time: number, label: string): RecordedEvent => labelEvent(time, { label, edge: 'start' });
const end = (time: number, label: string): RecordedEvent => labelEvent(time, { label, edge: 'end' });

describe('labelSpansOf', () => {
  it('pairs each start with the next end of the same label, in time order whatever the event order', () => {
    const events = [end(300, 'walking'), start(100, 'walking'), start(300, 'running'), end(500, 'running')];
    expect(labelSpansOf(events, 1000)).toEqual([
      { label: 'walking', startMs: 100, endMs: 300 },
      { label: 'running', startMs: 300, endMs: 500 },
    ]);
  });

  it('keeps overlapping labels, runs a label left open to the end, and ignores stray edges and other events', () => {
    const note: RecordedEvent = { time: 150, kind: 'note', text: 'hello', detail: { label: 'x', edge: 'start' } };
    const broken: RecordedEvent = { time: 160, kind: 'label', text: '?', detail: { label: '' } };
    const events = [end(50, 'still'), start(100, 'walking'), start(120, 'walking'), note, broken, start(200, 'carrying'), end(400, 'walking'), start(600, 'still'), end(600, 'still')];
    expect(labelSpansOf(events, 900)).toEqual([
      { label: 'walking', startMs: 100, endMs: 400 },
      { label: 'carrying', startMs: 200, endMs: 900 },
    ]);
  });
});
