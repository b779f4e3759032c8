import { useEffect, useState, type ReactNode } from 'react';
import type { AppInfo } from '../../../../shared/ipc/domains/app';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';
import type { Theme } from '../../hooks/useTheme';
import { ActionMessage, type ActionOutcome } from '../../components/ActionMessage';
import { RuntimeThreadsField } from './RuntimeThreadsField';

export interface SettingsPageProps {
  readonly info: AppInfo | undefined;
  readonly theme: Theme;
  readonly onThemeChange: (theme: Theme) => void;
}

/** Station settings. Theme is per browser profile; the data directory is chosen when the host starts. */
export function SettingsPage({ info, theme, onThemeChange }: SettingsPageProps): ReactNode {
  return (
    <section className="panel settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <OperatorField />
      <RuntimeThreadsField />
      <fieldset>
        <legend>Theme (Alt+T)</legend>
        {(['dark', 'light'] as const).map((t) => (
          <label key={t}>
            <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => onThemeChange(t)} /> {t}
          </label>
        ))}
      </fieldset>
      <dl className="facts">
        <dt>Version</dt>
        <dd>{info?.version ?? '…'}</dd>
        <dt>Host</dt>
        <dd>{info?.host ?? '…'}</dd>
        <dt>Data directory</dt>
        <dd data-testid="settings-data-dir">{info?.dataDir ?? '…'}</dd>
        <dt>Platform</dt>
        <dd>{info ? `${info.platform}, Node ${info.nodeVersion}` : '…'}</dd>
        <dt>Started</dt>
        <dd>{info ? new Date(info.startedAt).toLocaleString() : '…'}</dd>
      </dl>
    </section>
  );
}

/** Who is at the station: recorded by every audit entry, model activation, actuator action, test run and calibration. */
function OperatorField(): ReactNode {
  const [name, setName] = useState('');
  const [message, setMessage] = useState<ActionOutcome | undefined>();
  useEffect(() => {
    api.call('station.operator', {}).then((o) => setName(o.name), () => undefined);
  }, []);
  const save = (): void => {
    api.call('station.setOperator', { name }).then(
      (o) => (setName(o.name), setMessage({ text: `Recorded as ${o.name} from now on.`, error: false })),
      (e: unknown) => setMessage({ text: messageOf(e), error: true }),
    );
  };
  return (
    <fieldset>
      <legend>Operator</legend>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && save()} data-testid="settings-operator" />
      </label>{' '}
      <button type="button" onClick={save} data-testid="settings-operator-save">
        Save
      </button>
      <p className="muted">Recorded with every audit entry, model activation, actuator action, test run and calibration.</p>
      <ActionMessage outcome={message} testId="settings-operator-message" />
    </fieldset>
  );
}
