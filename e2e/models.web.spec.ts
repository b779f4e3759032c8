import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { buildZip } from '../src/main/registry/testing/zipWriter';
import { expect, test } from './fixtures';

const AUGMENTER_PACKAGE = resolve(import.meta.dirname, '../models/augmenter/sensor-augmentor');

/** A retrained-looking copy of the shipped augmenter package: same files, another version (the manifest itself is not hashed). */
function nextAugmenterVersion(dir: string, version = '1.0.1'): string {
  const target = join(dir, `sensor-augmentor-${version}`);
  cpSync(AUGMENTER_PACKAGE, target, { recursive: true });
  const manifestPath = join(target, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string; description: string };
  manifest.version = version;
  manifest.description += ' (retrained copy for the e2e test)';
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return target;
}

test('imports packages, activates past a failed gate only with a reason, rolls back, and the history shows it all', async ({ page, host }, testInfo) => {
  test.setTimeout(120_000);
  // Who is at the station (Settings) is who every registry change records.
  await page.goto(`${host.url}#/settings`);
  await page.getByTestId('settings-operator').fill('Mo Deller');
  await page.getByTestId('settings-operator-save').click();
  await expect(page.getByTestId('settings-operator-message')).toHaveText('Recorded as Mo Deller from now on.');
  await page.getByTestId('nav-models').click();
  await page.getByTestId('registry-import-augmenter/sensor-augmentor').click();
  await expect(page.getByTestId('registry-message')).toContainText('Imported sensor-augmentor', { timeout: 60_000 });
  await page.getByTestId('registry-import-imu/step-detection').click();
  await expect(page.getByTestId('registry-message')).toContainText('Imported step-detection', { timeout: 60_000 });

  // The augmenter passes its golden-set gate and becomes active.
  await page.getByTestId('registry-reason').fill('bench acceptance of the demo models');
  await page.getByTestId('registry-activate-sensor-augmentor').click();
  // Nothing changes until the operator confirms; Cancel leaves everything as it was.
  await expect(page.getByTestId('registry-confirm')).toContainText('Activate sensor-augmentor 1.0.0 on sensor-augmenter-32?');
  await page.getByTestId('registry-confirm-no').click();
  await expect(page.getByTestId('registry-version-sensor-augmentor')).not.toContainText('active');
  await page.getByTestId('registry-activate-sensor-augmentor').click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(page.getByTestId('registry-version-sensor-augmentor')).toContainText('active (sensor-augmenter-32)', { timeout: 60_000 });
  await expect(page.getByTestId('registry-version-sensor-augmentor')).toContainText('passed');

  // The step detector has no golden-set validator: the gate fails and activation is refused…
  await page.getByTestId('registry-activate-step-detection').click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(page.getByTestId('registry-error')).toContainText(/gate/i, { timeout: 60_000 });
  await expect(page.getByTestId('registry-version-step-detection')).not.toContainText('active');
  // …until the operator overrides it with a reason.
  await page.getByTestId('registry-override').fill('validated by hand on the bench treadmill today');
  await page.getByTestId('registry-activate-step-detection').click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(page.getByTestId('registry-version-step-detection')).toContainText('active (imu-6axis)', { timeout: 60_000 });

  // A second augmenter version takes over, then the operator rolls back to the first.
  await page.getByTestId('registry-path').fill(nextAugmenterVersion(host.dataDir));
  await page.getByTestId('registry-import').click();
  await expect(page.getByTestId('registry-message')).toContainText('1.0.1', { timeout: 60_000 });
  const newer = page.getByTestId('registry-versions').locator('tr', { hasText: '1.0.1' });
  await newer.getByRole('button', { name: 'Activate' }).click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(newer).toContainText('active (sensor-augmenter-32)', { timeout: 60_000 });
  await page.getByTestId('registry-aliases').locator('li', { hasText: 'on sensor-augmenter-32' }).getByRole('button', { name: 'Roll back' }).click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(page.getByTestId('registry-versions').locator('tr', { hasText: 'sensor-augmentor 1.0.0' })).toContainText('active (sensor-augmenter-32)', { timeout: 30_000 });
  // Before trusting the retrained copy, the operator compares its manifest with the original's.
  const optionOf = (testId: string, text: string) => page.getByTestId(testId).locator('option', { hasText: text }).getAttribute('value');
  await page.getByTestId('diff-a').selectOption((await optionOf('diff-a', 'sensor-augmentor 1.0.0')) ?? '');
  await page.getByTestId('diff-b').selectOption((await optionOf('diff-b', 'sensor-augmentor 1.0.1')) ?? '');
  await page.getByTestId('diff-compare').click();
  const versionRow = page.getByTestId('diff-changes').locator('tr').filter({ has: page.locator('code', { hasText: /^version$/ }) });
  await expect(versionRow).toContainText('1.0.1');
  await expect(page.getByTestId('diff-changes')).toContainText('description');
  const history = page.getByTestId('registry-history');
  await expect(history).toContainText('import');
  await expect(history).toContainText('gate-override');
  await expect(history).toContainText(/rollback/);
  await expect(history.locator('tbody tr').filter({ hasText: 'gate-override' })).toContainText('Mo Deller');

  // The device runs the active registry version (listed first on the Live page); 1.0.1 runs in shadow beside it.
  await page.goto(`${host.url}#/devices`);
  await page.getByTestId('connect-sim-sensor-augmenter-32').click();
  await page.getByTestId('nav-live').click();
  const panel = page.locator('[data-testid^="model-panel-sim-sensor-augmenter-32"]');
  await expect(panel.getByTestId('model-select').locator('option').first()).toContainText('sensor-augmentor 1.0.0 · registry');
  await expect(panel.getByTestId('model-select').locator('option').first()).toContainText('(active)');
  await panel.getByTestId('model-start').click();
  await expect(panel.getByTestId('model-state')).toContainText('running', { timeout: 15_000 });
  await page.getByTestId('nav-models').click();
  const shadow = page.locator('[data-testid^="shadow-sim-sensor-augmenter-32"]');
  await shadow.getByTestId('shadow-candidate').selectOption({ label: (await shadow.getByTestId('shadow-candidate').locator('option', { hasText: '1.0.1' }).textContent()) ?? '' });
  await shadow.getByTestId('shadow-start').click();
  // The same network under a new version: every compared output agrees exactly.
  await expect.poll(async () => Number((await shadow.getByTestId('shadow-stats').locator('tbody tr').first().locator('td').nth(1).textContent())?.replace(/[^0-9]/g, '')), { timeout: 15_000 }).toBeGreaterThan(20);
  await expect(shadow.getByTestId('shadow-stats').locator('tbody tr').first()).toContainText('0.00 / 0.00 / 0.00');
  await shadow.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('models-page.png') });
  await shadow.getByTestId('shadow-stop').click();
  await expect(shadow.getByTestId('shadow-start')).toBeVisible();
});

/** The shipped augmenter package zipped in its folder, as a version of our choosing (the manifest itself is not hashed). */
function augmenterZip(version: string): Buffer {
  const folder = `sensor-augmentor-${version}`;
  const files = readdirSync(AUGMENTER_PACKAGE, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return buildZip(
    files.map((e) => {
      const path = join(e.parentPath, e.name);
      const relative = path.slice(AUGMENTER_PACKAGE.length + 1);
      const data = relative === 'manifest.json' ? Buffer.from(JSON.stringify({ ...(JSON.parse(readFileSync(path, 'utf8')) as object), version })) : readFileSync(path);
      return { name: `${folder}/${relative}`, data, deflate: true };
    }),
  );
}

/** Drags files onto the Models page's drop zone the way a file manager would: dragenter, then drop, with a DataTransfer built in the page. */
async function dropOnZone(page: Page, files: readonly { name: string; type: string; data: Buffer }[], drop = true): Promise<void> {
  await page.getByTestId('registry-drop-zone').evaluate(
    (zone, { files: encoded, drop: release }) => {
      const transfer = new DataTransfer();
      for (const f of encoded) transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      zone.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      if (release) zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    },
    { files: files.map((f) => ({ name: f.name, type: f.type, base64: f.data.toString('base64') })), drop },
  );
}

test('imports a picked zip, a dropped zip and a picked folder with a per-check checklist, and the timeline shows activate → rollback', async ({ page, host }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(`${host.url}#/models`);
  await expect(page.getByTestId('timeline-empty')).toBeVisible();

  // Choose file…: the zip is uploaded in chunks, then every check runs and passes.
  await page.getByTestId('registry-choose-file').setInputFiles({ name: 'sensor-augmentor-1.0.0.zip', mimeType: 'application/zip', buffer: augmenterZip('1.0.0') });
  await expect(page.getByTestId('registry-message')).toContainText('Imported sensor-augmentor 1.0.0', { timeout: 60_000 });
  const checklist = page.getByTestId('import-checklist');
  await expect(checklist).toHaveAttribute('data-done', 'true');
  await expect(checklist).toContainText('uploaded sensor-augmentor-1.0.0.zip');
  const steps = checklist.locator('[data-testid^="import-step-"]');
  await expect(steps).toHaveCount(10);
  for (const step of await steps.all()) await expect(step).toHaveAttribute('data-state', 'passed');
  await expect(page.getByTestId('import-progress')).toHaveJSProperty('value', 1);
  // The checklist is still there after a look at another page.
  await page.getByTestId('nav-devices').click();
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('import-checklist')).toContainText('uploaded sensor-augmentor-1.0.0.zip');

  // A wrong file type is refused at the drop zone with a reason; dragging over highlights it.
  await dropOnZone(page, [{ name: 'notes.txt', type: 'text/plain', data: Buffer.from('hello') }], false);
  await expect(page.getByTestId('registry-drop-zone')).toHaveClass(/drop-zone-over/);
  await dropOnZone(page, [{ name: 'notes.txt', type: 'text/plain', data: Buffer.from('hello') }]);
  await expect(page.getByTestId('registry-drop-zone')).not.toHaveClass(/drop-zone-over/);
  await expect(page.getByTestId('registry-error')).toContainText('notes.txt is not a model package');

  // Drag and drop: a second version lands the same way.
  await dropOnZone(page, [{ name: 'sensor-augmentor-1.0.1.zip', type: 'application/zip', data: augmenterZip('1.0.1') }]);
  await expect(page.getByTestId('registry-message')).toContainText('Imported sensor-augmentor 1.0.1', { timeout: 60_000 });
  for (const step of await steps.all()) await expect(step).toHaveAttribute('data-state', 'passed');

  // Choose folder…: a package folder's files are sent with their paths inside it.
  await page.getByTestId('registry-choose-folder').setInputFiles(nextAugmenterVersion(host.dataDir, '1.0.2'));
  await expect(page.getByTestId('registry-message')).toContainText('Imported sensor-augmentor 1.0.2', { timeout: 60_000 });
  await expect(checklist).toContainText('uploaded sensor-augmentor-1.0.2');

  // Activate 1.0.0, then 1.0.1, then roll back: the active lane shows three intervals, the last still open.
  const activate = async (version: string): Promise<void> => {
    await page.getByTestId('registry-versions').locator('tr', { hasText: `sensor-augmentor ${version}` }).getByRole('button', { name: 'Activate' }).click();
    await page.getByTestId('registry-confirm-yes').click();
    await expect(page.getByTestId('registry-versions').locator('tr', { hasText: `sensor-augmentor ${version}` })).toContainText('active (sensor-augmenter-32)', { timeout: 60_000 });
  };
  await page.getByTestId('registry-reason').fill('bench acceptance of the uploaded packages');
  await activate('1.0.0');
  await activate('1.0.1');
  await page.getByTestId('registry-aliases').locator('li', { hasText: 'on sensor-augmenter-32' }).getByRole('button', { name: 'Roll back' }).click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(page.getByTestId('registry-versions').locator('tr', { hasText: 'sensor-augmentor 1.0.0' })).toContainText('active (sensor-augmenter-32)', { timeout: 30_000 });

  const lane = page.getByTestId('timeline-lane-alias:active/sensor-augmenter-32');
  await expect(lane).toHaveAttribute('data-title', 'active · sensor-augmenter-32');
  const bars = lane.getByTestId('timeline-bar');
  await expect.poll(() => bars.evaluateAll((all) => all.map((b) => `${b.getAttribute('data-label')}${b.getAttribute('data-open') === 'true' ? ' (open)' : ''}`))).toEqual([
    'sensor-augmentor@1.0.0',
    'sensor-augmentor@1.0.1',
    'sensor-augmentor@1.0.0 (open)',
  ]);
  await expect(lane.locator('[data-kind="rollback"]')).toHaveCount(1);
  await expect(lane.locator('[data-kind="activate"]')).toHaveCount(2);
  const registryLane = page.getByTestId('timeline-lane-registry');
  await expect(registryLane.locator('[data-kind="import"]')).toHaveCount(3);
  await expect(registryLane.locator('[data-kind="gate-passed"]')).toHaveCount(2);

  // Clicking a bar names the entry that started it and reads every lane at that moment.
  await bars.last().click();
  await expect(page.getByTestId('timeline-detail')).toContainText('rollback sensor-augmentor@1.0.0 on sensor-augmenter-32');
  await expect(page.getByTestId('timeline-readout')).toContainText('active · sensor-augmenter-32: sensor-augmentor@1.0.0');
  await bars.nth(1).click();
  await expect(page.getByTestId('timeline-readout')).toContainText('active · sensor-augmenter-32: sensor-augmentor@1.0.1');
  // The page scrolls inside its own pane: a tall window fits drop zone, checklist and timeline in one picture.
  await page.setViewportSize({ width: 1400, height: 1800 });
  await page.getByTestId('registry-drop-zone').evaluate((zone) => zone.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: testInfo.outputPath('models-upload-timeline.png') });
});
