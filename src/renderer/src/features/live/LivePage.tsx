import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { PAGES } from '../../pages';
import { TestSignalPanel } from './TestSignalPanel';

const LIVE = PAGES.find((p) => p.id === 'live');

/** Live plots. No device source exists yet, so the page shows the test signal under an empty state. */
export function LivePage(): ReactNode {
  return (
    <div className="page-stack">
      <EmptyState title="No device connected" next={LIVE?.next} testId="empty-live">
        <p>{LIVE?.holds}</p>
      </EmptyState>
      <TestSignalPanel />
    </div>
  );
}
