/** Saves text as a file through the browser's download (a Blob URL on an anchor; no page navigation). */
export function downloadText(fileName: string, mediaType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mediaType};charset=utf-8` }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Let the download start before the URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves a file the core produced (a report, a certificate, an export) under its suggested name. */
export function downloadFile(file: { readonly fileName: string; readonly mediaType: string; readonly text: string }): void {
  downloadText(file.fileName, file.mediaType, file.text);
}
