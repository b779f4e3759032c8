import type { Recording, TimeRange } from './recordingReader';
import type { FrameKind } from './recordingLayout';
import { replaceFileDurably } from '../storage/durableFiles';
import { csvField, formatFloat32 } from '../../shared/csv';

/** What to export: one device's frames of one kind, a host-time range, and optionally some columns. */
export interface CsvExportRequest extends TimeRange {
  readonly deviceId: string;
  readonly kind: FrameKind;
  /** Column names to include, in this order; all when omitted. */
  readonly columns?: readonly string[];
}

/** What an export wrote. */
export interface CsvExportResult {
  readonly path: string;
  readonly frames: number;
  readonly bytes: number;
}

/**
 * Writes frames as CSV: a header `host_time_ms,device_time_s,seq,<name> [<unit>],…`, then one row
 * per frame. Values are the shortest decimals that read back as the same float32; NaN (a missing
 * sample) is an empty cell. The file appears at `outPath` only when complete (replaceFileDurably).
 */
export async function exportCsv(recording: Recording, request: CsvExportRequest, outPath: string): Promise<CsvExportResult> {
  const device = recording.summary.devices.find((d) => d.id === request.deviceId);
  if (!device) throw new Error(`recording has no device "${request.deviceId}"`);
  const indexes = (request.columns ?? device.columns.map((c) => c.name)).map((name) => {
    const index = device.columns.findIndex((c) => c.name === name);
    if (index < 0) throw new Error(`device "${request.deviceId}" has no column "${name}"`);
    return index;
  });
  const header = ['host_time_ms', 'device_time_s', 'seq', ...indexes.map((i) => columnTitle(device.columns[i]))];
  let frames = 0;
  let bytes = 0;
  await replaceFileDurably(outPath, async (file) => {
    const write = async (text: string): Promise<void> => {
      const data = Buffer.from(text, 'utf8');
      bytes += data.byteLength;
      await file.write(data);
    };
    await write(`${header.map(csvField).join(',')}\n`);
    for await (const batch of recording.frames(request.deviceId, request.kind, request)) {
      let text = '';
      for (let f = 0; f < batch.frameCount; f++) {
        const base = f * batch.channelCount;
        const cells = [String(batch.hostTimeMs[f]), String(batch.deviceTimeS[f]), String(batch.seq[f])];
        for (const i of indexes) cells.push(formatFloat32(batch.values[base + i]));
        text += `${cells.join(',')}\n`;
      }
      frames += batch.frameCount;
      await write(text);
    }
  });
  return { path: outPath, frames, bytes };
}

function columnTitle({ name, unit }: { readonly name: string; readonly unit: string }): string {
  return unit === '' ? name : `${name} [${unit}]`;
}

