/** Unsigned varints (7 bits a byte, low bits first): latency sketches and the storage benchmark's packed rollup spans. */

export function writeVarint(bytes: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
}

export function varintLength(value: number): number {
  let length = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) length += 1;
  return length;
}

/** Reads the varint at `cursor.at` and moves past it; `what` names the encoding in the error for one cut short. */
export function readVarint(bytes: Uint8Array, cursor: { at: number }, what: string): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[cursor.at++];
    if (byte === undefined) throw new Error(`truncated ${what}`);
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 0x80;
  }
}
