import { closeSync, openSync, writeSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from './ptyPair';
import { sniffPort } from './sniffPort';

let pair: PtyPair;
beforeEach(async () => {
  pair = await openPtyPair();
});
afterEach(async () => {
  await pair.dispose();
});

describe('sniffPort', () => {
  it('recognises an IMU printing CSV lines and proposes its profile', async () => {
    const fd = openSync(pair.a, 'w');
    const timer = setInterval(() => writeSync(fd, '1234,0.01,-0.02,9.81,0.001,0.002,-0.003\r\n'), 10);
    try {
      const outcome = await sniffPort(pair.b, 115200);
      expect(outcome.protocol).toBe('text');
      expect(outcome.channels).toHaveLength(7);
      expect(outcome.matchingProfiles).toContain('imu-6axis');
      expect(outcome.bytesHeard).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
      closeSync(fd);
    }
  });

  it('recognises an e-nose printing label:value lines stamped with its clock, and proposes its profile', async () => {
    const fd = openSync(pair.a, 'w');
    const line = 't_ms:4000,mos_1:120.5,mos_2:98.1,mos_3:200.2,mos_4:88.4,mos_5:70.3,mos_6:55.1,mos_7:230.9,mos_8:260.2,temperature:22.1,humidity:45.3\r\n';
    const timer = setInterval(() => writeSync(fd, line), 200);
    try {
      const outcome = await sniffPort(pair.b, 9600);
      expect(outcome.protocol).toBe('text');
      expect(outcome.channels).toHaveLength(11);
      expect(outcome.matchingProfiles).toContain('enose-8mos');
    } finally {
      clearInterval(timer);
      closeSync(fd);
    }
  });

  it('says why when the device stays silent', async () => {
    const outcome = await sniffPort(pair.b, 9600);
    expect(outcome).toMatchObject({ protocol: 'unknown', bytesHeard: 0 });
    expect(outcome.reason).toMatch(/nothing received/);
  });
});
