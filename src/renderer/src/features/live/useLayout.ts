import { useCallback, useEffect, useRef, useState } from 'react';
import { defaultLiveLayout, type LiveLayout } from '../../../../shared/ipc/domains/layouts';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';

/** Saves wait this long after the last change, so dragging through settings writes once. */
const SAVE_DELAY_MS = 400;

export interface LayoutHandle {
  readonly layout: LiveLayout;
  /** Applies a change now and saves it shortly after. */
  readonly update: (change: (layout: LiveLayout) => LiveLayout) => void;
  /** Deletes the saved layout and shows the default. */
  readonly reset: () => void;
  /** A problem with the saved layout or with saving, in words for the operator. */
  readonly note: string | undefined;
}

const describe = (error: unknown): string => messageOf(error);

/** A profile's live-view layout: loaded from the data directory, saved on change, resettable. */
export function useLayout(profileId: string): LayoutHandle {
  const [layout, setLayout] = useState<LiveLayout>(defaultLiveLayout);
  const [note, setNote] = useState<string | undefined>();
  const touched = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    let alive = true;
    touched.current = false;
    api.call('layouts.get', { profileId }).then(
      (stored) => {
        if (!alive || touched.current) return;
        setLayout(stored.layout);
        setNote(stored.warning ?? undefined);
      },
      (error: unknown) => alive && setNote(`Layouts cannot be loaded or saved: ${describe(error)}`),
    );
    return () => {
      // A pending save still runs: leaving the page must not lose the last change.
      alive = false;
    };
  }, [profileId]);

  // Saves follow the operator's changes only (not a load or a reset), once they settle.
  const dirty = useRef(false);
  useEffect(() => {
    if (!dirty.current) return;
    dirty.current = false;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      api.call('layouts.save', { profileId, layout }).then(
        () => setNote(undefined),
        (error: unknown) => setNote(`The layout was not saved: ${describe(error)}`),
      );
    }, SAVE_DELAY_MS);
  }, [layout, profileId]);

  const update = useCallback((change: (layout: LiveLayout) => LiveLayout) => {
    touched.current = true;
    dirty.current = true;
    setLayout(change);
  }, []);

  const reset = useCallback(() => {
    touched.current = true;
    clearTimeout(timer.current);
    api.call('layouts.reset', { profileId }).then(
      (result) => {
        setLayout(result.layout);
        setNote(undefined);
      },
      (error: unknown) => setNote(`The layout was not reset: ${describe(error)}`),
    );
  }, [profileId]);

  return { layout, update, reset, note };
}
