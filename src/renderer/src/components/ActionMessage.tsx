import type { ReactNode } from 'react';

/** What came of an operator's action: a confirmation, or an error. */
export interface ActionOutcome {
  readonly text: string;
  readonly error: boolean;
}

/** An action's outcome under the controls: errors announced as alerts, confirmations as status; nothing without one. */
export function ActionMessage({ outcome, testId }: { readonly outcome: ActionOutcome | undefined; readonly testId?: string }): ReactNode {
  if (!outcome) return null;
  return (
    <p className={outcome.error ? 'error-text' : 'muted'} role={outcome.error ? 'alert' : 'status'} data-testid={testId}>
      {outcome.text}
    </p>
  );
}

/** An error under the controls, announced as an alert; nothing while there is none. */
export function ErrorAlert({ message, testId }: { readonly message: string | undefined; readonly testId?: string }): ReactNode {
  return <ActionMessage outcome={message === undefined ? undefined : { text: message, error: true }} testId={testId} />;
}
