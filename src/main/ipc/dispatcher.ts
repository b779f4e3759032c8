import type { z } from 'zod';
import {
  contract,
  isMethodName,
  isStreamName,
  streamSpec,
  type MethodName,
  type MethodOutput,
  type Methods,
  type StreamData,
  type StreamName,
  type Streams,
} from '../../shared/ipc/contract';
import { ContractError, describeZodIssues, type ContractErrorShape } from '../../shared/ipc/contractError';
import type { CallOutcome } from '../../shared/ipc/bridgeTypes';
import { StreamCoalescer, type StreamTransportSink } from './streamCoalescer';

/** The core's implementation of every contract method; inputs arrive already validated. */
export type MethodHandlers = {
  [K in MethodName]: (input: z.output<Methods[K]['input']>) => Promise<MethodOutput<K>> | MethodOutput<K>;
};

/** The handlers of some methods, for a capability to contribute its part of the table. */
export type MethodHandlersFor<K extends MethodName> = Pick<MethodHandlers, K>;

/** Opens a stream: push data with `emit`; returns the function that stops it. */
export type StreamHandlers = {
  [K in StreamName]: (params: z.output<Streams[K]['params']>, emit: (data: StreamData<K>) => void) => () => void;
};

export type OpenStreamOutcome = { ok: true; close: () => void } | { ok: false; error: ContractErrorShape };

export interface DispatcherOptions {
  readonly maxMessagesPerSecond: number;
  readonly maxPendingFrames: number;
  /** Called when a handler throws: the error is logged, the caller gets a `failed` error. */
  readonly onHandlerError: (channel: string, error: unknown) => void;
}

/**
 * The one dispatch table behind every transport. It validates every input against the contract,
 * never throws back into a transport, and turns handler failures into typed errors — so a
 * malformed payload from any renderer gets a clear answer and the core keeps running.
 */
export class Dispatcher {
  readonly #methods: MethodHandlers;
  readonly #streams: StreamHandlers;
  readonly #options: DispatcherOptions;

  constructor(methods: MethodHandlers, streams: StreamHandlers, options: DispatcherOptions) {
    this.#methods = methods;
    this.#streams = streams;
    this.#options = options;
  }

  async call(method: string, rawInput: unknown): Promise<CallOutcome> {
    if (!isMethodName(method)) {
      return fail('unknown-channel', `Unknown method "${method}".`);
    }
    const spec = contract.methods[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return fail('invalid-input', `Invalid input for ${method}.`, describeZodIssues(parsed.error));
    }
    try {
      const handler = this.#methods[method] as (input: unknown) => unknown;
      const output = await handler(parsed.data);
      const checked = spec.output.safeParse(output);
      if (!checked.success) {
        this.#options.onHandlerError(method, checked.error);
        return fail('invalid-output', `The core produced an invalid answer for ${method}.`, describeZodIssues(checked.error));
      }
      return { ok: true, output: checked.data };
    } catch (error) {
      if (error instanceof ContractError) return { ok: false, error: error.toShape() };
      this.#options.onHandlerError(method, error);
      return fail('failed', error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Opens a stream towards one receiver. Data is encoded with the stream's binary codec and
   * coalesced to the display rate; `sink.canSend()` is the receiver's backpressure signal.
   */
  openStream(stream: string, rawParams: unknown, sink: StreamTransportSink): OpenStreamOutcome {
    if (!isStreamName(stream)) return fail('unknown-channel', `Unknown stream "${stream}".`);
    return this.#open(stream, rawParams, sink);
  }

  #open<K extends StreamName>(stream: K, rawParams: unknown, sink: StreamTransportSink): OpenStreamOutcome {
    const spec = streamSpec(stream);
    const parsed = spec.params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      return fail('invalid-input', `Invalid parameters for stream ${stream}.`, describeZodIssues(parsed.error));
    }
    const coalescer = new StreamCoalescer<StreamData<K>>(spec.codec, sink, {
      maxMessagesPerSecond: this.#options.maxMessagesPerSecond,
      maxPendingSize: this.#options.maxPendingFrames,
    });
    try {
      const handler = this.#streams[stream] as (params: unknown, emit: (data: StreamData<K>) => void) => () => void;
      const stop = handler(parsed.data, (data) => coalescer.push(data));
      return {
        ok: true,
        close: () => {
          coalescer.close();
          stop();
        },
      };
    } catch (error) {
      coalescer.close();
      if (error instanceof ContractError) return { ok: false, error: error.toShape() };
      this.#options.onHandlerError(stream, error);
      return fail('failed', error instanceof Error ? error.message : String(error));
    }
  }
}

function fail(code: ContractErrorShape['code'], message: string, issues?: string[]): { ok: false; error: ContractErrorShape } {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}
