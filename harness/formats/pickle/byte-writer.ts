// Collects the encoder's output: small writes go into a scratch buffer, large payloads (an
// ndarray's data, big bytes) are kept as they are until the single final concatenation.
const SCRATCH_SIZE = 64 * 1024;
const KEEP_AS_IS = 8 * 1024;

export class ByteWriter {
  private readonly parts: Buffer[] = [];
  private scratch = Buffer.allocUnsafe(SCRATCH_SIZE);
  private used = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  byte(value: number): void {
    this.room(1);
    this.scratch[this.used++] = value;
    this.total++;
  }

  bytes(data: Uint8Array): void {
    if (data.length >= KEEP_AS_IS) {
      this.flush();
      this.parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    } else {
      this.room(data.length);
      this.scratch.set(data, this.used);
      this.used += data.length;
    }
    this.total += data.length;
  }

  uint(value: number, width: 1 | 2 | 4 | 8): void {
    const b = Buffer.alloc(width);
    if (width === 8) b.writeBigUInt64LE(BigInt(value));
    else b.writeUIntLE(value, 0, width);
    this.bytes(b);
  }

  result(): Buffer[] {
    this.flush();
    return this.parts;
  }

  private room(n: number): void {
    if (this.used + n > this.scratch.length) this.flush();
  }

  private flush(): void {
    if (this.used === 0) return;
    this.parts.push(this.scratch.subarray(0, this.used));
    this.scratch = Buffer.allocUnsafe(SCRATCH_SIZE);
    this.used = 0;
  }
}
