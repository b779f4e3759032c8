/**
 * The console's screens, in navigation order (Alt+1 … Alt+8 jump to them). `holds` and `next`
 * are the empty-state texts a screen shows until it has something to display.
 */
export const PAGES = [
  {
    id: 'devices',
    title: 'Devices',
    holds: 'Serial ports and simulated devices, their profiles, connection state and live health (rate, jitter, dropped frames, errors).',
    next: 'Connect a demo device or a serial port.',
  },
  {
    id: 'live',
    title: 'Live',
    holds: 'Live plots of every connected device, prediction panels and the health of the data path.',
    next: 'Until a device is connected, the built-in test signal below shows the stream path working.',
  },
  {
    id: 'models',
    title: 'Models',
    holds: 'Imported model packages, their versions and aliases, activation, shadow runs, rollback and the deployment history.',
    next: 'No model packages are imported yet. Model import arrives with the model registry.',
  },
  {
    id: 'calibration',
    title: 'Calibration',
    holds: 'Guided calibration procedures per device, calibration profiles with their history, expiry and certificates.',
    next: 'Connect a device first; its calibration procedures will be offered here.',
  },
  {
    id: 'tests',
    title: 'Tests',
    holds: 'Hardware-in-the-loop test suites, operator runs with per-step progress, and the history of run records and reports.',
    next: 'No test runs yet. Suites for the five demo systems will be listed here.',
  },
  {
    id: 'validation',
    title: 'Validation',
    holds: 'Offline validation of model versions on recorded or dataset files: metrics, confusion matrices, A/B comparison and drift.',
    next: 'No validation runs yet. Record a session or choose a dataset to validate a model on it.',
  },
  {
    id: 'recordings',
    title: 'Recordings',
    holds: 'Recorded sessions (MCAP) with their devices, duration and tags; playback, export and scroll-back.',
    next: 'No recordings yet. Recording starts from the Live page once a device is connected.',
  },
  {
    id: 'settings',
    title: 'Settings',
    holds: 'Operator name, theme, data directory and station settings.',
    next: '',
  },
] as const;

export type PageId = (typeof PAGES)[number]['id'];
export type PageSpec = (typeof PAGES)[number];

export const DEFAULT_PAGE: PageId = 'live';

export function isPageId(value: string): value is PageId {
  return PAGES.some((p) => p.id === value);
}
