/** The parts of Electron's WebFrameMain the sender check reads (kept structural so it is testable in Node). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** Where our own renderer is loaded from: the packaged file, or the dev server in `npm run dev`. */
export type TrustedRenderer = { readonly kind: 'file'; readonly indexUrl: string } | { readonly kind: 'dev'; readonly origin: string };

/**
 * True only for the main frame of our own renderer. Sub-frames, other files, other origins and
 * frames that navigated away are refused, so an injected iframe or a hijacked navigation cannot
 * reach the core even if it found a way to send IPC.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, trusted: TrustedRenderer): boolean {
  if (!frame || frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  switch (trusted.kind) {
    case 'file': {
      const expected = new URL(trusted.indexUrl);
      return url.protocol === 'file:' && url.host === expected.host && url.pathname === expected.pathname;
    }
    case 'dev':
      return url.origin === new URL(trusted.origin).origin;
  }
}
