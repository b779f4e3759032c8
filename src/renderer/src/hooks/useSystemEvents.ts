import { useEffect, useState } from 'react';
import type { SystemEvent } from '../../../shared/ipc/domains/app';
import { api } from '../bridge/api';

const KEEP = 100;

/** Notifications from the core: the recent history on mount, then live `system.events`. */
export function useSystemEvents(): SystemEvent[] {
  const [events, setEvents] = useState<SystemEvent[]>([]);
  useEffect(() => {
    const add = (incoming: SystemEvent[]): void =>
      setEvents((current) => {
        const seen = new Set(current.map((e) => e.id));
        return [...current, ...incoming.filter((e) => !seen.has(e.id))].slice(-KEEP);
      });
    const unsubscribe = api.on('system.events', (event) => add([event]));
    api.call('system.recentEvents', { limit: KEEP }).then(add, () => undefined);
    return unsubscribe;
  }, []);
  return events;
}
