import type { ReactNode } from 'react';
import type { DecodedOutput, Prediction } from '../../../../shared/domain/prediction';
import type { DeviceChannel } from '../../../../shared/domain/deviceProfile';
import { ReconstructionOverlay, type ReferencedRegression, type ReferenceFrames } from './ReconstructionOverlay';

type Of<K extends DecodedOutput['kind']> = Extract<DecodedOutput, { kind: K }>;

/** Probabilities as bars, the top class highlighted. */
function ProbabilityBars({ labels, probabilities, highlight, thresholds }: { labels: string[]; probabilities: number[]; highlight: (label: string) => boolean; thresholds?: number[] }): ReactNode {
  return (
    <ul className="prob-bars">
      {labels.map((label, i) => (
        <li key={label} className={highlight(label) ? 'is-active' : undefined}>
          <span className="prob-label">{label}</span>
          <span className="prob-track">
            <span className="prob-fill" style={{ width: `${Math.round(probabilities[i] * 100)}%` }} />
            {thresholds ? <span className="prob-threshold" style={{ left: `${Math.round(thresholds[i] * 100)}%` }} /> : null}
          </span>
          <span className="prob-value">{(probabilities[i] * 100).toFixed(0)} %</span>
        </li>
      ))}
    </ul>
  );
}

function ClassificationView({ output }: { output: Of<'classification'> }): ReactNode {
  return (
    <div>
      <p className="big-reading" data-testid="prediction-top">
        {output.top} <span className="muted">{(output.topProbability * 100).toFixed(0)} %</span>
      </p>
      <ProbabilityBars labels={output.labels} probabilities={output.probabilities} highlight={(l) => l === output.top} />
    </div>
  );
}

function MultilabelView({ output }: { output: Of<'multilabel'> }): ReactNode {
  return (
    <div>
      <p className="big-reading" data-testid="prediction-active">
        {output.active.length > 0 ? output.active.join(', ') : <span className="muted">no notes above threshold</span>}
      </p>
      <ProbabilityBars labels={output.labels} probabilities={output.probabilities} highlight={(l) => output.active.includes(l)} />
    </div>
  );
}

function RegressionView({ output }: { output: Of<'regression'> }): ReactNode {
  if (output.values.length === 1) {
    return (
      <p className="big-reading" data-testid={`prediction-${output.name}`}>
        {output.values[0].toFixed(2)} <span className="muted">{output.units}</span>
      </p>
    );
  }
  return (
    <p className="muted" data-testid={`prediction-${output.name}`}>
      {output.values.length} values ({output.units}); first: {output.values.slice(0, 4).map((v) => v.toFixed(3)).join(', ')} …
    </p>
  );
}

/** The echolocation estimate in the array's plane, metres, with a fading trail. */
function LocalisationView({ history, channels }: { history: Of<'localisation'>[]; channels: readonly DeviceChannel[] }): ReactNode {
  const size = 220;
  // Metres shown each side of the array centre (and in front of it): at least 1 m, grown to keep the trail in view.
  const span = Math.max(1, ...history.flatMap((h) => [Math.abs(h.position[0]), h.position[1]]).filter(Number.isFinite)) * 1.1;
  const toPx = (x: number, y: number): [number, number] => [size / 2 + (x / span) * (size / 2), size - (y / span) * size * 0.9 - 10];
  // The array as its profile places the sensors (none drawn for a profile without positions).
  const receivers = channels.flatMap((c) => (c.position ? [c.position] : []));
  const latest = history.at(-1);
  return (
    <figure className="xy-figure">
      <svg width={size} height={size} role="img" aria-label="Target position, metres" data-testid="prediction-position">
        <rect x="0" y="0" width={size} height={size} className="xy-frame" />
        {receivers.map(([x, y], i) => {
          const [px, py] = toPx(x, y);
          return <rect key={i} x={px - 3} y={py - 3} width="6" height="6" className="xy-receiver" />;
        })}
        {history.map((h, i) => {
          const [px, py] = toPx(h.position[0], h.position[1]);
          return <circle key={i} cx={px} cy={py} r={i === history.length - 1 ? 5 : 2.5} className="xy-point" opacity={(i + 1) / history.length} />;
        })}
        <text x="4" y={size - 4} className="xy-axis-label">
          x, y (m) · ±{span.toFixed(1)} m
        </text>
      </svg>
      <figcaption>{latest ? `x ${latest.position[0].toFixed(3)} m · y ${latest.position[1].toFixed(3)} m` : '–'}</figcaption>
    </figure>
  );
}

function EventsView({ predictions, name }: { predictions: Prediction[]; name: string }): ReactNode {
  const events = predictions.flatMap((p) => p.outputs.filter((o): o is Of<'events'> => o.kind === 'events' && o.name === name).flatMap((o) => o.events));
  const last = predictions.at(-1);
  const windowS = 10;
  const recent = last ? events.filter((e) => e.deviceTimeS > last.deviceTimeS - windowS) : [];
  const cadence = recent.length > 1 ? ((recent.length - 1) / (recent.at(-1)!.deviceTimeS - recent[0].deviceTimeS)) * 60 : 0;
  return (
    <div>
      <p className="big-reading" data-testid="prediction-events">
        {events.length} {events[0]?.label ?? 'event'}s <span className="muted">· {cadence.toFixed(0)} /min over the last {windowS} s</span>
      </p>
      <div className="event-strip" aria-label="Recent events">
        {last
          ? recent.map((e, i) => <span key={i} className="event-tick" style={{ left: `${((e.deviceTimeS - (last.deviceTimeS - windowS)) / windowS) * 100}%` }} />)
          : null}
      </div>
    </div>
  );
}

/**
 * One panel per output of the running model, in the manifest's terms; `frames` (the device's live
 * stream) lets a regression output that names its reference channels be drawn over them.
 */
export function PredictionViews({ predictions, frames, channels }: { predictions: Prediction[]; frames?: ReferenceFrames; channels: readonly DeviceChannel[] }): ReactNode {
  const latest = predictions.at(-1);
  if (!latest) return <p className="muted">Waiting for the first prediction…</p>;
  return (
    <div className="prediction-grid">
      {latest.outputs.map((output) => (
        <section key={output.name} className={`prediction-card${isOverlay(output) ? ' is-wide' : ''}`} aria-label={output.name}>
          <h3>{output.name}</h3>
          {renderOutput(output, predictions, frames, channels)}
        </section>
      ))}
    </div>
  );
}

/** A regression output whose values estimate named device channels is drawn over them. */
function isOverlay(output: DecodedOutput): output is ReferencedRegression {
  return output.kind === 'regression' && output.referenceChannels !== undefined;
}

function renderOutput(output: DecodedOutput, predictions: Prediction[], frames: ReferenceFrames | undefined, channels: readonly DeviceChannel[]): ReactNode {
  if (isOverlay(output)) return <ReconstructionOverlay output={output} predictions={predictions} frames={frames} numbers={<RegressionView output={output} />} />;
  switch (output.kind) {
    case 'classification':
      return <ClassificationView output={output} />;
    case 'multilabel':
      return <MultilabelView output={output} />;
    case 'regression':
      return <RegressionView output={output} />;
    case 'localisation':
      return (
        <LocalisationView
          history={predictions.slice(-30).flatMap((p) => p.outputs.filter((o): o is Of<'localisation'> => o.kind === 'localisation' && o.name === output.name))}
          channels={channels}
        />
      );
    case 'actuator':
      return (
        <p className="big-reading">
          {output.value.toFixed(3)} <span className="muted">{output.units} (model output, before the guard)</span>
        </p>
      );
    case 'events':
      return <EventsView predictions={predictions} name={output.name} />;
  }
}
