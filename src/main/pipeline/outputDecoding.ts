import type { ModelOutput } from '../../shared/domain/modelManifest';
import type { DecodedOutput } from '../../shared/domain/prediction';
import type { HostTensor } from '../inference/hostTensor';
import type { Window } from './windower';

function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * Turns per-sample event scores into events: a sample is an event when its score reaches the
 * threshold and is the highest within `minDistance` samples on either side. Stateful across
 * windows, so an event near a window's edge is neither lost nor found twice.
 */
export class PerSampleEventDetector {
  #lastEventSample = -Infinity;

  detect(output: Extract<ModelOutput, { kind: 'events' }>, scores: ArrayLike<number>, window: Window): DecodedOutput {
    const per = output.perSample;
    const events: { label: string; deviceTimeS: number; score: number }[] = [];
    if (per) {
      const firstSample = window.endSeq - window.length + 1;
      for (let i = per.trustedStart; i < per.trustedEnd; i++) {
        const p = scores[i];
        if (!(p >= output.threshold)) continue;
        let peak = true;
        for (let j = Math.max(0, i - per.minDistanceSamples); j <= Math.min(scores.length - 1, i + per.minDistanceSamples) && peak; j++) {
          if (j < i ? scores[j] >= p : j > i && scores[j] > p) peak = false;
        }
        const sample = firstSample + i;
        if (peak && sample - this.#lastEventSample >= per.minDistanceSamples) {
          this.#lastEventSample = sample;
          events.push({ label: output.labels[0], deviceTimeS: window.sampleTimesS[i], score: p });
        }
      }
    } else {
      output.labels.forEach((label, i) => {
        if (scores[i] >= output.threshold) events.push({ label, deviceTimeS: window.endDeviceTimeS, score: scores[i] });
      });
    }
    return { kind: 'events', name: output.name, labels: output.labels, events };
  }
}

/** Decodes window `b` of a batch output tensor as its manifest describes it. */
export function decodeOutput(output: ModelOutput, tensor: HostTensor, b: number, window: Window, events: PerSampleEventDetector): DecodedOutput {
  let per = 1;
  for (let d = 1; d < tensor.dims.length; d++) per *= tensor.dims[d];
  // A plain loop: this runs per window on the live path, where Array.from + map cost more than the model.
  const raw = new Array<number>(per);
  const data = tensor.data;
  for (let i = 0; i < per; i++) raw[i] = Number(data[b * per + i]);
  switch (output.kind) {
    case 'classification': {
      const probabilities = output.softmaxApplied ? raw : softmax(raw);
      const top = probabilities.indexOf(Math.max(...probabilities));
      return { kind: 'classification', name: output.name, labels: output.labels, probabilities, top: output.labels[top], topProbability: probabilities[top] };
    }
    case 'regression': {
      const d = output.denormalisation;
      if (d) for (let i = 0; i < raw.length; i++) raw[i] = raw[i] * d.std[i % d.std.length] + d.mean[i % d.mean.length];
      const values = raw;
      const { referenceChannels } = output;
      return { kind: 'regression', name: output.name, units: output.units, values, ...(referenceChannels ? { referenceChannels } : {}) };
    }
    case 'localisation':
      return { kind: 'localisation', name: output.name, axes: output.axes, position: raw };
    case 'multilabel': {
      const probabilities = output.sigmoidApplied ? raw : raw.map(sigmoid);
      const active = output.labels.filter((_, i) => probabilities[i] >= output.thresholds[i]);
      return { kind: 'multilabel', name: output.name, labels: output.labels, probabilities, active };
    }
    case 'actuator':
      return { kind: 'actuator', name: output.name, units: output.units, value: raw[0] };
    case 'events':
      return events.detect(output, raw, window);
  }
}
