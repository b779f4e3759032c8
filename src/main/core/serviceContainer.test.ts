import { describe, expect, it } from 'vitest';
import { ServiceContainer, type IService } from './serviceContainer';

function recorder() {
  const calls: string[] = [];
  const service = (name: string, opts: { failStart?: boolean; health?: IService['health'] } = {}): IService => ({
    name,
    start: async () => {
      calls.push(`start ${name}`);
      if (opts.failStart) throw new Error(`${name} has no port`);
    },
    stop: () => {
      calls.push(`stop ${name}`);
    },
    health: opts.health,
  });
  return { calls, service };
}

describe('ServiceContainer', () => {
  it('starts in order, stops in reverse', async () => {
    const { calls, service } = recorder();
    const c = new ServiceContainer(() => undefined);
    c.register(service('storage'));
    c.register(service('devices'));
    await c.startAll();
    expect(c.health().overall).toBe('running');
    await c.stopAll();
    expect(calls).toEqual(['start storage', 'start devices', 'stop devices', 'stop storage']);
    expect(c.health().services.map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });

  it('keeps starting the others when one fails and reports it as failed', async () => {
    const { calls, service } = recorder();
    const errors: string[] = [];
    const c = new ServiceContainer((name, e) => errors.push(`${name}: ${(e as Error).message}`));
    c.register(service('a'));
    c.register(service('b', { failStart: true }));
    c.register(service('c'));
    await c.startAll();
    expect(calls).toEqual(['start a', 'start b', 'start c']);
    expect(errors).toEqual(['b: b has no port']);
    const health = c.health();
    expect(health.overall).toBe('failed');
    expect(health.services[1]).toMatchObject({ name: 'b', state: 'failed', detail: 'b has no port' });
    await c.stopAll();
    expect(calls).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop a']);
  });

  it("reports a running service's own degraded state", async () => {
    const { service } = recorder();
    const c = new ServiceContainer(() => undefined);
    c.register(service('inference', { health: () => ({ state: 'degraded', detail: 'model host restarting' }) }));
    await c.startAll();
    expect(c.health()).toMatchObject({ overall: 'degraded', services: [{ state: 'degraded', detail: 'model host restarting' }] });
  });

  it('refuses two services with one name', () => {
    const { service } = recorder();
    const c = new ServiceContainer(() => undefined);
    c.register(service('x'));
    expect(() => c.register(service('x'))).toThrow(/registered twice/);
  });
});
