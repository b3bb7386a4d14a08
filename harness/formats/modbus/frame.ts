// Modbus/TCP frames (Modbus Messaging on TCP/IP Implementation Guide v1.0b): a 7-byte MBAP
// header (transaction id, protocol id = 0, Length = the bytes after the Length field, unit id),
// then the PDU (function code and data). All fields are big-endian.

export const MBAP_LENGTH = 7;
export const READ_HOLDING_REGISTERS = 0x03;
export const WRITE_SINGLE_REGISTER = 0x06;
/** Exception code 01: the slave does not implement this function code. */
export const ILLEGAL_FUNCTION = 0x01;
export const ILLEGAL_DATA_ADDRESS = 0x02;
export const ILLEGAL_DATA_VALUE = 0x03;

export interface ModbusFrame {
  transactionId: number;
  protocolId: number;
  /** The Length field as sent (not recomputed). */
  length: number;
  unitId: number;
  functionCode: number;
  /** The PDU after the function code. */
  data: Buffer;
}

/** A frame with its Length field computed from its contents. */
export function encodeFrame(f: { transactionId: number; unitId: number; functionCode: number; data: Buffer; protocolId?: number }): Buffer {
  const header = Buffer.alloc(MBAP_LENGTH + 1);
  header.writeUInt16BE(f.transactionId, 0);
  header.writeUInt16BE(f.protocolId ?? 0, 2);
  header.writeUInt16BE(2 + f.data.length, 4);
  header.writeUInt8(f.unitId, 6);
  header.writeUInt8(f.functionCode, 7);
  return Buffer.concat([header, f.data]);
}

function words(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16BE(v, i * 2));
  return b;
}

/** FC03: read `count` holding registers from `start`. */
export function readHoldingRegisters(transactionId: number, unitId: number, start: number, count: number): Buffer {
  return encodeFrame({ transactionId, unitId, functionCode: READ_HOLDING_REGISTERS, data: words(start, count) });
}

/** FC06: write `value` to the register at `address`. */
export function writeSingleRegister(transactionId: number, unitId: number, address: number, value: number): Buffer {
  return encodeFrame({ transactionId, unitId, functionCode: WRITE_SINGLE_REGISTER, data: words(address, value) });
}

/** The two 16-bit words after the function code (start and count, or address and value). */
export function twoWords(frame: ModbusFrame): [number, number] | undefined {
  return frame.data.length >= 4 ? [frame.data.readUInt16BE(0), frame.data.readUInt16BE(2)] : undefined;
}

/** How many bytes the frame at the start of `bytes` takes by its Length field (6 + Length), or
 *  undefined while fewer than 6 bytes have arrived. A frame is complete when that many arrived. */
export function frameSize(bytes: Buffer): number | undefined {
  return bytes.length >= 6 ? 6 + bytes.readUInt16BE(4) : undefined;
}

/** Reads the frame at the start of `bytes` as its Length field delimits it; undefined until it
 *  has arrived whole (or when Length is below 2, too short to hold a unit id and a function code). */
export function parseFrame(bytes: Buffer): ModbusFrame | undefined {
  const size = frameSize(bytes);
  if (size === undefined || size < MBAP_LENGTH + 1 || bytes.length < size) return undefined;
  return {
    transactionId: bytes.readUInt16BE(0),
    protocolId: bytes.readUInt16BE(2),
    length: bytes.readUInt16BE(4),
    unitId: bytes.readUInt8(6),
    functionCode: bytes.readUInt8(7),
    data: Buffer.from(bytes.subarray(8, size)),
  };
}

/** Splits a byte stream into the frames it holds, as their Length fields delimit them; `rest` is
 *  what is left over (an incomplete frame, or bytes a Length of 0 or 1 cannot account for). */
export function splitFrames(stream: Buffer): { frames: { frame: ModbusFrame; bytes: Buffer }[]; rest: Buffer } {
  const frames: { frame: ModbusFrame; bytes: Buffer }[] = [];
  let at = 0;
  for (;;) {
    const frame = parseFrame(stream.subarray(at));
    if (!frame) break;
    const size = 6 + frame.length;
    frames.push({ frame, bytes: Buffer.from(stream.subarray(at, at + size)) });
    at += size;
  }
  return { frames, rest: Buffer.from(stream.subarray(at)) };
}

/** Bytes as "00 01 00 00 00 06 01 03" (the form the course prints). */
export function hex(bytes: Buffer): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export const hex16 = (v: number): string => `0x${v.toString(16).padStart(4, '0')}`;
export const hex8 = (v: number): string => `0x${v.toString(16).padStart(2, '0')}`;
