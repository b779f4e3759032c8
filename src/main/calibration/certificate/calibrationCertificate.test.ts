import { describe, expect, it } from 'vitest';
import { buildChannelFit, buildFitResult, limitCheck } from '../fitting/fitReport';
import { versionFixture } from '../testing/versionFixture';
import { calibrationCertificate, describeTransform } from './calibrationCertificate';

function spanVersion(operator: string) {
  const transform = { kind: 'linear' as const, channel: 'lq_03', gain: 0.97, offset: -0.12 };
  const raw = [-4.1, -1.9, 0.12, 2.2, 4.3];
  const reference = raw.map((r, i) => 0.97 * r - 0.12 + (i === 2 ? 0.01 : 0));
  const fit = buildFitResult('Span (linear)', [
    buildChannelFit({
      channel: 'lq_03',
      unit: 'V',
      model: 'linear',
      transform,
      labels: raw.map((_, i) => `bin ${i}`),
      reference,
      raw,
      corrected: raw.map((r) => 0.97 * r - 0.12),
      maxRms: { warn: [0, 0.05], fail: [0, 0.2] },
      checks: [limitCheck('gain lq_03', 0.97, '', { warn: [0.8, 1.25], fail: [0.5, 2] })],
    }),
  ], [{ name: 'speed_of_sound', channel: null, value: 343.2, unit: 'm/s' }], []);
  return { ...versionFixture({ deviceKey: 'SC-AUG/SIM0004', profileId: 'sensor-augmenter-32', family: 'augmenter', transforms: [transform] }), operator, procedureName: 'Span', fit: fit.report };
}

describe('calibration certificate', () => {
  it('states the key facts, the points and the residual plot, in one file without scripts or external assets', () => {
    const html = calibrationCertificate(spanVersion('H. Lab'), { deviceName: 'Sensor Augmenter (simulated)', issuedAt: '2025-07-01T10:00:00.000Z' });
    for (const fact of ['Sensor Augmenter (simulated)', 'SC-AUG/SIM0004', 'sensor-augmenter-32', 'Span', 'H. Lab', '2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'Sensor Console 0.0.1', 'PASS', '0.97 × raw − 0.12', 'RMS residual', 'R²', 'bin 4', 'speed_of_sound', '343.2', 'gain lq_03']) {
      expect(html).toContain(fact);
    }
    expect(html).toMatch(/<svg [^>]*aria-label="Residuals of lq_03"/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes what people and devices typed', () => {
    const html = calibrationCertificate(spanVersion('<script>alert(1)</script> & "Bob"'), { deviceName: null, issuedAt: '2025-07-01T10:00:00.000Z' });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bob&quot;');
  });

  it('writes each transform as a formula', () => {
    expect(describeTransform({ kind: 'polynomial', channel: 'a', coefficients: [0.1, 1.02, -0.003] })).toBe('0.1 + 1.02 × raw − 0.003 × raw^2');
    expect(describeTransform({ kind: 'delay', channel: 'rx0', delayS: 40e-6 })).toBe('waveform moved 40 µs earlier');
  });
});
