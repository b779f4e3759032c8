import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type uPlot from 'uplot';
import type { DeviceChannel } from '../../../../shared/domain/deviceProfile';
import type { DecodedOutput, Prediction } from '../../../../shared/domain/prediction';
import { PlotController } from '../../components/plot/plotController';
import { RollingPlot, type PlotFrame, type RollingPlotSeries } from '../../components/plot/RollingPlot';
import type { LiveSource } from '../live/liveSource';
import { X_LABELS } from '../live/LiveSeriesPlot';
import { alignReconstruction, overlayChannels, overlayError, ringReference, type OverlayChannel } from './reconstructionOverlay';

/** The device's frames the estimates are compared with: its live stream and its channels. */
export interface ReferenceFrames {
  readonly source: LiveSource;
  readonly channels: readonly DeviceChannel[];
}

/** A regression output whose values estimate named device channels. */
export type ReferencedRegression = Extract<DecodedOutput, { kind: 'regression' }> & { readonly referenceChannels: readonly string[] };

/** Channels overlaid before the operator picks: enough to judge, few enough to stay calm. */
const DEFAULT_CHANNELS = 3;
const PLOT_HEIGHT = 200;

/**
 * A regression output drawn over its reference channels (the augmenter's reconstructed
 * high-quality signal over the reference rig's), one plot per picked channel with the running
 * MAE and RMSE between them; without reference channels, a note saying so above the plain `numbers`.
 */
export function ReconstructionOverlay({ output, predictions, frames, numbers }: { output: ReferencedRegression; predictions: Prediction[]; frames: ReferenceFrames | undefined; numbers: ReactNode }): ReactNode {
  const { referenceChannels } = output;
  const available = useMemo(() => overlayChannels(referenceChannels, frames?.channels ?? [], output.units), [frames, referenceChannels, output.units]);
  const [picked, setPicked] = useState<readonly string[]>(() => available.slice(0, DEFAULT_CHANNELS).map((c) => c.name));

  if (!frames || available.length === 0) {
    return (
      <div data-testid={`overlay-empty-${output.name}`}>
        <p className="muted">
          The reference rig is not attached: this device has no {referenceChannels[0]}…{referenceChannels.at(-1)} channels to compare the estimate with. Connect the device with its reference sensors to see the overlay and its error.
        </p>
        {numbers}
      </div>
    );
  }
  const toggle = (name: string, on: boolean): void => setPicked((p) => (on ? available.map((c) => c.name).filter((n) => n === name || p.includes(n)) : p.filter((n) => n !== name)));
  return (
    <div data-testid={`overlay-${output.name}`}>
      <details className="overlay-picker">
        <summary>
          Channels ({picked.length} of {available.length})
        </summary>
        <div className="overlay-picker-grid" role="group" aria-label="Channels to overlay">
          {available.map((c) => (
            <label key={c.name}>
              <input type="checkbox" checked={picked.includes(c.name)} onChange={(e) => toggle(c.name, e.target.checked)} data-testid={`overlay-pick-${c.name}`} /> {c.name}
            </label>
          ))}
        </div>
      </details>
      {picked.length === 0 ? <p className="muted">No channel picked: open Channels above to choose which to overlay.</p> : null}
      {available
        .filter((c) => picked.includes(c.name))
        .map((c) => (
          <OverlayPlot key={c.name} {...c} outputName={output.name} predictions={predictions} source={frames.source} />
        ))}
    </div>
  );
}

const format = (v: number, unit: string): string => (Number.isFinite(v) ? `${v.toPrecision(3)} ${unit}` : '–');

// Props are primitives: the device list is re-fetched every second, and a new series identity would re-create the chart.
function OverlayPlot({ name, element, column, unit, outputName, predictions, source }: OverlayChannel & { outputName: string; predictions: Prediction[]; source: LiveSource }): ReactNode {
  const [controller] = useState(() => new PlotController());
  // The acquisition ring, not the paused view's copy: predictions keep coming while the view is paused.
  const overlay = useMemo(() => alignReconstruction(predictions, outputName, element, ringReference(source.live, column)), [predictions, outputName, element, column, source]);
  const error = useMemo(() => overlayError(overlay), [overlay]);
  const series = useMemo<RollingPlotSeries[]>(() => [{ label: `${name} reference`, unit }, { label: `${name} estimate`, unit }], [name, unit]);

  useEffect(() => {
    const first = overlay.time[0] ?? Number.NaN;
    const last = overlay.time.at(-1) ?? Number.NaN;
    // Show every kept prediction: the error below is computed over the same span.
    controller.configure(Number.isFinite(last - first) && last > first ? last - first : 1, null);
    controller.follow(first, last);
  }, [controller, overlay]);

  const drawn = useRef<unknown>(null);
  const pull = useCallback((): PlotFrame | undefined => {
    if (drawn.current === overlay) return undefined;
    drawn.current = overlay;
    return { data: [overlay.time, overlay.reference, overlay.estimate] as uPlot.AlignedData, decimated: false };
  }, [overlay]);

  const referenceMissing = overlay.time.length > 0 && overlay.reference.every((v) => v === null);
  return (
    <figure className="live-plot" data-testid={`overlay-plot-${name}`}>
      <RollingPlot series={series} xLabel={X_LABELS.device} yLabel={`${name} (${unit})`} height={PLOT_HEIGHT} controller={controller} pull={pull} testId={`overlay-chart-${name}`} />
      <figcaption className="muted" data-testid={`overlay-error-${name}`} data-mae={error.mae} data-rmse={error.rmse} data-count={error.count}>
        {referenceMissing
          ? `No reference samples from ${name} for these predictions — is the reference rig connected?`
          : `MAE ${format(error.mae, unit)} · RMSE ${format(error.rmse, unit)} over the last ${error.count} predictions`}
      </figcaption>
    </figure>
  );
}
