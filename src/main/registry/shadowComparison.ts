import type { ModelManifest, ModelOutput } from '../../shared/domain/modelManifest';
import type { ShadowOutputStats } from '../../shared/domain/registry';
import type { HostTensor, HostTensorMap } from '../inference/hostTensor';

interface Tally {
  compared: number;
  agreed: number;
  decisions: number;
  absSum: number;
  sqSum: number;
  elements: number;
  maxAbs: number;
}

interface OutputTally {
  readonly kind: ModelOutput['kind'];
  readonly total: Tally;
  /** Classification only: labels in first-seen order, and counts[active][shadow]. */
  readonly labels: string[];
  readonly confusion: number[][];
  readonly buckets: { startMs: number; tally: Tally }[];
}

const emptyTally = (): Tally => ({ compared: 0, agreed: 0, decisions: 0, absSum: 0, sqSum: 0, elements: 0, maxAbs: 0 });

/**
 * Agreement between the active model and a shadow on the same windows, per output the two share
 * (same name and kind): classification by top class with a confusion matrix, multilabel by the
 * per-label decision, everything numeric by MAE/RMSE after denormalisation. Keeps totals and
 * fixed-width time buckets (oldest dropped) so the UI can show agreement over time.
 */
export class ShadowComparison {
  readonly #bucketMs: number;
  readonly #maxBuckets: number;
  readonly #outputs = new Map<string, OutputTally>();
  #windows = 0;

  constructor(bucketMs = 10_000, maxBuckets = 360) {
    this.#bucketMs = bucketMs;
    this.#maxBuckets = maxBuckets;
  }

  /** Windows compared so far (batch rows). */
  get windows(): number {
    return this.#windows;
  }

  add(activeManifest: ModelManifest, shadowManifest: ModelManifest, active: HostTensorMap, shadow: HostTensorMap, nowMs: number): void {
    let rows = 0;
    for (const spec of activeManifest.outputs) {
      const other = shadowManifest.outputs.find((o) => o.name === spec.name && o.kind === spec.kind);
      const a = active[spec.name];
      const s = shadow[spec.name];
      if (!other || !a || !s || a.dims[0] !== s.dims[0] || a.data.length !== s.data.length) continue;
      rows = Math.max(rows, a.dims[0]);
      const tally = this.#tallyOf(spec);
      const bucket = this.#bucketOf(tally, nowMs);
      for (const t of [tally.total, bucket]) compareInto(t, tally, spec, other, a, s, t === tally.total);
    }
    this.#windows += rows;
  }

  stats(): ShadowOutputStats[] {
    return [...this.#outputs.entries()].map(([output, t]) => {
      const numeric = t.kind !== 'classification' && t.kind !== 'multilabel';
      return {
        output,
        kind: t.kind,
        compared: t.total.compared,
        agreement: agreementOf(t.kind, t.total),
        confusion: t.kind === 'classification' ? { labels: [...t.labels], counts: t.confusion.map((row) => [...row]) } : null,
        mae: numeric && t.total.elements > 0 ? t.total.absSum / t.total.elements : null,
        rmse: numeric && t.total.elements > 0 ? Math.sqrt(t.total.sqSum / t.total.elements) : null,
        maxAbsDiff: numeric && t.total.elements > 0 ? t.total.maxAbs : null,
        series: t.buckets.map((b) => ({
          startMs: b.startMs,
          compared: b.tally.compared,
          agreement: agreementOf(t.kind, b.tally),
          mae: numeric && b.tally.elements > 0 ? b.tally.absSum / b.tally.elements : null,
        })),
      };
    });
  }

  #tallyOf(spec: ModelOutput): OutputTally {
    let tally = this.#outputs.get(spec.name);
    if (!tally) {
      tally = { kind: spec.kind, total: emptyTally(), labels: [], confusion: [], buckets: [] };
      this.#outputs.set(spec.name, tally);
    }
    return tally;
  }

  #bucketOf(tally: OutputTally, nowMs: number): Tally {
    const startMs = Math.floor(nowMs / this.#bucketMs) * this.#bucketMs;
    const last = tally.buckets[tally.buckets.length - 1];
    if (last && last.startMs === startMs) return last.tally;
    const bucket = { startMs, tally: emptyTally() };
    tally.buckets.push(bucket);
    if (tally.buckets.length > this.#maxBuckets) tally.buckets.shift();
    return bucket.tally;
  }
}

function agreementOf(kind: ModelOutput['kind'], t: Tally): number | null {
  if (kind === 'classification') return t.compared > 0 ? t.agreed / t.compared : null;
  if (kind === 'multilabel') return t.decisions > 0 ? t.agreed / t.decisions : null;
  return null;
}

/** Adds one batch's comparison to `t`; the confusion matrix is counted once (with the totals). */
function compareInto(t: Tally, out: OutputTally, spec: ModelOutput, other: ModelOutput, a: HostTensor, s: HostTensor, countConfusion: boolean): void {
  const rows = a.dims[0];
  const width = rows > 0 ? a.data.length / rows : 0;
  t.compared += rows;
  for (let r = 0; r < rows; r++) {
    const rowA = (i: number): number => Number(a.data[r * width + i]);
    const rowS = (i: number): number => Number(s.data[r * width + i]);
    switch (spec.kind) {
      case 'classification': {
        if (other.kind !== 'classification') return;
        const topA = spec.labels[argmax(rowA, width)];
        const topS = other.labels[argmax(rowS, width)];
        if (topA === topS) t.agreed += 1;
        if (countConfusion) countInto(out, topA, topS);
        break;
      }
      case 'multilabel': {
        if (other.kind !== 'multilabel') return;
        for (let i = 0; i < width; i++) {
          const pa = spec.sigmoidApplied ? rowA(i) : sigmoid(rowA(i));
          const ps = other.sigmoidApplied ? rowS(i) : sigmoid(rowS(i));
          t.decisions += 1;
          if (pa >= spec.thresholds[i] === ps >= (other.thresholds[i] ?? spec.thresholds[i])) t.agreed += 1;
        }
        break;
      }
      case 'regression':
      case 'localisation':
      case 'actuator':
      case 'events': {
        for (let i = 0; i < width; i++) {
          const d = Math.abs(physical(spec, rowA(i), i) - physical(other, rowS(i), i));
          t.absSum += d;
          t.sqSum += d * d;
          t.elements += 1;
          if (d > t.maxAbs) t.maxAbs = d;
        }
        break;
      }
      default: {
        const unreachable: never = spec;
        return unreachable;
      }
    }
  }
}

function countInto(out: OutputTally, active: string, shadow: string): void {
  for (const label of [active, shadow]) {
    if (out.labels.includes(label)) continue;
    out.labels.push(label);
    for (const row of out.confusion) row.push(0);
    out.confusion.push(new Array<number>(out.labels.length).fill(0));
  }
  out.confusion[out.labels.indexOf(active)][out.labels.indexOf(shadow)] += 1;
}

/** A regression output's value in its units (denormalised per element of the last axis). */
function physical(spec: ModelOutput, value: number, index: number): number {
  if (spec.kind !== 'regression' || !spec.denormalisation) return value;
  const k = index % spec.denormalisation.mean.length;
  return value * spec.denormalisation.std[k] + spec.denormalisation.mean[k];
}

function argmax(value: (i: number) => number, width: number): number {
  let best = 0;
  for (let i = 1; i < width; i++) if (value(i) > value(best)) best = i;
  return best;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
