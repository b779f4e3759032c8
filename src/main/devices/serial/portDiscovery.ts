import { readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SerialPort } from 'serialport';

/** A serial port found on this machine, with whatever USB identity the OS reveals. */
export interface DiscoveredPort {
  /** The device node, e.g. `/dev/ttyUSB0` or `/dev/cu.usbmodem1101`. */
  readonly path: string;
  /**
   * The path to open: the `/dev/serial/by-id/…` link where there is one, because it survives
   * re-plugging into another USB socket (the node may come back as ttyUSB1); else `path`.
   */
  readonly stablePath: string;
  /** USB vendor id as 4 lowercase hex digits. */
  readonly vendorId?: string;
  readonly productId?: string;
  readonly serialNumber?: string;
  readonly manufacturer?: string;
}

/** Ports found plus, when the OS listing failed, a sentence saying what was done instead. */
export interface PortDiscoveryResult {
  readonly ports: readonly DiscoveredPort[];
  readonly warning?: string;
}

/** What an OS listing entry carries (SerialPort.list()'s PortInfo). */
export interface OsPortInfo {
  readonly path: string;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly manufacturer?: string | undefined;
}

/** Roots and the OS listing are injectable so the fallback can be tested on a fake tree. */
export interface PortDiscoveryOptions {
  readonly listFromOs?: () => Promise<readonly OsPortInfo[]>;
  readonly devRoot?: string;
  readonly sysRoot?: string;
  readonly platform?: NodeJS.Platform;
}

/** Result of checking a path the operator typed (e.g. a pty from a simulator). */
export type PortPathCheck = { readonly ok: true; readonly realPath: string } | { readonly ok: false; readonly message: string };

const SCANNED_NODE = /^tty(USB|ACM)\d+$/;
/** sysfs puts the USB attributes a few levels above the tty's `device` link (ACM: 1, usb-serial: 2). */
const SYSFS_MAX_LEVELS_UP = 4;

/**
 * Lists serial ports. Never throws: `SerialPort.list()` needs udevadm on Linux and rejects
 * in containers without it (and it never lists ptys), so on Linux the device folders are
 * scanned as well and sysfs fills in the USB identity.
 */
export async function discoverPorts(options: PortDiscoveryOptions = {}): Promise<PortDiscoveryResult> {
  const devRoot = options.devRoot ?? '/dev';
  const sysRoot = options.sysRoot ?? '/sys';
  const platform = options.platform ?? process.platform;
  let warning: string | undefined;
  let osPorts: readonly OsPortInfo[] = [];
  try {
    osPorts = await (options.listFromOs ?? (() => SerialPort.list()))();
  } catch (error) {
    warning =
      `The operating system could not list serial ports (${errorMessage(error)}). ` +
      (platform === 'linux'
        ? `Showing ports found in ${devRoot} instead; you can also type a port path.`
        : 'Type the port path instead.');
  }
  const scanned = platform === 'linux' ? await scanLinuxPorts(devRoot, sysRoot) : [];
  return warning === undefined ? { ports: mergePorts(osPorts, scanned) } : { ports: mergePorts(osPorts, scanned), warning };
}

/** Checks that a typed path exists and is a character device (serial ports and ptys are). */
export async function checkPortPath(path: string): Promise<PortPathCheck> {
  try {
    const info = await stat(path);
    if (!info.isCharacterDevice()) return { ok: false, message: `${path} exists but is not a serial port` };
    return { ok: true, realPath: await realpath(path) };
  } catch {
    return { ok: false, message: `No port at ${path} — check the cable and the path` };
  }
}

/**
 * The identity a device keeps across re-plugging: its USB serial number where it has one,
 * else VID:PID plus the path (two identical boards without serial numbers are told apart
 * only by where they are plugged), else the path alone.
 */
export function portIdentity(port: DiscoveredPort): string {
  if (port.vendorId !== undefined && port.productId !== undefined) {
    const usb = `usb:${port.vendorId}:${port.productId}`;
    return port.serialNumber === undefined ? `${usb}@${port.stablePath}` : `${usb}:${port.serialNumber}`;
  }
  return port.serialNumber === undefined ? `path:${port.stablePath}` : `serial:${port.serialNumber}`;
}

async function scanLinuxPorts(devRoot: string, sysRoot: string): Promise<DiscoveredPort[]> {
  const byIdDir = join(devRoot, 'serial', 'by-id');
  const byIdLinks = new Map<string, string>();
  for (const name of await listDir(byIdDir)) {
    const link = join(byIdDir, name);
    try {
      // by-id entries are relative links (../../ttyUSB0); one hop gives the node's /dev path.
      byIdLinks.set(resolve(dirname(link), await readlink(link)), link);
    } catch {
      // Not a link or vanished meanwhile: nothing to learn from it.
    }
  }
  const nodes = new Set(byIdLinks.keys());
  for (const name of await listDir(devRoot)) if (SCANNED_NODE.test(name)) nodes.add(join(devRoot, name));
  return Promise.all(
    [...nodes].sort().map(async (path) => ({
      path,
      stablePath: byIdLinks.get(path) ?? path,
      ...(await readSysfsUsbInfo(sysRoot, basename(path))),
    })),
  );
}

async function readSysfsUsbInfo(sysRoot: string, ttyName: string): Promise<Omit<DiscoveredPort, 'path' | 'stablePath'>> {
  let dir: string;
  try {
    dir = await realpath(join(sysRoot, 'class', 'tty', ttyName, 'device'));
  } catch {
    return {};
  }
  for (let level = 0; level <= SYSFS_MAX_LEVELS_UP; level++, dir = dirname(dir)) {
    const vendorId = await readAttribute(dir, 'idVendor');
    if (vendorId === undefined) continue;
    return withoutUndefined({
      vendorId: vendorId.toLowerCase(),
      productId: (await readAttribute(dir, 'idProduct'))?.toLowerCase(),
      serialNumber: await readAttribute(dir, 'serial'),
      manufacturer: await readAttribute(dir, 'manufacturer'),
    });
  }
  return {};
}

/** OS entries first (they may carry more), then scanned nodes; gaps filled from the other. */
function mergePorts(osPorts: readonly OsPortInfo[], scanned: readonly DiscoveredPort[]): DiscoveredPort[] {
  const byPath = new Map<string, DiscoveredPort>(scanned.map((port) => [port.path, port]));
  for (const info of osPorts) {
    const known = byPath.get(info.path);
    byPath.set(info.path, {
      ...known,
      path: info.path,
      stablePath: known?.stablePath ?? info.path,
      ...withoutUndefined({
        vendorId: info.vendorId?.toLowerCase(),
        productId: info.productId?.toLowerCase(),
        serialNumber: info.serialNumber,
        manufacturer: info.manufacturer,
      }),
    });
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function readAttribute(dir: string, name: string): Promise<string | undefined> {
  try {
    const value = (await readFile(join(dir, name), 'utf8')).trim();
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

function withoutUndefined<T extends Record<string, string | undefined>>(record: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<
    Record<keyof T, string>
  >;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
