import { describe, expect, it } from 'vitest';
import { isTrustedSender, type TrustedRenderer } from './senderPolicy';

const packaged: TrustedRenderer = { kind: 'file', indexUrl: 'file:///opt/Sensor%20Console/resources/app.asar/out/renderer/index.html' };
const dev: TrustedRenderer = { kind: 'dev', origin: 'http://localhost:5173' };

describe('isTrustedSender', () => {
  it.each([
    ['our packaged index.html', packaged, { url: 'file:///opt/Sensor%20Console/resources/app.asar/out/renderer/index.html#/live', parent: null }, true],
    ['another local file', packaged, { url: 'file:///tmp/evil.html', parent: null }, false],
    ['a sub-frame of our page', packaged, { url: 'file:///opt/Sensor%20Console/resources/app.asar/out/renderer/index.html', parent: {} }, false],
    ['a remote page', packaged, { url: 'https://example.com/', parent: null }, false],
    ['a garbage URL', packaged, { url: 'not a url', parent: null }, false],
    ['the dev server', dev, { url: 'http://localhost:5173/#/models', parent: null }, true],
    ['the dev server port on another host', dev, { url: 'http://evil.localhost:5173/', parent: null }, false],
    ['another port', dev, { url: 'http://localhost:5174/', parent: null }, false],
  ])('%s → %s', (_name, trusted, frame, expected) => {
    expect(isTrustedSender(frame, trusted)).toBe(expected);
  });

  it('refuses a missing frame (destroyed before the call arrived)', () => {
    expect(isTrustedSender(null, packaged)).toBe(false);
  });
});
