import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkInferenceChannel } from '../inference/forkInferenceChannel';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { editArray, freshDataset, tempRoot } from './testing/datasetFixtures';
import { runValidateCommand } from './validateCommand';

const MODELS = fileURLToPath(new URL('../../../models/', import.meta.url));

let host: Awaited<ReturnType<typeof buildInferenceHost>>;
let tmp: Awaited<ReturnType<typeof tempRoot>>;
beforeAll(async () => {
  [host, tmp] = await Promise.all([buildInferenceHost(), tempRoot()]);
});
afterAll(async () => {
  await Promise.all([host.remove(), tmp.remove()]);
});

function run(argv: string[]): Promise<{ code: number; lines: string[]; progress: string[] }> {
  const lines: string[] = [];
  const progress: string[] = [];
  return runValidateCommand(argv, {
    out: (l) => lines.push(l),
    progress: (p) => progress.push(p),
    createChannel: forkInferenceChannel(host.script),
    modelsDir: MODELS,
  }).then((code) => ({ code, lines, progress }));
}

describe('sensor-console validate', () => {
  it('exits 0 when the thresholds are met and writes both reports', async () => {
    const data = await freshDataset(tmp.root, 'sits', 'sits', 9_101, 30);
    const html = join(tmp.root, 'out.html');
    const json = join(tmp.root, 'out.json');
    const r = await run(['--model', 'sits/sits-former', '--data', data, '--report', html, '--json', json, '--data-dir', tmp.root, '--calibration', 'none-yet']);
    expect(r.code, r.lines.join('\n')).toBe(0);
    expect(r.lines[0]).toMatch(/^sits-former 1\.0\.0 — PASS/);
    expect(r.progress.at(-1)).toMatch(/^100 %/);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('sits-former');
    expect(page).toContain('Confusion matrix');
    expect(page).toContain('Reliability diagram');
    expect(page).not.toMatch(/<script/i);
    const record = JSON.parse(await readFile(json, 'utf8')) as { passed: boolean; calibrationVersion: string; a: { metrics: Record<string, number> } };
    expect(record).toMatchObject({ passed: true, calibrationVersion: 'none-yet' });
    expect(record.a.metrics['accuracy']).toBeGreaterThanOrEqual(0.9);
  });

  it('exits 1 when the model misses a threshold, and 2 on a usage error', async () => {
    const data = await freshDataset(tmp.root, 'sits-bad', 'sits', 9_102, 20);
    await editArray(data, 'labels.npy', (a) => {
      for (let i = 0; i < a.data.length; i++) (a.data as BigInt64Array)[i] = BigInt((Number(a.data[i]) + 1) % 10);
    });
    const r = await run(['--model', join(MODELS, 'sits/sits-former'), '--data', data, '--data-dir', tmp.root]);
    expect(r.code).toBe(1);
    expect(r.lines.join('\n')).toMatch(/FAIL accuracy/);
    expect((await run(['--data', data])).code).toBe(2);
  });
});
