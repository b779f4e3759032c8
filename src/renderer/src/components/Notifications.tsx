import type { ReactNode } from 'react';
import type { SystemEvent } from '../../../shared/ipc/domains/app';

function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour12: false });
}

/** The notifications button and its panel, fed by `system.events`. Warnings and errors are counted. */
export interface NotificationsProps {
  readonly events: readonly SystemEvent[];
  readonly open: boolean;
  readonly onToggle: () => void;
}

export function Notifications({ events, open, onToggle }: NotificationsProps): ReactNode {
  const attention = events.filter((e) => e.level === 'warn' || e.level === 'error').length;
  return (
    <div className="notifications">
      <button
        type="button"
        className="notifications-button"
        aria-expanded={open}
        aria-controls="notifications-panel"
        data-testid="notifications-button"
        onClick={onToggle}
        title="Notifications (Alt+N)"
      >
        Notifications <span className={attention > 0 ? 'badge badge-warn' : 'badge'}>{attention > 0 ? attention : events.length}</span>
      </button>
      {open ? (
        <div id="notifications-panel" className="notifications-panel" data-testid="notifications-panel">
          {events.length === 0 ? (
            <p className="muted">No notifications yet. Device, model and test events will appear here.</p>
          ) : (
            <ol>
              {[...events].reverse().map((e) => (
                <li key={e.id} className={`level-${e.level}`}>
                  <time>{formatTime(e.time)}</time> <span className="source">{e.source}</span> {e.message}
                </li>
              ))}
            </ol>
          )}
        </div>
      ) : null}
    </div>
  );
}
