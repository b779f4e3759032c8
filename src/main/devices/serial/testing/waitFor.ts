import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `condition` until it returns true; throws `Timed out after … waiting for <what>`
 * so a failing integration test says what never happened.
 */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000, pollMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}
