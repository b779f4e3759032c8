/**
 * A registry that works until it is killed: the crash-safety test runs this in a child process
 * and SIGKILLs it at random moments. `import` mode imports the packages under a folder one after
 * another (retention deletes the oldest as it goes); `activate` mode moves aliases around
 * (activation, user aliases, rollbacks) among the versions already imported.
 *
 * argv: <import|activate> <dataDir> <inference host script> <sources folder>
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openTestRegistry } from './registryTestKit';

const [mode, dataDir, hostScript, sourcesDir] = process.argv.slice(2);
const { registry } = openTestRegistry(dataDir, hostScript);
await registry.start();
process.stdout.write('ready\n');
const who = { actor: 'crash-test', reason: 'crash-safety test' };
const override = { reason: 'crash-safety test, no golden data' };

if (mode === 'import') {
  const sources = (await readdir(sourcesDir)).sort();
  for (let i = 0; ; i++) await registry.import(join(sourcesDir, sources[i % sources.length]), 'crash-test');
} else {
  const ids = registry.versions('augmenter').map((v) => v.id);
  for (let i = 0; ; i++) {
    const id = ids[i % ids.length];
    await registry.activate({ profileId: 'sensor-augmenter-32', versionId: id, override }, who);
    await registry.setAlias({ alias: 'champion', versionId: ids[(i + 1) % ids.length] }, who);
    if (i % 3 === 2) await registry.rollback({ family: 'augmenter', alias: 'active', profileId: 'sensor-augmenter-32' }, who);
    registry.setPinned(id, i % 2 === 0, who);
  }
}
