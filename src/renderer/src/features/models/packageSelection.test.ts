import { describe, expect, it } from 'vitest';
import { asPackage, type ChosenFile } from './packageSelection';

const chosen = (...paths: string[]): ChosenFile[] => paths.map((path) => ({ path, file: new File(['x'], path.split('/').pop() ?? path) }));

describe('asPackage', () => {
  it('takes one .zip as a zip upload', () => {
    expect(asPackage(chosen('Sensor-Augmentor.ZIP'))).toMatchObject({ kind: 'zip', name: 'Sensor-Augmentor.ZIP' });
  });

  it('takes files with a manifest.json as a folder, named after their common folder', () => {
    expect(asPackage(chosen('pkg/manifest.json', 'pkg/model.onnx', 'pkg/golden/meta.json'))).toMatchObject({ kind: 'folder', name: 'pkg' });
    expect(asPackage(chosen('manifest.json', 'model.onnx'))).toMatchObject({ kind: 'folder', name: 'dropped files' });
  });

  it('refuses anything else with a reason naming what was dropped', () => {
    expect(asPackage([])).toEqual({ problem: expect.stringMatching(/Nothing was dropped/) as unknown });
    expect(asPackage(chosen('notes.txt'))).toEqual({ problem: expect.stringMatching(/^notes\.txt is not a model package/) as unknown });
    expect(asPackage(chosen('a.onnx', 'b.onnx', 'c.onnx', 'd.onnx'))).toEqual({ problem: expect.stringMatching(/^a\.onnx, b\.onnx, c\.onnx, … are not a model package/) as unknown });
    expect(asPackage(chosen('a.zip', 'b.zip'))).toHaveProperty('problem');
  });
});
