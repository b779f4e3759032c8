import type { ReactNode } from 'react';
import type { ImportProgress, ImportStepId, ImportStepState } from '../../../../shared/domain/registry';

/** Each step in a technician's words: what it makes sure of. */
const STEP_LABEL: Record<ImportStepId, string> = {
  upload: 'Upload to the console',
  source: 'Unpack, size limits, no links or paths outside the package',
  manifest: 'Manifest schema',
  files: 'File sizes and SHA-256 hashes, nothing unlisted',
  'external-data': 'External data stays inside the package',
  'runtime-load': 'Graph inputs/outputs, load and warm-up (isolated process)',
  'parity-reference': 'Reference outputs cover every output',
  parity: 'Output parity within tolerance',
  latency: 'Latency within the budget',
  store: 'Stored, content-addressed and read-only',
};

const STATE_MARK: Record<ImportStepState, string> = { pending: '○', running: '◌', passed: '✓', failed: '✕', skipped: '–' };

/** The checklist of the running (or last) import with a progress bar over every step. */
export function ImportChecklist({ progress, onCancel }: { readonly progress: ImportProgress; readonly onCancel?: () => void }): ReactNode {
  const percent = Math.round(progress.fraction * 100);
  const failed = progress.steps.some((s) => s.state === 'failed');
  return (
    <div className="import-checklist" data-testid="import-checklist" data-done={progress.done}>
      <div className="form-row">
        <strong>{progress.done ? (failed ? 'Refused' : 'Imported') : 'Importing'}</strong>
        <span className="muted">{progress.source}</span>
        <progress value={progress.fraction} max={1} aria-label="Import progress" data-testid="import-progress" />
        <span>{percent} %</span>
        {onCancel && !progress.done ? (
          <button type="button" onClick={onCancel} data-testid="import-cancel">
            Cancel upload
          </button>
        ) : null}
      </div>
      <ol className="import-steps">
        {progress.steps.map((step) => (
          <li key={step.id} className={`import-step import-step-${step.state}`} data-testid={`import-step-${step.id}`} data-state={step.state}>
            <span className="import-step-mark" aria-hidden="true">
              {STATE_MARK[step.state]}
            </span>
            <span>{STEP_LABEL[step.id]}</span>
            <span className="muted">{step.state === 'running' ? 'running…' : step.message}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
