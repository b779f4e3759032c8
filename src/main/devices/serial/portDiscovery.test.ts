import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPortPath, discoverPorts, portIdentity } from './portDiscovery';
import { openPtyPair, type PtyPair } from './ptyPair';

const udevadmMissing = (): Promise<never> => Promise.reject(new Error('spawn udevadm ENOENT'));

/**
 * A fake /dev and /sys shaped like Linux's for an FTDI adapter (usb-serial: the USB
 * attributes sit two levels above the tty's device link) and a CDC-ACM board (one level).
 * The device nodes are links to a real pty so that they are character devices.
 */
async function makeFakeTree(root: string, ptyPath: string): Promise<{ devRoot: string; sysRoot: string }> {
  const devRoot = join(root, 'dev');
  const sysRoot = join(root, 'sys');
  await mkdir(join(devRoot, 'serial', 'by-id'), { recursive: true });
  await symlink(ptyPath, join(devRoot, 'ttyUSB0'));
  await symlink(ptyPath, join(devRoot, 'ttyACM0'));
  await writeFile(join(devRoot, 'ttyS0'), '');
  await symlink('../../ttyUSB0', join(devRoot, 'serial', 'by-id', 'usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0'));

  const ftdi = join(sysRoot, 'devices', 'usb1', '1-1');
  await mkdir(join(ftdi, '1-1:1.0', 'ttyUSB0'), { recursive: true });
  await writeFile(join(ftdi, 'idVendor'), '0403\n');
  await writeFile(join(ftdi, 'idProduct'), '6001\n');
  await writeFile(join(ftdi, 'serial'), 'A10K1234\n');
  await writeFile(join(ftdi, 'manufacturer'), 'FTDI\n');
  const arduino = join(sysRoot, 'devices', 'usb1', '1-2');
  await mkdir(join(arduino, '1-2:1.0'), { recursive: true });
  await writeFile(join(arduino, 'idVendor'), '2341\n');
  await writeFile(join(arduino, 'idProduct'), '0043\n');

  await mkdir(join(sysRoot, 'class', 'tty', 'ttyUSB0'), { recursive: true });
  await mkdir(join(sysRoot, 'class', 'tty', 'ttyACM0'), { recursive: true });
  await symlink(join(ftdi, '1-1:1.0', 'ttyUSB0'), join(sysRoot, 'class', 'tty', 'ttyUSB0', 'device'));
  await symlink(join(arduino, '1-2:1.0'), join(sysRoot, 'class', 'tty', 'ttyACM0', 'device'));
  return { devRoot, sysRoot };
}

describe('discoverPorts', () => {
  let pair: PtyPair;
  let root: string;

  beforeEach(async () => {
    pair = await openPtyPair();
    root = await mkdtemp(join(tmpdir(), 'sensor-console-discovery-'));
  });

  afterEach(async () => {
    await pair.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('never throws with the real OS listing and explains any fallback', async () => {
    const result = await discoverPorts();
    expect(Array.isArray(result.ports)).toBe(true);
    if (result.warning !== undefined) expect(result.warning).toMatch(/could not list serial ports/);
  });

  it('falls back to scanning /dev and reads the USB identity from sysfs when udevadm is missing', async () => {
    const { devRoot, sysRoot } = await makeFakeTree(root, pair.a);
    const result = await discoverPorts({ listFromOs: udevadmMissing, devRoot, sysRoot, platform: 'linux' });
    expect(result.warning).toMatch(/spawn udevadm ENOENT.*Showing ports found in .*type a port path/);
    expect(result.ports).toEqual([
      { path: join(devRoot, 'ttyACM0'), stablePath: join(devRoot, 'ttyACM0'), vendorId: '2341', productId: '0043' },
      {
        path: join(devRoot, 'ttyUSB0'),
        stablePath: join(devRoot, 'serial', 'by-id', 'usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0'),
        vendorId: '0403',
        productId: '6001',
        serialNumber: 'A10K1234',
        manufacturer: 'FTDI',
      },
    ]);
    expect(result.ports.map(portIdentity)).toEqual([
      `usb:2341:0043@${join(devRoot, 'ttyACM0')}`,
      'usb:0403:6001:A10K1234',
    ]);
  });

  it('returns an empty list and a warning when nothing is found', async () => {
    const result = await discoverPorts({ listFromOs: udevadmMissing, devRoot: join(root, 'none'), sysRoot: root, platform: 'linux' });
    expect(result.ports).toEqual([]);
    expect(result.warning).toBeDefined();
  });

  it('prefers what the OS listing says and fills its gaps from the scan', async () => {
    const { devRoot, sysRoot } = await makeFakeTree(root, pair.a);
    const path = join(devRoot, 'ttyUSB0');
    const result = await discoverPorts({
      listFromOs: () => Promise.resolve([{ path, vendorId: '0403', productId: '6001', manufacturer: 'FTDI Ltd', serialNumber: undefined }]),
      devRoot,
      sysRoot,
      platform: 'linux',
    });
    expect(result.warning).toBeUndefined();
    expect(result.ports.find((port) => port.path === path)).toMatchObject({ manufacturer: 'FTDI Ltd', serialNumber: 'A10K1234' });
  });
});

describe('checkPortPath', () => {
  it('accepts a pty link typed by the operator and rejects what is not a port', async () => {
    const pair = await openPtyPair();
    try {
      const ok = await checkPortPath(pair.a);
      expect(ok).toMatchObject({ ok: true, realPath: expect.stringMatching(/^\/dev\/pts\/\d+$/) });
      const notDevice = join(pair.dir, 'plain-file');
      await writeFile(notDevice, '');
      expect(await checkPortPath(notDevice)).toEqual({ ok: false, message: `${notDevice} exists but is not a serial port` });
      await pair.kill();
      expect(await checkPortPath(pair.a)).toEqual({ ok: false, message: `No port at ${pair.a} — check the cable and the path` });
    } finally {
      await pair.dispose();
    }
  });
});
