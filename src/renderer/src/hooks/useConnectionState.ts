import { useEffect, useState } from 'react';
import type { ConnectionState } from '../../../shared/ipc/bridgeTypes';
import { api } from '../bridge/api';

/** Whether the renderer can currently reach the core. */
export function useConnectionState(): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => api.onConnectionChange(setState), []);
  return state;
}
