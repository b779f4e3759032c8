import { useEffect, useState } from 'react';
import type { LiveModelStatus, ModelSummary } from '../../../shared/ipc/domains/inference';
import { api } from '../bridge/api';

/** The model catalogue (once) and the running models' status (every second). */
export function useInference(): { models: ModelSummary[]; running: LiveModelStatus[] } {
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [running, setRunning] = useState<LiveModelStatus[]>([]);
  useEffect(() => {
    let alive = true;
    api.call('models.list', {}).then((m) => alive && setModels(m), () => undefined);
    const poll = (): void => {
      api.call('inference.status', {}).then((s) => alive && setRunning(s), () => undefined);
    };
    poll();
    const timer = setInterval(poll, 1000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  return { models, running };
}
