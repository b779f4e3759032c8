import type { ContractBridge } from '../shared/ipc/bridgeTypes';

declare global {
  interface Window {
    /** The contract bridge the preload exposes; absent when the renderer runs in a plain browser. */
    readonly sensorConsole?: ContractBridge;
  }
}

export {};
