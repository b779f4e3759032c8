import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../shared/domain/modelManifest';
import { forkInferenceChannel } from './forkInferenceChannel';
import type { HostTensorMap } from './hostTensor';
import { InferenceHostClient } from './inferenceHostClient';
import { readModelPackage } from './modelPackage';
import { checkParity, type IModelRunner } from './parityCheck';
import { readReferenceCases } from './referenceData';
import { buildInferenceHost } from './testing/buildInferenceHost';
import { copyFixturePackage, fixturePackageDir } from './testing/fixturePackages';

const MLP = fixturePackageDir('augmenter-mlp');

/** Answers each call with the reference outputs of the matching case, passed through `alter`. */
async function replayRunner(manifest: ModelManifest, alter: (outputs: HostTensorMap) => HostTensorMap): Promise<IModelRunner> {
  const cases = await readReferenceCases(MLP, manifest);
  let call = 0;
  return { run: () => Promise.resolve({ outputs: alter(cases[call++ % cases.length].outputs) }) };
}

describe('checkParity', () => {
  let manifest: ModelManifest;
  beforeAll(async () => {
    manifest = (await readModelPackage(MLP)).manifest;
  });

  it('passes the fixture package through the real inference host', async () => {
    const host = await buildInferenceHost();
    const client = new InferenceHostClient({ createChannel: forkInferenceChannel(host.script) });
    try {
      const model = await client.load(MLP);
      const report = await checkParity(client, MLP, model.manifest);
      expect(report.passed).toBe(true);
      expect(report.tolerance).toBe(1e-5);
      expect(report.results.map((r) => `${r.caseIndex}:${r.output}`)).toEqual([
        '0:reconstructed_hq',
        '0:actuator_command',
        '1:reconstructed_hq',
        '1:actuator_command',
      ]);
      expect(report.maxAbsDiff).toBeLessThan(1e-6);
      console.log(`parity of augmenter-mlp (PyTorch 1.13 reference vs onnxruntime-node host): max |diff| ${report.maxAbsDiff.toExponential(2)}`);
    } finally {
      await client.dispose();
      await host.remove();
    }
  });

  it('fails an output that drifts beyond the tolerance and says by how much', async () => {
    const runner = await replayRunner(manifest, (outputs) => {
      const drifted = (outputs.actuator_command.data as Float32Array).map((v) => v + 1e-4);
      return { ...outputs, actuator_command: { dims: outputs.actuator_command.dims, data: drifted } };
    });
    const report = await checkParity(runner, MLP, manifest);
    expect(report.passed).toBe(false);
    const failed = report.results.filter((r) => !r.passed);
    expect(failed.map((r) => r.output)).toEqual(['actuator_command', 'actuator_command']);
    expect(failed[0].maxAbsDiff).toBeCloseTo(1e-4, 6);
    expect(failed[0].problem).toMatch(/^differs by up to 1\.00e-4, over the tolerance of 1\.00e-5$/);
  });

  it('fails on a shape mismatch or a missing output', async () => {
    const runner = await replayRunner(manifest, (outputs) => ({
      reconstructed_hq: { dims: [1, 16, 2], data: outputs.reconstructed_hq.data },
    }));
    const report = await checkParity(runner, MLP, manifest);
    expect(report.results[0]).toMatchObject({ output: 'reconstructed_hq', passed: false, maxAbsDiff: Infinity, problem: 'has dims [1, 16, 2] but the reference has [1, 32]' });
    expect(report.results[1]).toMatchObject({ output: 'actuator_command', passed: false, problem: 'the runtime produced no output "actuator_command"' });
  });

  it('refuses a reference file altered after packaging', async () => {
    const fixture = await copyFixturePackage('augmenter-mlp');
    try {
      const { manifest: copied } = await readModelPackage(fixture.dir);
      await writeFile(join(fixture.dir, 'reference.json'), '{}');
      const runner = await replayRunner(manifest, (o) => o);
      await expect(checkParity(runner, fixture.dir, copied)).rejects.toThrow(
        'The parity reference cannot be used: reference.json is 2 bytes but manifest.json says 2876 (an incomplete copy or the wrong file)',
      );
    } finally {
      await fixture.remove();
    }
  });
});

