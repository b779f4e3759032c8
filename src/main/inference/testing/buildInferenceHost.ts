import { fileURLToPath } from 'node:url';
import { buildNodeEntry } from '../../testing/buildNodeEntry';

/** The real inference host entry, bundled so tests fork the same process the app does. */
export function buildInferenceHost(): Promise<{ script: string; remove: () => Promise<void> }> {
  return buildNodeEntry(fileURLToPath(new URL('../inferenceHostMain.ts', import.meta.url)));
}
