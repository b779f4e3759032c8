import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const config = JSON.parse(readFileSync(resolve(root, 'electron-builder.json'), 'utf8')) as Record<string, unknown>;
// The JSON schema electron-builder itself ships and validates configurations against.
const schema = JSON.parse(readFileSync(resolve(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;

describe('electron-builder configuration', () => {
  it("validates against electron-builder's own schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const { $schema: _ignored, ...body } = config;
    const ok = validate(body);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('fails validation for an unknown key (the check can fail)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    expect(ajv.validate(schema, { appId: 'x', asarUnpackk: ['**/*.node'] })).toBe(false);
  });

  it('keeps native modules and their shared libraries outside the asar archive', () => {
    const unpack = config['asarUnpack'] as string[];
    expect(unpack).toContain('**/*.node');
    expect(unpack.some((p) => p.includes('onnxruntime-node/bin'))).toBe(true);
    expect(unpack.some((p) => p.includes('@serialport/bindings-cpp'))).toBe(true);
  });

  it('ships models/ as resources outside the archive', () => {
    expect(config['extraResources']).toContainEqual(expect.objectContaining({ from: 'models', to: 'models' }));
  });

  it('targets AppImage and deb, NSIS and dmg', () => {
    expect((config['linux'] as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config['win'] as { target: string[] }).target).toEqual(['nsis']);
    expect((config['mac'] as { target: string[] }).target).toEqual(['dmg']);
  });
});
