"""A real Modbus RTU peer for integration tests: pymodbus serving fixed registers on a serial port.

Run with Debian's interpreter (/usr/bin/python3), where python3-pymodbus and
python3-serial-asyncio are installed. Written against pymodbus 3.0, whose serial server
defaults to the ASCII framer, so the RTU framer is passed explicitly.

Registers (0-based addresses, unit id from --unit), mirrored by modbusRtuServer.ts:
  holding 0      u16   1234
  holding 1      i16   -250
  holding 2..3   f32   3.14159, high word first
  holding 4..5   f32   -12.5, low word first
  holding 6..7   u32   100000, high word first
  holding 10..11 i32   -100000, high word first
  input   0      u16   500
Anything at or above address 20 is unmapped and answered with exception 2.

Prints "ready" on stdout once the port is open.
"""

import argparse
import asyncio
import struct

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.server.async_io import ModbusSerialServer

BLOCK_SIZE = 20


def words(fmt: str, value: float) -> list[int]:
    """Big-endian 16-bit words of a packed value."""
    packed = struct.pack(">" + fmt, value)
    return [int.from_bytes(packed[i : i + 2], "big") for i in range(0, len(packed), 2)]


def holding_registers() -> list[int]:
    registers = [0] * BLOCK_SIZE
    registers[0] = 1234
    registers[1] = words("h", -250)[0]
    registers[2:4] = words("f", 3.14159)
    registers[4:6] = list(reversed(words("f", -12.5)))
    registers[6:8] = words("I", 100000)
    registers[10:12] = words("i", -100000)
    return registers


def input_registers() -> list[int]:
    registers = [0] * BLOCK_SIZE
    registers[0] = 500
    return registers


async def serve(port: str, unit: int) -> None:
    slave = ModbusSlaveContext(
        hr=ModbusSequentialDataBlock(0, holding_registers()),
        ir=ModbusSequentialDataBlock(0, input_registers()),
        # zero_mode: request address N reads block index N (the default adds 1).
        zero_mode=True,
    )
    context = ModbusServerContext(slaves={unit: slave}, single=False)
    server = ModbusSerialServer(context, framer=ModbusRtuFramer, port=port, baudrate=115200)
    await server.start()
    if server.transport is None:
        raise SystemExit(f"could not open {port}")
    print("ready", flush=True)
    await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", required=True)
    parser.add_argument("--unit", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.unit))


if __name__ == "__main__":
    main()
