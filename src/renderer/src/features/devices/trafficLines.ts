import type { TrafficChunk } from '../../../../shared/domain/traffic';

export interface TrafficLine {
  readonly direction: 'rx' | 'tx';
  readonly hostTimeMs: number;
  readonly text: string;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Control characters shown as \\xNN escapes, so binary noise cannot garble the terminal. */
function printable(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}

/** Renders raw chunks as terminal lines: text split at line ends, or hex dumps of 16 bytes a line. */
export function toTrafficLines(chunks: readonly TrafficChunk[], mode: 'text' | 'hex'): TrafficLine[] {
  const lines: TrafficLine[] = [];
  for (const chunk of chunks) {
    if (mode === 'hex') {
      for (let i = 0; i < chunk.bytes.length; i += 16) {
        lines.push({ direction: chunk.direction, hostTimeMs: chunk.hostTimeMs, text: hex(chunk.bytes.subarray(i, i + 16)) });
      }
    } else {
      for (const part of decoder.decode(chunk.bytes).split(/\r?\n/)) {
        if (part !== '') lines.push({ direction: chunk.direction, hostTimeMs: chunk.hostTimeMs, text: printable(part) });
      }
    }
  }
  return lines;
}
