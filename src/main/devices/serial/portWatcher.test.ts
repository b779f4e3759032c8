import { mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverPorts } from './portDiscovery';
import { PortWatcher, type PortChange } from './portWatcher';
import { openPtyPair, type PtyPair } from './ptyPair';
import { waitFor } from './testing/waitFor';

describe('PortWatcher', () => {
  let pair: PtyPair;
  let devRoot: string;
  let watcher: PortWatcher | undefined;

  beforeEach(async () => {
    pair = await openPtyPair();
    devRoot = await mkdtemp(join(tmpdir(), 'sensor-console-watch-'));
  });

  afterEach(async () => {
    watcher?.stop();
    await pair.dispose();
    await rm(devRoot, { recursive: true, force: true });
  });

  it('reports ports plugged in and pulled out, once each', async () => {
    const node = join(devRoot, 'ttyACM0');
    watcher = new PortWatcher({
      intervalMs: 50,
      discover: () =>
        discoverPorts({ listFromOs: () => Promise.reject(new Error('spawn udevadm ENOENT')), devRoot, sysRoot: devRoot, platform: 'linux' }),
    });
    const added: PortChange[] = [];
    const removed: PortChange[] = [];
    const warnings: (string | undefined)[] = [];
    watcher.on('added', (change) => added.push(change));
    watcher.on('removed', (change) => removed.push(change));
    watcher.on('warning', (message) => warnings.push(message));
    await watcher.start();
    expect(watcher.ports).toEqual([]);
    expect(warnings).toHaveLength(1);

    await symlink(pair.a, node);
    await waitFor(() => added.length === 1, 'the port to be added');
    expect(added[0]).toEqual({ identity: `path:${node}`, port: { path: node, stablePath: node } });

    await unlink(node);
    await waitFor(() => removed.length === 1, 'the port to be removed');
    expect(removed[0]?.identity).toBe(`path:${node}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(added).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  });
});
