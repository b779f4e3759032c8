import { valuesPerFrame, type DeviceProfile } from '../../../shared/domain/deviceProfile';
import { sniffProtocol } from '../codecs/sniffProtocol';
import { loadShippedProfiles } from '../profiles/shippedProfiles';
import { SerialConnection } from './serialConnection';

/** Values per record as they appear on the wire: positional text lines also carry their time column. */
function columnsOnTheWire(profile: DeviceProfile): number {
  const protocol = profile.protocol;
  // A text device's clock is one more value on each line, whether positional or labelled (`t_ms:…`).
  return protocol.kind === 'text' && protocol.timeColumn ? valuesPerFrame(profile) + 1 : valuesPerFrame(profile);
}

/** How long to listen; a 1 Hz device shows two lines in this time. */
const LISTEN_MS = 2500;
/** Enough bytes to judge any format; stop early once there. */
const ENOUGH_BYTES = 4096;

export interface SniffOutcome {
  protocol: 'text' | 'json' | 'binary' | 'unknown';
  confidence: number;
  channels: string[];
  bytesHeard: number;
  reason: string | null;
  matchingProfiles: string[];
}

/**
 * Auto-detect for a device without a profile: opens the port, listens without sending anything
 * (an unknown device might drive an actuator on a stray command), and lets the codecs judge.
 * Proposes the `profiles` (the shipped ones unless given) with the same wire format and width.
 */
export async function sniffPort(path: string, baudRate: number, profiles: readonly DeviceProfile[] = loadShippedProfiles()): Promise<SniffOutcome> {
  const connection = new SerialConnection({ settings: { path, baudRate } });
  const chunks: Uint8Array[] = [];
  let heard = 0;
  let done: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => (done = resolve));
  connection.on('data', (chunk) => {
    chunks.push(chunk);
    heard += chunk.length;
    if (heard >= ENOUGH_BYTES) done();
  });
  const opened = await connection.open();
  if (!opened.ok) {
    await connection.close();
    return { protocol: 'unknown', confidence: 0, channels: [], bytesHeard: 0, reason: opened.message, matchingProfiles: [] };
  }
  await Promise.race([enough, new Promise((resolve) => setTimeout(resolve, LISTEN_MS))]);
  await connection.close();
  const bytes = new Uint8Array(heard);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  const result = sniffProtocol(bytes);
  if (result.protocol === 'unknown') {
    const reason = heard === 0 ? `nothing received in ${LISTEN_MS / 1000} s — the device may wait for a command (choose its profile), or the baud rate is wrong` : result.reason;
    return { protocol: 'unknown', confidence: 0, channels: [], bytesHeard: heard, reason, matchingProfiles: [] };
  }
  const matchingProfiles = profiles
    .filter((p) => p.protocol.kind === result.protocol && columnsOnTheWire(p) === result.channelCount)
    .map((p) => p.id);
  return { protocol: result.protocol, confidence: result.confidence, channels: [...result.channels], bytesHeard: heard, reason: null, matchingProfiles };
}
