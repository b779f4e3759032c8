import { BinaryFrameDecoder, type BinaryFrameDecoderOptions } from './binaryFrameCodec';
import type { IFrameDecoder, WireProtocol } from './IFrameDecoder';
import { JsonLineDecoder, type JsonLineDecoderOptions } from './jsonLineDecoder';
import { TextLineDecoder, type TextLineDecoderOptions } from './textLineDecoder';

/** Options for any decoder; each decoder reads the fields it knows. */
export type AnyDecoderOptions = TextLineDecoderOptions & JsonLineDecoderOptions & BinaryFrameDecoderOptions;

/** A fresh decoder (one per connection) for a device profile's protocol. */
export function createFrameDecoder(protocol: WireProtocol, options: AnyDecoderOptions): IFrameDecoder {
  switch (protocol) {
    case 'text':
      return new TextLineDecoder(options);
    case 'json':
      return new JsonLineDecoder(options);
    case 'binary':
      return new BinaryFrameDecoder(options);
  }
}
