/**
 * Child process of the serial ingest benchmark: the console's real serial path (serialport via
 * SerialConnection, then the IMU profile's text decoder) reading a pty for a fixed time. Prints
 * one JSON line: CPU microseconds spent while reading, frames decoded, errors.
 */
import { findShippedProfile } from '../src/main/devices/profiles/shippedProfiles';
import { SerialConnection } from '../src/main/devices/serial/serialConnection';
import { decoderForProfile } from '../src/main/devices/sources/profileDecoder';

const [path, seconds] = process.argv.slice(2);
const profile = findShippedProfile('imu-6axis');
if (!profile || !path) throw new Error('usage: serialIngestConsumer <pty path> <seconds>');
const decoder = decoderForProfile('bench', profile);
let frames = 0;
const connection = new SerialConnection({ settings: { path, baudRate: 921600 } });
connection.on('data', (chunk, hostTimeMs) => {
  frames += decoder.decode(chunk, hostTimeMs).frames.frameCount;
});
await connection.open();
process.send?.('ready');
const start = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
const used = process.cpuUsage(start);
await connection.close();
console.log(JSON.stringify({ cpuUs: used.user + used.system, frames, parseErrors: decoder.stats.parseErrors }));
process.exit(0);
