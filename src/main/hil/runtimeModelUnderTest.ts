import type { DeviceFamily, DeviceProfile } from '../../shared/domain/deviceProfile';
import type { DeviceSourceSpec } from '../../shared/ipc/domains/devices';
import { defaultProfileOf, findShippedProfile } from '../devices/profiles/shippedProfiles';
import type { ModelManifest } from '../../shared/domain/modelManifest';
import type { DecodedOutput } from '../../shared/domain/prediction';
import type { InferenceChannelFactory } from '../inference/IInferenceChannel';
import { InferenceHostClient } from '../inference/inferenceHostClient';
import type { ModelPackage } from '../inference/modelPackage';
import { LatencyStats } from '../pipeline/latencyStats';
import { liveInputOf, planLiveModel } from '../pipeline/liveModel';
import { decodeOutput, PerSampleEventDetector } from '../pipeline/outputDecoding';
import type { Window } from '../pipeline/windower';
import type { IModelUnderTest, ModelOutput, ModelWindow } from './hilContext';

/** A decoded output as the named numbers and label a suite's expectations read. */
function toModelOutput(outputs: readonly DecodedOutput[]): ModelOutput {
  const values: Record<string, number> = {};
  let label: string | undefined;
  for (const o of outputs) {
    switch (o.kind) {
      case 'classification':
        label ??= o.top;
        values[`${o.name}_confidence`] = o.topProbability;
        break;
      case 'multilabel':
        label ??= o.active.join(',');
        o.labels.forEach((l, i) => (values[`${o.name}_${l}`] = o.probabilities[i]));
        break;
      case 'localisation':
        o.axes.forEach((axis, i) => (values[axis] = o.position[i]));
        break;
      case 'regression':
        if (o.values.length === 1) values[o.name] = o.values[0];
        else o.values.forEach((v, i) => (values[`${o.name}_${i}`] = v));
        break;
      case 'actuator':
        values[o.name] = o.value;
        break;
      case 'events':
        values[`${o.name}_events`] = o.events.length;
        break;
    }
  }
  return label === undefined ? { values } : { label, values };
}

/** How a suite's windows become the live pipeline's windows for one device's frames. */
interface SuiteWindows {
  readonly input: IModelUnderTest['input'];
  toWindow(w: ModelWindow, index: number): Window;
}

/** Stream and waveform devices: the model's channels, in its order, from windows of frames (or one waveform frame). */
function streamWindows(profile: DeviceProfile, manifest: ModelManifest): SuiteWindows {
  const { plan } = planLiveModel(profile, manifest);
  const names = manifest.inputs[0].channels ?? profile.channels.map((c) => c.name);
  // Suites hand windows with the chosen channels in profile order; the model wants its own order.
  const profileOrder = [...plan.columns].sort((a, b) => a - b);
  const columnOf = plan.columns.map((c) => profileOrder.indexOf(c));
  const waveform = plan.samplesPerChannel;
  return {
    input: { channels: names, windowFrames: waveform === undefined ? plan.length : 1, hopFrames: waveform === undefined ? plan.hop : 1 },
    toWindow(w) {
      const channels = plan.columns.length;
      const length = waveform ?? w.shape[0];
      const data = new Float32Array(channels * length);
      for (let c = 0; c < channels; c++) {
        for (let k = 0; k < length; k++) {
          // Waveform: one frame holding each channel's samples in turn; stream: frames × channels.
          data[c * length + k] = waveform !== undefined ? w.values[columnOf[c] * waveform + k] : w.values[k * channels + columnOf[c]];
        }
      }
      const firstFrame = w.startFrame ?? 0;
      return { data, channels, length, sampleTimesS: new Float64Array(length), endSeq: firstFrame + length - 1, endDeviceTimeS: 0, endHostTimeMs: 0 };
    },
  };
}

/** Tensor devices (a satellite series and its cloud mask): each window is one whole frame of the device's layout. */
function tensorWindows(profile: DeviceProfile): SuiteWindows {
  return {
    input: { channels: profile.channels.map((c) => c.name), windowFrames: 1, hopFrames: 1 },
    toWindow: (w, index) => ({
      data: w.values,
      channels: w.values.length,
      length: 1,
      sampleTimesS: new Float64Array(1),
      endSeq: w.startFrame ?? index,
      endDeviceTimeS: 0,
      endHostTimeMs: 0,
    }),
  };
}

/**
 * The model under test of a HIL run, on the real out-of-process runtime: live windows as a suite
 * cuts them, normalised, fed and decoded exactly as the live pipeline does.
 */
function runtimeModelUnderTest(pkg: Pick<ModelPackage, 'manifest'>, client: InferenceHostClient, profile: DeviceProfile): IModelUnderTest {
  const { manifest } = pkg;
  const suite = profile.frameLayout?.kind === 'tensor' ? tensorWindows(profile) : streamWindows(profile, manifest);
  const live = liveInputOf(profile, manifest);
  const latency = new LatencyStats();
  let events = new PerSampleEventDetector();
  let lastStartFrame = -1;
  /** A capture's windows come in order; a window that does not follow the last one starts a new capture. */
  const detectorFor = (w: ModelWindow): PerSampleEventDetector => {
    const start = w.startFrame ?? -1;
    if (start <= lastStartFrame) events = new PerSampleEventDetector();
    lastStartFrame = start;
    return events;
  };

  return {
    version: `${manifest.name}@${manifest.version}`,
    input: suite.input,
    async predict(windows, signal) {
      signal.throwIfAborted();
      if (windows.length === 0) return [];
      const prepared = windows.map((w, i) => suite.toWindow(w, i));
      const result = await client.run(live.feeds(manifest, prepared));
      latency.add(result.latencyUs / 1000);
      return prepared.map((w, b) => {
        const detector = detectorFor(windows[b]);
        return toModelOutput(manifest.outputs.map((o) => decodeOutput(o, result.outputs[o.name], b, w, detector)));
      });
    },
    latencyP95Ms: () => (latency.count > 0 ? latency.percentile(95) : undefined),
  };
}

/**
 * The profile a suite's device speaks (its spec's, or the family's default when there is no device
 * or it names none); `findProfile` also knows the operator's profiles where there is a data folder.
 */
export function profileUnderTest(
  device: DeviceSourceSpec | null | undefined,
  family: DeviceFamily,
  findProfile: (profileId: string) => DeviceProfile | undefined = findShippedProfile,
): DeviceProfile | undefined {
  return device && device.kind !== 'playback' && device.profileId !== undefined ? findProfile(device.profileId) : defaultProfileOf(family);
}

/** A model under test with the runtime process it holds; dispose ends that process. */
export interface LoadedModelUnderTest {
  readonly model: IModelUnderTest;
  dispose(): Promise<void>;
}

/**
 * Loads a model package (a catalogue package or a registry version) in its own runtime process for
 * a suite on a device of `profile`. Throws, with the process ended, when the model cannot fit the
 * profile or will not load.
 */
export async function loadModelUnderTest(
  pkg: Pick<ModelPackage, 'dir' | 'manifest'>,
  profile: DeviceProfile,
  createChannel: InferenceChannelFactory,
  runtimeThreads?: () => number,
): Promise<LoadedModelUnderTest> {
  const { name, version } = pkg.manifest;
  const client = new InferenceHostClient({ createChannel, name: `model under test ${name}`, runtimeThreads });
  try {
    await client.load(pkg.dir);
    return { model: runtimeModelUnderTest(pkg, client, profile), dispose: () => client.dispose() };
  } catch (error) {
    await client.dispose();
    throw new Error(`Cannot run ${name} ${version} on ${profile.displayName}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
