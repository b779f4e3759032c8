import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it lived at `file` and returns the rule ids that fired. */
async function rulesFiredFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('layering rule (ESLint)', () => {
  it.each([
    ['src/shared/ipc/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['src/shared/ipc/x.ts', "import { Dispatcher } from '../../main/ipc/dispatcher';\nexport const x = Dispatcher;\n"],
    ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    ['src/renderer/src/x.ts', "import { createCore } from '../../main/core/createCore';\nexport const x = createCore;\n"],
    ['src/renderer/src/x.ts', "import { join } from 'node:path';\nexport const x = join;\n"],
    ['src/main/core/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/main/devices/x.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;\n"],
  ])('refuses the import in %s', async (file, code) => {
    expect(await rulesFiredFor(file, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['src/main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/renderer/src/x.ts', "import { contract } from '../../shared/ipc/contract';\nexport const x = contract;\n"],
    ['src/main/core/x.ts', "import { join } from 'node:path';\nexport const x = join;\n"],
  ])('allows the import in %s', async (file, code) => {
    expect(await rulesFiredFor(file, code)).not.toContain('no-restricted-imports');
  });
});
