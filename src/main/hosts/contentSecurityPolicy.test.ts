import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP, RENDERER_CSP_HEADER } from './contentSecurityPolicy';

describe('renderer CSP', () => {
  it('is the same in index.html and the browser host', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(RENDERER_CSP);
    expect(RENDERER_CSP_HEADER.startsWith(RENDERER_CSP)).toBe(true);
  });

  it('allows no inline or eval script and no foreign connections', () => {
    expect(RENDERER_CSP).not.toMatch(/unsafe-(inline|eval)/);
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("connect-src 'self'");
  });
});
