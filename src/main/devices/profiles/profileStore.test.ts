import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceProfileStore } from './profileStore';

let dir: string;
let store: DeviceProfileStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'profile-store-'));
  store = new DeviceProfileStore(join(dir, 'profiles'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DeviceProfileStore', () => {
  it('lists the shipped profiles when the folder does not exist yet', async () => {
    const list = await store.list();
    expect(list.map((p) => p.id)).toContain('imu-6axis');
    expect(list.every((p) => p.origin === 'shipped')).toBe(true);
  });

  it('copies a shipped profile to a file that lookups then honour', async () => {
    const copy = await store.copy('imu-6axis');
    expect(copy).toMatchObject({ id: 'imu-6axis-copy', origin: 'user', issues: [] });
    expect(copy.profile?.displayName).toBe('6-axis IMU (step detection) (copy)');
    expect(JSON.parse(await readFile(join(dir, 'profiles', 'imu-6axis-copy.json'), 'utf8')).id).toBe('imu-6axis-copy');
    expect((await store.copy('imu-6axis')).id).toBe('imu-6axis-copy-2');
    expect(store.find('imu-6axis-copy')?.family).toBe('imu');
    expect((await store.usable()).map((p) => p.id)).toEqual(expect.arrayContaining(['imu-6axis', 'imu-6axis-copy', 'imu-6axis-copy-2']));
    // A second store on the same folder (a restart) sees the copies.
    expect((await new DeviceProfileStore(join(dir, 'profiles')).resolve('imu-6axis-copy-2'))?.channels).toHaveLength(6);
  });

  it('saves a valid edit and writes nothing for an invalid one, naming the path', async () => {
    await store.copy('imu-6axis');
    const text = await store.text('imu-6axis-copy');
    const edited = JSON.parse(text);
    edited.channels[0].name = 'surge';
    edited.channels[0].unit = 'g';
    const saved = await store.save('imu-6axis-copy', JSON.stringify(edited));
    expect(saved.ok && saved.entry.profile?.channels[0]).toMatchObject({ name: 'surge', unit: 'g' });

    const before = await store.text('imu-6axis-copy');
    edited.channels[1].range = [5, -5];
    edited.nominalRateHz = 0;
    const refused = await store.save('imu-6axis-copy', JSON.stringify(edited));
    expect(refused).toEqual({
      ok: false,
      issues: [
        { path: 'channels[1].range', message: 'min must be less than max' },
        { path: 'nominalRateHz', message: expect.stringMatching(/>0/) },
      ],
    });
    expect(await store.save('imu-6axis-copy', '{"id": ')).toMatchObject({ ok: false, issues: [{ path: '(root)', message: expect.stringMatching(/not valid JSON/) }] });
    expect(await store.save('imu-6axis-copy', JSON.stringify({ ...JSON.parse(before), id: 'other' }))).toMatchObject({ ok: false, issues: [{ path: 'id' }] });
    expect(await store.text('imu-6axis-copy')).toBe(before);
    expect((await readdir(join(dir, 'profiles'))).sort()).toEqual(['imu-6axis-copy.json']);
  });

  it('lists a hand-broken file with its issue, never uses it, and resets it to the shipped profile', async () => {
    await store.copy('enose-8mos-modbus');
    await writeFile(join(dir, 'profiles', 'enose-8mos-modbus-copy.json'), '{ "schemaVersion": 1, oops');
    await writeFile(join(dir, 'profiles', 'Bad Name.json'), '{}');
    const list = await store.list();
    const broken = list.find((p) => p.id === 'enose-8mos-modbus-copy');
    expect(broken?.profile).toBeUndefined();
    expect(broken?.issues[0].message).toMatch(/not valid JSON/);
    expect(list.find((p) => p.id === 'Bad Name')?.issues[0].path).toBe('(file name)');
    expect(store.find('enose-8mos-modbus-copy')).toBeUndefined();
    expect(await store.text('enose-8mos-modbus-copy')).toContain('oops');

    const reset = await store.reset('enose-8mos-modbus-copy');
    expect(reset.profile?.protocol.kind).toBe('modbus-rtu');
    expect(reset.issues).toEqual([]);
  });

  it('deletes copies but refuses to touch shipped profiles or ids with path parts', async () => {
    await store.copy('imu-6axis');
    await store.remove('imu-6axis-copy');
    expect(await readdir(join(dir, 'profiles'))).toEqual([]);
    expect(store.find('imu-6axis-copy')).toBeUndefined();
    await expect(store.remove('imu-6axis')).rejects.toThrow(/read-only/);
    await expect(store.save('imu-6axis', '{}')).rejects.toThrow(/read-only/);
    await expect(store.text('../../etc/passwd')).rejects.toThrow(/not a profile id/);
    await expect(store.remove('imu-6axis-copy')).rejects.toThrow(/No profile/);
  });
});
