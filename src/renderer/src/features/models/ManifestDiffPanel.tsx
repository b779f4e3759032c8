import { useState, type ReactNode } from 'react';
import type { ManifestChange, ModelVersion } from '../../../../shared/domain/registry';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';
import { TableHead } from '../../components/TableHead';
import { ErrorAlert } from '../../components/ActionMessage';

/** How a manifest value reads in one table cell (objects and arrays as compact JSON). */
function shown(value: unknown): string {
  if (value === undefined) return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const label = (v: ModelVersion): string => `${v.name} ${v.version} · ${v.id.slice(0, 10)}`;

/**
 * What changed between two versions' manifests — normalisation, labels, thresholds, budgets —
 * before a technician activates the newer one. Only versions of one family are compared.
 */
export function ManifestDiffPanel({ versions }: { readonly versions: readonly ModelVersion[] }): ReactNode {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [changes, setChanges] = useState<ManifestChange[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const family = versions.find((v) => v.id === a)?.family;
  const comparable = versions.filter((v) => v.id !== a && (family === undefined || v.family === family));

  const compare = (): void => {
    setError(undefined);
    api.call('registry.diff', { a, b }).then(setChanges, (e: unknown) => setError(messageOf(e)));
  };

  if (versions.length < 2) return null;
  return (
    <section className="panel" aria-labelledby="diff-title">
      <h2 id="diff-title">Compare manifests</h2>
      <div className="form-row">
        <select value={a} onChange={(e) => (setA(e.target.value), setB(''), setChanges(undefined))} aria-label="Version A" data-testid="diff-a">
          <option value="">Version A…</option>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {label(v)}
            </option>
          ))}
        </select>
        <select value={b} onChange={(e) => (setB(e.target.value), setChanges(undefined))} aria-label="Version B" disabled={a === ''} data-testid="diff-b">
          <option value="">Version B…</option>
          {comparable.map((v) => (
            <option key={v.id} value={v.id}>
              {label(v)}
            </option>
          ))}
        </select>
        <button type="button" disabled={a === '' || b === ''} onClick={compare} data-testid="diff-compare">
          Compare
        </button>
      </div>
      <ErrorAlert message={error} />
      {changes?.length === 0 ? <p className="muted">The two manifests are identical.</p> : null}
      {changes && changes.length > 0 ? (
        <table className="data-table" data-testid="diff-changes">
          <TableHead columns={['Field', 'Change', 'A', 'B']} />
          <tbody>
            {changes.map((c) => (
              <tr key={c.path}>
                <td>
                  <code>{c.path}</code>
                </td>
                <td>{c.change}</td>
                <td>{shown(c.a)}</td>
                <td>{shown(c.b)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
