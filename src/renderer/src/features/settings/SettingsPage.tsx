import type { ReactNode } from 'react';
import type { AppInfo } from '../../../../shared/ipc/domains/app';
import type { Theme } from '../../hooks/useTheme';

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
