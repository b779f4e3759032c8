import type { ReactNode } from 'react';

export interface EmptyStateProps {
  readonly title: string;
  /** What this screen will hold. */
  readonly children: ReactNode;
  /** What the operator can do now. */
  readonly next?: ReactNode;
  readonly testId?: string;
}

/** An honest empty screen: what belongs here and what to do next. */
export function EmptyState({ title, children, next, testId }: EmptyStateProps): ReactNode {
  return (
    <section className="empty-state" data-testid={testId ?? 'empty-state'}>
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
      {next ? <div className="empty-state-next">{next}</div> : null}
    </section>
  );
}
