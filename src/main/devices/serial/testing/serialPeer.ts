import { SerialPort } from 'serialport';

/** The far end of a pty pair, as a test drives it: collects what arrives, writes on demand. */
export interface SerialPeer {
  /** Everything received since open (or since clearReceived). */
  received(): Buffer;
  clearReceived(): void;
  /** Writes and waits for drain. */
  write(data: Uint8Array | string): Promise<void>;
  close(): Promise<void>;
}

/** Opens `path` with serialport (ptys ignore the baud rate) and starts collecting. */
export async function openSerialPeer(path: string): Promise<SerialPeer> {
  const port = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
  const chunks: Buffer[] = [];
  port.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A peer whose pty vanishes (socat killed) reports it here; tests observe that elsewhere.
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  return {
    received: () => Buffer.concat(chunks),
    clearReceived: () => {
      chunks.length = 0;
    },
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        port.write(data, (error) => {
          if (error) reject(error);
          else port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (port.isOpen) port.close(() => resolve());
        else resolve();
      }),
  };
}
