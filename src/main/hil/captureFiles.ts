import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import type { HilAttachment, HilPlot } from '../../shared/domain/hilRecord';

/** Points per plotted series: enough to see the signal's shape, small enough for a record. */
const PLOT_POINTS = 300;
const SERIES_PER_PLOT = 8;
const PLOTS_PER_CAPTURE = 3;

/** Column names of a capture's values: channel names, or `rx0[17]` for waveform samples. */
function valueNames(profile: DeviceProfile, width: number): string[] {
  const layout = profile.frameLayout;
  if (layout?.kind === 'waveform') {
    return Array.from({ length: width }, (_, i) => `${profile.channels[Math.floor(i / layout.samplesPerChannel)]?.name ?? 'v'}[${i % layout.samplesPerChannel}]`);
  }
  return Array.from({ length: width }, (_, i) => profile.channels[i]?.name ?? `v${i}`);
}

/** Writes captured frames as CSV (seq, device time, host time, one column per value) and returns the attachment. */
export async function writeCaptureCsv(dir: string, fileName: string, profile: DeviceProfile, frames: FrameBatch): Promise<HilAttachment> {
  await mkdir(dir, { recursive: true });
  const lines = [['seq', 'device_time_s', 'host_time_ms', ...valueNames(profile, frames.channelCount)].join(',')];
  for (let f = 0; f < frames.frameCount; f++) {
    const row = frames.values.subarray(f * frames.channelCount, (f + 1) * frames.channelCount);
    lines.push(`${frames.seq[f]},${frames.deviceTimeS[f]},${frames.hostTimeMs[f].toFixed(3)},${Array.from(row, (v) => (Number.isNaN(v) ? '' : String(v))).join(',')}`);
  }
  const text = `${lines.join('\n')}\n`;
  const path = join(dir, fileName);
  await writeFile(path, text);
  return { name: fileName, path, mimeType: 'text/csv', bytes: Buffer.byteLength(text) };
}

/**
 * Decimated plots of a capture, one per unit (V, m/s², kΩ…): flat devices over the capture's
 * time, waveform devices as the last frame's waveform of each channel.
 */
export function capturePlots(profile: DeviceProfile, frames: FrameBatch): HilPlot[] {
  const layout = profile.frameLayout;
  if (layout?.kind === 'tensor' || frames.frameCount === 0) return [];
  const byUnit = new Map<string, number[]>();
  profile.channels.forEach((c, i) => byUnit.set(c.unit, [...(byUnit.get(c.unit) ?? []), i]));
  const plots: HilPlot[] = [];
  for (const [unit, channels] of [...byUnit].slice(0, PLOTS_PER_CAPTURE)) {
    const shown = channels.slice(0, SERIES_PER_PLOT);
    if (layout?.kind === 'waveform') {
      const n = layout.samplesPerChannel;
      const last = (frames.frameCount - 1) * frames.channelCount;
      const step = Math.max(1, Math.ceil(n / PLOT_POINTS));
      const idx = Array.from({ length: Math.ceil(n / step) }, (_, k) => k * step);
      plots.push({
        title: `Last waveform (${profile.channels.length > shown.length ? `${shown.length} of ${profile.channels.length} channels` : 'all channels'})`,
        unit,
        t: idx.map((k) => k / layout.sampleRateHz),
        series: shown.map((c) => ({ name: profile.channels[c].name, values: idx.map((k) => finiteOrNull(frames.values[last + c * n + k])) })),
      });
      continue;
    }
    const step = Math.max(1, Math.ceil(frames.frameCount / PLOT_POINTS));
    const idx = Array.from({ length: Math.ceil(frames.frameCount / step) }, (_, k) => k * step);
    const t0 = frames.hostTimeMs[0];
    plots.push({
      title: `${shown.map((c) => profile.channels[c].name).join(', ')}${channels.length > shown.length ? ` (${shown.length} of ${channels.length})` : ''}`,
      unit,
      t: idx.map((f) => (frames.hostTimeMs[f] - t0) / 1000),
      series: shown.map((c) => ({ name: profile.channels[c].name, values: idx.map((f) => finiteOrNull(frames.values[f * frames.channelCount + c])) })),
    });
  }
  return plots;
}

function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? Number(v.toPrecision(6)) : null;
}
