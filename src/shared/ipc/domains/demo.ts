import { z } from 'zod';
import { defineStream } from '../contractTypes';
import { frameBatchCodec } from '../../domain/frameBatchWire';

export const TestSignalParamsSchema = z
  .object({
    channels: z.number().int().min(1).max(64),
    rateHz: z.number().min(1).max(20_000),
  })
  .strict();
export type TestSignalParams = z.infer<typeof TestSignalParamsSchema>;

export const demoStreams = {
  'demo.signal': defineStream(
    'A test signal generator (sines with noise) that proves the binary stream path end to end.',
    TestSignalParamsSchema,
    frameBatchCodec,
  ),
} as const;
