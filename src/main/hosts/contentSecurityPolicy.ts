/**
 * The renderer's Content-Security-Policy. The `<meta>` tag in `src/renderer/index.html` carries
 * RENDERER_CSP (a test checks they agree); the browser host's response header adds the directives
 * that only work as a header. No inline or eval'd script anywhere; data only flows to our origin.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** `frame-ancestors` is ignored (with a console error) in a meta tag, so it lives in the header only. */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;
