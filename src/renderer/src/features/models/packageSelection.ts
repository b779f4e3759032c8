/** What the operator picked or dropped, and whether it is a model package the console can upload. */

/** A chosen file with its path inside the chosen folder (`pkg/manifest.json`), or just its name. */
export interface ChosenFile {
  readonly path: string;
  readonly file: File;
}

export interface PackageSelection {
  readonly kind: 'zip' | 'folder';
  readonly name: string;
  readonly files: readonly ChosenFile[];
}

/** What the operator chose, as a package to upload, or why it is not one (in words for the operator). */
export function asPackage(files: readonly ChosenFile[]): PackageSelection | { readonly problem: string } {
  if (files.length === 0) return { problem: 'Nothing was dropped. Drop a .zip of a model package, or its folder.' };
  const zips = files.filter((f) => f.path.toLowerCase().endsWith('.zip'));
  if (files.length === 1 && zips.length === 1) return { kind: 'zip', name: files[0].file.name, files };
  if (files.some((f) => /(^|\/)manifest\.json$/.test(f.path))) {
    const top = files[0].path.split('/')[0];
    return { kind: 'folder', name: files.every((f) => f.path.startsWith(`${top}/`)) ? top : 'dropped files', files };
  }
  const names = files
    .slice(0, 3)
    .map((f) => f.file.name)
    .join(', ');
  return {
    problem: `${names}${files.length > 3 ? ', …' : ''} ${files.length === 1 ? 'is' : 'are'} not a model package. Drop a .zip of a package, or its folder (manifest.json + model.onnx).`,
  };
}
