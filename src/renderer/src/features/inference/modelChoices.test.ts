import { describe, expect, it } from 'vitest';
import type { ModelVersion } from '../../../../shared/domain/registry';
import type { ModelSummary } from '../../../../shared/ipc/domains/inference';
import { modelChoices } from './modelChoices';

const version = (id: string, family: ModelVersion['family'], activeOn: string | null): ModelVersion =>
  ({
    id: id.repeat(64).slice(0, 64),
    family,
    name: `model-${id}`,
    version: '1.0.0',
    aliases: activeOn ? [{ family, alias: 'active', profileId: activeOn, versionId: id, updatedAt: '', updatedBy: 'operator' }] : [],
  }) as unknown as ModelVersion;

const shipped = (id: string, family: string, problem: string | null = null): ModelSummary => ({ id, family, name: id, version: '1.0.0', problem }) as unknown as ModelSummary;

describe('modelChoices', () => {
  it('lists the family\'s registry versions, the one active on this profile first, then the catalogue', () => {
    const choices = modelChoices(
      'imu',
      'imu-6axis',
      [version('a', 'imu', null), version('b', 'imu', 'imu-6axis'), version('c', 'augmenter', 'sensor-augmenter-32'), version('d', 'imu', 'imu-other')],
      [shipped('imu/step-detection', 'imu'), shipped('augmenter/x', 'augmenter'), shipped('imu/broken', 'imu', 'hash mismatch')],
    );
    expect(choices.map((c) => c.label)).toEqual([
      `model-b 1.0.0 · registry bbbbbbbbbb (active)`,
      `model-a 1.0.0 · registry aaaaaaaaaa`,
      `model-d 1.0.0 · registry dddddddddd`,
      'imu/step-detection 1.0.0 · catalogue',
      'imu/broken 1.0.0 · catalogue',
    ]);
    expect(choices.filter((c) => c.active)).toHaveLength(1);
    expect(choices.at(-1)?.problem).toBe('hash mismatch');
  });

  it('is empty for a family nothing serves', () => {
    expect(modelChoices('sits', 'sits-sentinel2', [version('a', 'imu', null)], [shipped('imu/step-detection', 'imu')])).toEqual([]);
  });
});
