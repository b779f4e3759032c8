import { useEffect, useState, type ReactNode } from 'react';
import type { DeviceInfo } from '../../../../shared/ipc/domains/devices';
import type { LiveModelStatus } from '../../../../shared/ipc/domains/inference';
import { api } from '../../bridge/api';
import { frameStats, watchFrames, type FrameStats } from '../../components/plot/frameMeter';
import { formatRate, rateLevel } from '../devices/formatHealth';
import { DriftCell, useDriftWatches } from './DriftCell';

/** Refresh period of the renderer and core timings. */
const REFRESH_MS = 1000;
/** Frame time above which the renderer is falling behind the display (60 Hz = 16.7 ms). */
const FRAME_WARN_MS = 25;

const ms = (v: number | null | undefined, digits = 1): string => (v == null ? '–' : `${v.toFixed(digits)} ms`);

export interface LiveHealthPanelProps {
  readonly devices: readonly DeviceInfo[];
  readonly models: readonly LiveModelStatus[];
}

/**
 * The data path's health at a glance: per device the measured vs nominal rate, jitter, losses and
 * reconnects (from `devices.list`) and its model's latency percentiles and dropped windows (from
 * `inference.status`), its data-drift watch; below, the renderer's own frame time and the core's event-loop lag.
 */
export function LiveHealthPanel({ devices, models }: LiveHealthPanelProps): ReactNode {
  const { frames, loopLagMs } = useTimings();
  const driftWatches = useDriftWatches();
  const frameLevel = frames.frameP95Ms != null && frames.frameP95Ms > FRAME_WARN_MS ? 'warn' : 'ok';
  return (
    <section className="panel health-panel" aria-label="Data path health" data-testid="live-health">
      <table className="data-table health-table">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Rate</th>
            <th scope="col">Jitter</th>
            <th scope="col">Dropped</th>
            <th scope="col">CRC / parse</th>
            <th scope="col">Reconnects</th>
            <th scope="col">Model latency p50 / p95 / p99</th>
            <th scope="col">Windows dropped</th>
            <th scope="col">Data drift</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => {
            const h = d.health;
            const model = models.find((m) => m.deviceId === d.id);
            const slow = model && model.latencyP99Ms != null && model.latencyP99Ms > model.latencyBudgetMs;
            return (
              <tr key={d.id} data-testid={`health-${d.id}`}>
                <th scope="row">{d.name}</th>
                <td className={`reading-inline level-${rateLevel(h)}`} data-testid="health-rate">{formatRate(h)}</td>
                <td>{ms(h.jitterMs, 2)}</td>
                <td className={h.droppedFrames > 0 ? 'level-warn reading-inline' : undefined}>{h.droppedFrames.toLocaleString()}</td>
                <td className={h.crcErrors + h.parseErrors > 0 ? 'level-warn reading-inline' : undefined}>
                  {h.crcErrors.toLocaleString()} / {h.parseErrors.toLocaleString()}
                </td>
                <td>{h.reconnects}</td>
                <td className={slow ? 'level-warn reading-inline' : undefined}>
                  {model ? `${ms(model.latencyP50Ms, 2)} / ${ms(model.latencyP95Ms, 2)} / ${ms(model.latencyP99Ms, 2)}` : <span className="muted">no model</span>}
                </td>
                <td className={model && model.windowsDropped > 0 ? 'level-warn reading-inline' : undefined}>{model ? model.windowsDropped.toLocaleString() : '–'}</td>
                <td className="drift-cell">
                  <DriftCell device={d} watch={driftWatches.find((w) => w.deviceId === d.id)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="health-footer">
        <span className={`reading-inline level-${frameLevel}`} data-testid="health-frame-time">
          Renderer frame {ms(frames.frameP50Ms)} p50 · {ms(frames.frameP95Ms)} p95 ({frames.fps == null ? '–' : frames.fps.toFixed(0)} fps), plot drawing {ms(frames.drawP95Ms)} p95
        </span>
        <span className="reading-inline" data-testid="health-loop-lag">
          Core event-loop lag {ms(loopLagMs)} p99
        </span>
      </p>
    </section>
  );
}

function useTimings(): { frames: FrameStats; loopLagMs: number | undefined } {
  const [frames, setFrames] = useState<FrameStats>(frameStats);
  const [loopLagMs, setLoopLagMs] = useState<number | undefined>();
  useEffect(() => {
    let alive = true;
    const stop = watchFrames();
    const timer = setInterval(() => {
      setFrames(frameStats());
      api.call('app.health', {}).then((h) => alive && setLoopLagMs(h.eventLoopLagP99Ms), () => undefined);
    }, REFRESH_MS);
    return () => {
      alive = false;
      stop();
      clearInterval(timer);
    };
  }, []);
  return { frames, loopLagMs };
}
