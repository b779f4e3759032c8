import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultLiveLayout, LiveLayoutSchema } from '../../shared/ipc/domains/layouts';
import { layoutMethodHandlers } from './layoutHandlers';
import { LayoutStore } from './layoutStore';

describe('LayoutStore', () => {
  let dir: string;
  let warnings: string[];
  let store: LayoutStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sc-layouts-'));
    warnings = [];
    store = new LayoutStore(join(dir, 'layouts'), (m) => warnings.push(m));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the default layout when nothing is saved', async () => {
    expect(await store.get('imu-6axis')).toEqual({ layout: defaultLiveLayout(), saved: false, warning: null });
  });

  it('saves one file per profile and reads it back, leaving no temp files', async () => {
    const layout = { ...defaultLiveLayout(), windowS: 2, hiddenChannels: ['gyro_z'], yAxes: { 'accel|m/s²': { mode: 'fixed' as const, min: -20, max: 20 } }, xyPairs: [{ x: 'accel_x', y: 'accel_y' }] };
    await store.save('imu-6axis', layout);
    await store.save('sensor-augmenter-32', { ...defaultLiveLayout(), windowS: 30 });
    expect(readdirSync(join(dir, 'layouts')).sort()).toEqual(['imu-6axis.json', 'sensor-augmenter-32.json']);
    expect(await store.get('imu-6axis')).toEqual({ layout, saved: true, warning: null });
    expect((await store.get('sensor-augmenter-32')).layout.windowS).toBe(30);
  });

  it('keeps the last of several quick saves', async () => {
    await Promise.all([1, 2, 3, 4, 5].map((windowS) => store.save('imu-6axis', { ...defaultLiveLayout(), windowS })));
    expect((await store.get('imu-6axis')).layout.windowS).toBe(5);
    expect(readdirSync(join(dir, 'layouts'))).toEqual(['imu-6axis.json']);
  });

  it('fills defaults for fields an older file lacks', async () => {
    await store.save('imu-6axis', defaultLiveLayout());
    writeFileSync(join(dir, 'layouts', 'imu-6axis.json'), JSON.stringify({ windowS: 4 }));
    expect(await store.get('imu-6axis')).toEqual({ layout: { ...defaultLiveLayout(), windowS: 4 }, saved: true, warning: null });
  });

  it('answers a corrupt or invalid file with the default layout and a warning, and a save repairs it', async () => {
    await store.save('imu-6axis', defaultLiveLayout());
    const path = join(dir, 'layouts', 'imu-6axis.json');
    writeFileSync(path, '{"windowS": 4, "hiddenCh');
    const corrupt = await store.get('imu-6axis');
    expect(corrupt.layout).toEqual(defaultLiveLayout());
    expect(corrupt.saved).toBe(false);
    expect(corrupt.warning).toMatch(/imu-6axis.*unreadable: not JSON/);
    writeFileSync(path, JSON.stringify({ windowS: -3, surprise: true }));
    expect((await store.get('imu-6axis')).warning).toMatch(/unreadable: (windowS|\(root\))/);
    expect(warnings).toHaveLength(2);
    await store.save('imu-6axis', { ...defaultLiveLayout(), windowS: 7 });
    expect(await store.get('imu-6axis')).toMatchObject({ saved: true, warning: null, layout: { windowS: 7 } });
  });

  it('refuses an invalid layout or a profile id that is not a plain file name', async () => {
    await expect(store.save('imu-6axis', { windowS: 0 })).rejects.toThrow();
    await expect(store.save('../escape', defaultLiveLayout())).rejects.toThrow(/kebab-case/);
    await expect(store.get('a/b')).rejects.toThrow(/kebab-case/);
  });

  it('resets to the default by deleting the file; the handlers return the same shapes', async () => {
    const handlers = layoutMethodHandlers(store);
    await handlers['layouts.save']({ profileId: 'imu-6axis', layout: { ...defaultLiveLayout(), windowS: 3 } });
    expect(JSON.parse(readFileSync(join(dir, 'layouts', 'imu-6axis.json'), 'utf8'))).toEqual(LiveLayoutSchema.parse({ windowS: 3 }));
    expect(await handlers['layouts.reset']({ profileId: 'imu-6axis' })).toEqual({ layout: defaultLiveLayout() });
    expect(readdirSync(join(dir, 'layouts'))).toEqual([]);
    expect(await handlers['layouts.get']({ profileId: 'imu-6axis' })).toEqual({ layout: defaultLiveLayout(), saved: false, warning: null });
  });
});
