import { z } from 'zod';

/** Highest register count one Modbus read (FC 3/4) may ask for. */
export const MAX_REGISTERS_PER_READ = 125;

/** How a value is laid out in one or two 16-bit registers. */
export const registerTypeSchema = z.enum(['u16', 'i16', 'u32', 'i32', 'f32']);
export type RegisterType = z.infer<typeof registerTypeSchema>;

/**
 * Order of the two registers of a 32-bit value: `big` sends the high word first (ABCD, the
 * Modbus convention); `little` sends the low word first (CDAB, "word swapped"), as many PLCs
 * and meters do. Bytes within a register are always big-endian.
 */
export const wordOrderSchema = z.enum(['big', 'little']);
export type WordOrder = z.infer<typeof wordOrderSchema>;

/** 3 reads holding registers, 4 reads input registers. */
export const readFunctionCodeSchema = z.union([z.literal(3), z.literal(4)]);
export type ReadFunctionCode = z.infer<typeof readFunctionCodeSchema>;

/** One channel read from the device: value = raw × scale + offset. */
export const modbusRegisterSchema = z.object({
  channel: z.string().min(1),
  /** 0-based protocol address (register 40001 in the 1-based convention is address 0). */
  address: z.number().int().min(0).max(0xffff),
  functionCode: readFunctionCodeSchema.default(3),
  type: registerTypeSchema.default('u16'),
  wordOrder: wordOrderSchema.default('big'),
  scale: z.number().finite().default(1),
  offset: z.number().finite().default(0),
  /** Engineering unit shown beside the value, e.g. "°C". */
  unit: z.string().optional(),
});
export type ModbusRegisterInput = z.input<typeof modbusRegisterSchema>;
export type ModbusRegister = z.output<typeof modbusRegisterSchema>;

/** Registers a type occupies. */
export function registerWidth(type: RegisterType): 1 | 2 {
  switch (type) {
    case 'u16':
    case 'i16':
      return 1;
    case 'u32':
    case 'i32':
    case 'f32':
      return 2;
  }
}

/**
 * The register map of one device; channel order here is the column order of its frames.
 * `maxGapRegisters` lets one read span unmapped registers between mapped ones: fewer requests,
 * but some devices answer a read touching an unmapped register with an exception, so it is 0
 * unless the device is known to allow it.
 */
export const modbusRegisterMapSchema = z
  .object({
    unitId: z.number().int().min(1).max(247).default(1),
    maxGapRegisters: z.number().int().min(0).max(MAX_REGISTERS_PER_READ).default(0),
    registers: z.array(modbusRegisterSchema).min(1),
  })
  .superRefine((map, ctx) => {
    const seen = new Set<string>();
    map.registers.forEach((register, index) => {
      if (seen.has(register.channel)) {
        ctx.addIssue({ code: 'custom', path: ['registers', index, 'channel'], message: `Channel "${register.channel}" is mapped twice` });
      }
      seen.add(register.channel);
      if (register.address + registerWidth(register.type) > 0x10000) {
        ctx.addIssue({ code: 'custom', path: ['registers', index, 'address'], message: `A ${register.type} at ${register.address} runs past the last register` });
      }
    });
  });
export type ModbusRegisterMapInput = z.input<typeof modbusRegisterMapSchema>;
export type ModbusRegisterMap = z.output<typeof modbusRegisterMapSchema>;
