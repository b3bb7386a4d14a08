// What the reference slave answers to one request frame: FC03 with its registers, FC06 by echo
// (writes are not stored, so every read returns the seeded values), any other function with
// exception 01. Out-of-range requests get the exceptions the Modbus specification names.
import { encodeFrame, ILLEGAL_DATA_ADDRESS, ILLEGAL_DATA_VALUE, ILLEGAL_FUNCTION, READ_HOLDING_REGISTERS, twoWords, WRITE_SINGLE_REGISTER, type ModbusFrame } from '../../harness/formats/modbus/frame.js';

export function slaveReply(request: ModbusFrame, requestBytes: Buffer, register: (address: number) => number): Buffer {
  const reply = (functionCode: number, data: Buffer) => encodeFrame({ transactionId: request.transactionId, unitId: request.unitId, functionCode, data });
  const exception = (code: number) => reply(request.functionCode | 0x80, Buffer.from([code]));
  const words = twoWords(request);
  if (request.functionCode === READ_HOLDING_REGISTERS) {
    if (!words || request.data.length !== 4) return exception(ILLEGAL_DATA_VALUE);
    const [start, count] = words;
    if (count < 1 || count > 125) return exception(ILLEGAL_DATA_VALUE);
    if (start + count > 65536) return exception(ILLEGAL_DATA_ADDRESS);
    const data = Buffer.alloc(1 + 2 * count);
    data[0] = 2 * count;
    for (let i = 0; i < count; i++) data.writeUInt16BE(register(start + i), 1 + 2 * i);
    return reply(READ_HOLDING_REGISTERS, data);
  }
  if (request.functionCode === WRITE_SINGLE_REGISTER) {
    if (request.data.length !== 4) return exception(ILLEGAL_DATA_VALUE);
    return Buffer.from(requestBytes);
  }
  return exception(ILLEGAL_FUNCTION);
}
