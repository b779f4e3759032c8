import {
  contract,
  isEventName,
  streamSpec,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StreamData,
  type StreamName,
  type StreamParams,
} from '../../../shared/ipc/contract';
import { ContractError, describeZodIssues, type ContractErrorShape } from '../../../shared/ipc/contractError';
import type { ConnectionState, ContractBridge } from '../../../shared/ipc/bridgeTypes';

/** The typed client every feature uses. The only module that knows how the core is reached. */
export interface Api {
  readonly host: 'electron' | 'browser';
  call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>>;
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  stream<K extends StreamName>(
    name: K,
    params: StreamParams<K>,
    onData: (data: StreamData<K>) => void,
    onError?: (error: ContractError) => void,
  ): () => void;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** Wraps a transport bridge into the typed client, validating everything that arrives. */
export function createApi(bridge: ContractBridge): Api {
  return {
    host: bridge.host,
    async call(method, input) {
      const outcome = await bridge.methods[method](input);
      if (!outcome.ok) throw new ContractError(outcome.error);
      const parsed = contract.methods[method].output.safeParse(outcome.output);
      if (!parsed.success) {
        throw new ContractError({
          code: 'invalid-output',
          message: `The core's answer to ${method} does not match the contract.`,
          issues: describeZodIssues(parsed.error),
        });
      }
      return parsed.data as MethodOutput<typeof method>;
    },
    on(event, listener) {
      const schema = contract.events[event].payload;
      return bridge.onEvent((name, payload) => {
        if (!isEventName(name) || name !== event) return;
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
    stream(name, params, onData, onError) {
      const codec = streamSpec(name).codec;
      const reportError = (shape: ContractErrorShape): void => onError?.(new ContractError(shape));
      return bridge.openStream(
        name,
        params,
        (bytes) => {
          let data: StreamData<typeof name>;
          try {
            data = codec.decode(bytes);
          } catch (error) {
            reportError({ code: 'transport', message: `Undecodable ${name} data: ${(error as Error).message}` });
            return;
          }
          onData(data);
        },
        reportError,
      );
    },
    onConnectionChange: (listener) => bridge.onConnectionChange(listener),
  };
}
