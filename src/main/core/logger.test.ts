import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SystemEvent } from '../../shared/ipc/domains/app';
import { Logger } from './logger';
import { RotatingLogFile } from './rotatingLogFile';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-log-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('RotatingLogFile', () => {
  it('rotates by size and keeps only the configured number of old files', () => {
    const file = new RotatingLogFile({ dir, baseName: 'console', maxBytes: 100, keep: 2 });
    for (let i = 0; i < 20; i++) file.append(`line ${i} ${'x'.repeat(30)}`);
    expect(readdirSync(dir).sort()).toEqual(['console.1.log', 'console.2.log', 'console.log']);
    const live = readFileSync(join(dir, 'console.log'), 'utf8');
    expect(live).toContain('line 19');
    expect(Buffer.byteLength(live)).toBeLessThanOrEqual(100);
    expect(readFileSync(join(dir, 'console.1.log'), 'utf8')).toContain('line 17');
  });

  it('continues an existing file after a restart', () => {
    new RotatingLogFile({ dir, baseName: 'c', maxBytes: 1000, keep: 1 }).append('first run');
    new RotatingLogFile({ dir, baseName: 'c', maxBytes: 1000, keep: 1 }).append('second run');
    expect(readFileSync(join(dir, 'c.log'), 'utf8')).toBe('first run\nsecond run\n');
  });
});

describe('Logger', () => {
  it('writes JSON lines and notifies from the configured level up', () => {
    const notified: SystemEvent[] = [];
    const logger = new Logger({
      file: new RotatingLogFile({ dir, baseName: 'console', maxBytes: 1e6, keep: 1 }),
      notifyLevel: 'info',
      recentCapacity: 2,
      onNotify: (e) => notified.push(e),
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    logger.debug('dev', 'noise');
    logger.info('dev', 'connected', { port: '/dev/ttyUSB0' });
    logger.warn('dev', 'stalled');
    logger.error('dev', 'gone');
    const lines = readFileSync(join(dir, 'console.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toEqual({ time: '2026-01-01T00:00:00.000Z', level: 'info', source: 'dev', message: 'connected', port: '/dev/ttyUSB0' });
    expect(notified.map((e) => e.message)).toEqual(['connected', 'stalled', 'gone']);
    expect(logger.recent(10).map((e) => e.message)).toEqual(['stalled', 'gone']);
  });
});
