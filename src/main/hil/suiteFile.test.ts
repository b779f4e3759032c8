import { describe, expect, test } from 'vitest';
import { deviceFamilySchema } from '../../shared/domain/deviceProfile';
import { formatSuiteIssues, parseSuiteYaml } from './suiteFile';
import { shippedSuite } from './shippedSuites';

const VALID = `schemaVersion: 1
name: Tiny
family: imu
version: 1.0.0
steps:
  - name: wait-a-bit
    kind: wait
    durationMs: 10
`;

function issuesOf(text: string): string {
  const result = parseSuiteYaml(text);
  if (result.ok) throw new Error('expected the suite to be rejected');
  return formatSuiteIssues('suite.yaml', result.issues);
}

describe('suite files', () => {
  test('a valid suite parses', () => {
    const result = parseSuiteYaml(VALID);
    expect(result.ok && result.suite.steps[0]).toMatchObject({ name: 'wait-a-bit', kind: 'wait', durationMs: 10 });
  });

  test.each(deviceFamilySchema.options)('the shipped %s suite is valid', (family) => {
    expect(shippedSuite(family).family).toBe(family);
  });

  test('a misspelt key is reported at its own line and column', () => {
    const text = VALID.replace('    durationMs: 10', '    durationMs: 10\n    timeoutMS: 5');
    expect(issuesOf(text)).toBe('suite.yaml:9:5: steps[0].timeoutMS: unknown key');
  });

  test('a wrong value is reported at the value’s key, with the path', () => {
    const text = VALID.replace('durationMs: 10', 'durationMs: -3');
    expect(issuesOf(text)).toMatch(/^suite\.yaml:8:5: steps\[0\]\.durationMs: .*>0/);
  });

  test('an unknown step kind lists the kinds there are', () => {
    const text = VALID.replace('kind: wait', 'kind: sleep');
    expect(issuesOf(text)).toMatch(/^suite\.yaml:7:5: steps\[0\]\.kind: unknown step kind; expected one of connect, identify, command, capture/);
  });

  test('issues deep in a limit point at the limit', () => {
    const text = `${VALID}  - name: health
    kind: capture
    durationMs: 100
    measure:
      sampleRateHz: { equals: 100, min: 90 }
      channels:
        - select: [accel_x]
          std: { mni: 1 }
`;
    expect(issuesOf(text).split('\n')).toEqual([
      'suite.yaml:13:23: steps[1].measure.sampleRateHz.equals: equals cannot be combined with min or max',
      'suite.yaml:16:11: steps[1].measure.channels[0].std: needs min, max or equals',
      'suite.yaml:16:18: steps[1].measure.channels[0].std.mni: unknown key',
    ]);
  });

  test('a missing key is reported at the object that lacks it', () => {
    expect(issuesOf(VALID.replace('version: 1.0.0\n', ''))).toBe('suite.yaml:1:1: version: Invalid input: expected string, received undefined');
  });

  test('cross-field rules: duplicate step names and command without anything to send', () => {
    const text = `${VALID}  - name: wait-a-bit
    kind: command
`;
    expect(issuesOf(text).split('\n')).toEqual([
      'suite.yaml:9:5: steps[1].name: duplicate step name "wait-a-bit"',
      // A missing key is reported where its step begins.
      'suite.yaml:9:5: steps[1].send: give exactly one of send or sendHex',
    ]);
  });

  test('YAML syntax errors carry their line', () => {
    expect(issuesOf(`${VALID}  - name: [unclosed\n`)).toBe(
      'suite.yaml:10:1: (yaml): Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  test('a duplicate key is a YAML error, not a silent overwrite', () => {
    expect(issuesOf(VALID.replace('family: imu', 'family: imu\nfamily: enose'))).toMatch(/^suite\.yaml:4:1: \(yaml\): .*[Uu]nique/);
  });
});
