import { useEffect, useState } from 'react';
import type { HilProgressEvent } from '../../../../shared/domain/hilRecord';
import type { HilPrompt } from '../../../../shared/ipc/domains/hil';
import { api } from '../../bridge/api';
import { foldHilProgress, type RunView } from './hilRunView';

/**
 * The current run as a per-step view and the operator prompt: rebuilt from the core's record of the
 * run when the page opens (a run started, or a verdict reached, while the operator was on another
 * page), then kept up to date from `hil.progress` and `hil.prompt` events.
 */
export function useHilRun(): { run: RunView | undefined; prompt: HilPrompt | null } {
  const [run, setRun] = useState<RunView | undefined>();
  const [prompt, setPrompt] = useState<HilPrompt | null>(null);
  useEffect(() => {
    let live = false;
    const offPrompt = api.on('hil.prompt', setPrompt);
    const offProgress = api.on('hil.progress', (event: HilProgressEvent) => {
      live = true;
      setRun((current) => foldHilProgress(current, event));
    });
    api.call('hil.current', {}).then(
      (current) => {
        // Events that arrived meanwhile are newer than this snapshot: keep them.
        if (live) return;
        setRun(current.events.reduce<RunView | undefined>(foldHilProgress, undefined));
        setPrompt(current.prompt);
      },
      () => undefined,
    );
    return () => {
      offPrompt();
      offProgress();
    };
  }, []);
  return { run, prompt };
}
