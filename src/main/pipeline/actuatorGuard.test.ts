import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActuatorGuard } from './actuatorGuard';

const spec = { name: 'actuator_command', dtype: 'float32' as const, shape: ['batch', 1], kind: 'actuator' as const, units: '1', min: -1, max: 1, maxRatePerS: 2, safeValue: 0 };

function setup(send: (v: number) => Promise<void> = async () => undefined) {
  let now = 0;
  const sent: number[] = [];
  const audit: string[] = [];
  vi.useFakeTimers();
  const guard = new ActuatorGuard({
    spec,
    send: async (v) => {
      sent.push(v);
      await send(v);
    },
    audit: (action) => audit.push(action),
    staleAfterMs: 300,
    now: () => now,
    watchdogPeriodMs: 50,
  });
  return { guard, sent, audit, advance: (ms: number) => { now += ms; vi.advanceTimersByTime(ms); } };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ActuatorGuard', () => {
  it('sends nothing while disarmed', () => {
    const { guard, sent } = setup();
    guard.onPrediction(0.5);
    expect(sent).toEqual([]);
    guard.dispose();
  });

  it('clamps to the limits and limits the rate of change', () => {
    const { guard, sent, advance } = setup();
    guard.arm('tech');
    advance(100);
    guard.onPrediction(5); // wants +5 → clamp to 1, then rate 2/s × 0.1 s = 0.2
    expect(sent.at(-1)).toBeCloseTo(0.2, 9);
    for (let i = 0; i < 10; i++) {
      advance(100);
      guard.onPrediction(5);
    }
    expect(sent.at(-1)).toBe(1);
    expect(guard.status()).toMatchObject({ armed: true, clamped: 11, rateLimited: 4 });
    guard.dispose();
  });

  it('goes safe and disarms when predictions go stale, and audits it', () => {
    const { guard, sent, audit, advance } = setup();
    guard.arm('tech');
    advance(100);
    guard.onPrediction(0.1);
    advance(400);
    expect(guard.status().armed).toBe(false);
    expect(guard.status().disarmReason).toMatch(/no prediction for/);
    expect(sent.at(-1)).toBe(0);
    expect(audit).toEqual(['actuator.arm', 'actuator.disarm']);
    guard.dispose();
  });

  it('e-stops from any state and disarms on a runtime restart', () => {
    const { guard, sent, audit } = setup();
    guard.estop('tech');
    expect(sent).toEqual([0]);
    guard.arm('tech');
    guard.onRuntimeRestart();
    expect(guard.status()).toMatchObject({ armed: false, disarmReason: 'the model runtime restarted' });
    expect(audit).toEqual(['actuator.estop', 'actuator.arm', 'actuator.disarm']);
    guard.dispose();
  });

  it('disarms when the device refuses a command (no queueing across a disconnect)', async () => {
    const { guard, advance } = setup(async () => {
      throw new Error('port is disconnected');
    });
    guard.arm('tech');
    advance(100);
    guard.onPrediction(0.1);
    await vi.runOnlyPendingTimersAsync();
    expect(guard.status().armed).toBe(false);
    expect(guard.status().disarmReason).toMatch(/port is disconnected/);
    guard.dispose();
  });
});
