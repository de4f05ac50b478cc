/** Unsigned varints (7 bits a byte, low bits first): latency sketches and the storage benchmark's packed rollup spans. */

export function writeVarint(bytes: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
}

/** Writes `value` at `at` in place; where the next byte goes. */
export function writeVarintAt(bytes: Uint8Array, at: number, value: number): number {
  let v = value;
  let next = at;
  while (v >= 0x80) {
    bytes[next++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  bytes[next++] = v;
  return next;
}

export function varintLength(value: number): number {
  // Compared, not divided: a sketch's encoding asks this twice for every bucket.
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  let length = 4;
  for (let v = value / 0x10000000; v >= 1; v /= 0x80) length += 1;
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
