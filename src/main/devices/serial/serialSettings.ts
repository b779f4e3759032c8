import { z } from 'zod';

/**
 * How to open a serial port. Defaults are the Arduino's 8N1 without flow control.
 * DTR and RTS are left alone unless given: setting them on a pty fails ("Inappropriate ioctl
 * for device"), and toggling DTR resets many Arduinos, which an operator must choose to do.
 */
export const serialPortSettingsSchema = z.object({
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(115_200),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  flowControl: z.enum(['none', 'rtscts', 'xonxoff']).default('none'),
  dtr: z.boolean().optional(),
  rts: z.boolean().optional(),
});

/** Settings as stored or typed (defaults may be missing). */
export type SerialPortSettingsInput = z.input<typeof serialPortSettingsSchema>;
/** Settings with every default filled in. */
export type SerialPortSettings = z.output<typeof serialPortSettingsSchema>;
