import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo } from '../../shared/ipc/domains/app';
import { api } from './bridge/api';
import { EstopButton } from './components/EstopButton';
import { Notifications } from './components/Notifications';
import { StatusBar } from './components/StatusBar';
import { CalibrationPage } from './features/calibration/CalibrationPage';
import { DevicesPage } from './features/devices/DevicesPage';
import { LivePage } from './features/live/LivePage';
import { ModelsPage } from './features/models/ModelsPage';
import { RecordingsPage } from './features/recordings/RecordingsPage';
import { TestsPage } from './features/tests/TestsPage';
import { ValidationPage } from './features/validation/ValidationPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { useHashRoute } from './hooks/useHashRoute';
import { useShortcuts, type Shortcut } from './hooks/useShortcuts';
import { useSystemEvents } from './hooks/useSystemEvents';
import { useTheme } from './hooks/useTheme';
import { PAGES, type PageSpec } from './pages';

/** The console shell: navigation, the current page, notifications and the status bar. */
export function App(): ReactNode {
  const [page, navigate] = useHashRoute();
  const { theme, setTheme, toggleTheme } = useTheme();
  const events = useSystemEvents();
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [notificationsOpen, setNotificationsOpen] = useState(false);

  useEffect(() => {
    api.call('app.info', {}).then(setInfo, () => undefined);
  }, []);

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      ...PAGES.map((p, i) => ({ key: String(i + 1), alt: true, action: () => navigate(p.id) })),
      { key: 't', alt: true, action: toggleTheme },
      { key: 'n', alt: true, action: () => setNotificationsOpen((o) => !o) },
    ],
    [navigate, toggleTheme],
  );
  useShortcuts(shortcuts);

  const current = PAGES.find((p) => p.id === page) ?? PAGES[0];

  return (
    <div className="app">
      <header className="top-bar">
        <h1 className="brand">Sensor Console</h1>
        <div className="top-actions">
          <Notifications events={events} open={notificationsOpen} onToggle={() => setNotificationsOpen((o) => !o)} />
          <EstopButton />
        </div>
      </header>
      <nav className="side-nav" aria-label="Pages">
        <ul>
          {PAGES.map((p, i) => (
            <li key={p.id}>
              <a
                href={`#/${p.id}`}
                aria-current={p.id === page ? 'page' : undefined}
                data-testid={`nav-${p.id}`}
                title={`${p.title} (Alt+${i + 1})`}
              >
                <span>{p.title}</span>
                <kbd>Alt+{i + 1}</kbd>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" data-testid={`page-${page}`}>
        {renderPage(current, info, theme, setTheme)}
      </main>
      <StatusBar info={info} />
    </div>
  );
}

function renderPage(page: PageSpec, info: AppInfo | undefined, theme: ReturnType<typeof useTheme>['theme'], setTheme: (t: 'dark' | 'light') => void): ReactNode {
  switch (page.id) {
    case 'live':
      return <LivePage />;
    case 'settings':
      return <SettingsPage info={info} theme={theme} onThemeChange={setTheme} />;
    case 'devices':
      return <DevicesPage />;
    case 'recordings':
      return <RecordingsPage />;
    case 'tests':
      return <TestsPage />;
    case 'calibration':
      return <CalibrationPage />;
    case 'validation':
      return <ValidationPage />;
    case 'models':
      return <ModelsPage />;
  }
}
