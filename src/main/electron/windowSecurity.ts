import { shell, type Session, type WebContents } from 'electron';

/** Links the console may open in the system browser; everything else is refused. */
const EXTERNAL_ALLOW_LIST = ['https://onnx.ai/', 'https://mcap.dev/', 'https://foxglove.dev/', 'https://www.electronjs.org/'];

export function isAllowedExternalUrl(url: string): boolean {
  return EXTERNAL_ALLOW_LIST.some((prefix) => url.startsWith(prefix));
}

/**
 * Locks a window's web contents down: no navigation away from the app, no new windows (allowed
 * links open in the system browser), no webviews.
 */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (new URL(url).pathname !== new URL(appUrl).pathname || new URL(url).origin !== new URL(appUrl).origin) {
      event.preventDefault();
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The renderer needs no device, camera, notification or other browser permission: deny all. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
