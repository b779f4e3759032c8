import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { messageOf } from '../../bridge/messageOf';
import { asPackage, type ChosenFile, type PackageSelection } from './packageSelection';
import { droppedFiles, pickedFiles } from './packageUpload';

export interface PackageDropZoneProps {
  readonly disabled: boolean;
  readonly onPackage: (selection: PackageSelection) => void;
  /** The drop or choice was not a package (a wrong file type, nothing at all): say so. */
  readonly onProblem: (message: string) => void;
}

/**
 * Where a package is dropped or chosen: a `.zip`, or a package folder (its files keep their
 * paths). Highlights while something is dragged over it; anything else is refused with a reason.
 */
export function PackageDropZone({ disabled, onPackage, onProblem }: PackageDropZoneProps): ReactNode {
  const [over, setOver] = useState(false);
  const offer = (files: readonly ChosenFile[]): void => {
    const choice = asPackage(files);
    if ('problem' in choice) onProblem(choice.problem);
    else onPackage(choice);
  };
  const dragOver = (event: DragEvent): void => {
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    setOver(!disabled);
  };
  const drop = (event: DragEvent): void => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    droppedFiles(event.dataTransfer).then(offer, (e: unknown) => onProblem(`The dropped files could not be read: ${messageOf(e)}`));
  };
  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}`}
      onDragEnter={dragOver}
      onDragOver={dragOver}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      role="group"
      aria-label="Drop a model package here"
      data-testid="registry-drop-zone"
    >
      <span>Drop a model package here: a .zip, or the package folder (manifest.json + model.onnx)</span>
      <FileChooser label="Choose file…" folder={false} disabled={disabled} onFiles={offer} testId="registry-choose-file" />
      <FileChooser label="Choose folder…" folder disabled={disabled} onFiles={offer} testId="registry-choose-folder" />
    </div>
  );
}

/** A button that opens the browser's file (or folder) chooser; the input itself stays hidden. */
function FileChooser(props: { readonly label: string; readonly folder: boolean; readonly disabled: boolean; readonly onFiles: (files: ChosenFile[]) => void; readonly testId: string }): ReactNode {
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <button type="button" disabled={props.disabled} onClick={() => input.current?.click()}>
        {props.label}
      </button>
      <input
        type="file"
        hidden
        accept={props.folder ? undefined : '.zip,application/zip'}
        ref={(element) => {
          input.current = element;
          // React has no prop for it; Chromium and Electron then return the folder's files with relative paths.
          if (element) element.webkitdirectory = props.folder;
        }}
        onChange={(event) => {
          if (event.target.files) props.onFiles(pickedFiles(event.target.files));
          event.target.value = '';
        }}
        data-testid={props.testId}
      />
    </>
  );
}
