import { useEffect, useState } from 'react';
import { messageOf } from '../bridge/messageOf';

export type Polled<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; message: string };

/** Calls `load` now and every `intervalMs`, keeping the latest answer or error. */
export function usePolled<T>(load: () => Promise<T>, intervalMs: number): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ status: 'loading' });
  useEffect(() => {
    let alive = true;
    const tick = (): void => {
      load().then(
        (value) => alive && setState({ status: 'ok', value }),
        (error: unknown) => alive && setState({ status: 'error', message: messageOf(error) }),
      );
    };
    tick();
    const timer = setInterval(tick, intervalMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [load, intervalMs]);
  return state;
}
