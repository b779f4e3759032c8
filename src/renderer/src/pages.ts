/** The console's screens, in navigation order (Alt+1 … Alt+8 jump to them). */
export const PAGES = [
  {
    id: 'devices',
    title: 'Devices',
  },
  {
    id: 'live',
    title: 'Live',
  },
  {
    id: 'models',
    title: 'Models',
  },
  {
    id: 'calibration',
    title: 'Calibration',
  },
  {
    id: 'tests',
    title: 'Tests',
  },
  {
    id: 'validation',
    title: 'Validation',
  },
  {
    id: 'recordings',
    title: 'Recordings',
  },
  {
    id: 'settings',
    title: 'Settings',
  },
] as const;

export type PageId = (typeof PAGES)[number]['id'];
export type PageSpec = (typeof PAGES)[number];

export const DEFAULT_PAGE: PageId = 'live';

export function isPageId(value: string): value is PageId {
  return PAGES.some((p) => p.id === value);
}
