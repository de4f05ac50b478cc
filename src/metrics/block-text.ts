const EMPTY: Buffer = Buffer.alloc(0);

/**
 * One family's lines of a block of integrations, kept encoded (UTF-8) in one buffer, each
 * integration's lines a range of it. An integration rendered again hands in its new lines, encoded
 * in the scrape's Scratch; `commit` writes the block again into a second buffer kept for that,
 * copying the other integrations' bytes, and the two swap. While the block's text does not grow no
 * buffer is allocated: memory touched for the first time, and collecting it, cost a busy scrape
 * more than rendering its lines did (docs/benchmarks.md, "The busy scrape profiled again").
 */
export class BlockText {
  /** The buffer read now, and the one the next commit writes into. */
  private buffers: [Buffer, Buffer] = [EMPTY, EMPTY];
  private bytes: Buffer = EMPTY;
  /** Where each integration's lines end in `bytes`, by its place in the block; and the next commit's. */
  private ends: number[] = [];
  private nextEnds: number[] = [];
  private readonly pending = new Map<number, Buffer>();
  private slots = 0;
  /** The lines' bytes. */
  length = 0;

  /** An integration's new lines (empty for none), read from the Scratch at the next commit. */
  set(slot: number, lines: Buffer): void {
    const start = slot === 0 ? 0 : (this.ends[slot - 1] ?? this.bytes.length);
    const before = this.pending.get(slot)?.length ?? (this.ends[slot] ?? start) - start;
    this.length += lines.length - before;
    this.slots = Math.max(this.slots, slot + 1);
    this.pending.set(slot, lines);
  }

  /** Writes the new lines in; to be called before the Scratch they are in is used again. */
  commit(): void {
    if (this.pending.size === 0) return;
    let into = this.buffers[1];
    if (into.length < this.length) into = Buffer.allocUnsafeSlow(Math.ceil(this.length * 1.25));
    let at = 0;
    let start = 0;
    for (let slot = 0; slot < this.slots; slot++) {
      const end = this.ends[slot] ?? start;
      const lines = this.pending.get(slot);
      at += lines === undefined ? this.bytes.copy(into, at, start, end) : lines.copy(into, at);
      this.nextEnds[slot] = at;
      start = end;
    }
    this.buffers = [into, this.buffers[0]];
    this.bytes = into.subarray(0, at);
    [this.ends, this.nextEnds] = [this.nextEnds, this.ends];
    this.pending.clear();
  }

  /**
   * The lines of every integration of the block, as of the last commit; none when they have none.
   * The buffer is the block's own: valid until the second commit after this read.
   */
  read(): Buffer | undefined {
    return this.bytes.length > 0 ? this.bytes : undefined;
  }
}

/**
 * Where a scrape encodes the lines it renders again, kept from scrape to scrape (it grows to the
 * most a scrape rendered again): the lines' strings die young, and no buffer is allocated for them.
 */
export class Scratch {
  private buffer: Buffer = Buffer.allocUnsafeSlow(1024 * 1024);
  private at = 0;

  /** The text as UTF-8, valid until `reset`. */
  encode(text: string): Buffer {
    const room = this.buffer.length - this.at;
    if (room < 3 * text.length && room < Buffer.byteLength(text)) {
      // The lines already encoded keep the old buffer for as long as they are needed.
      this.buffer = Buffer.allocUnsafeSlow(Math.max(2 * this.buffer.length, 3 * text.length));
      this.at = 0;
    }
    const start = this.at;
    this.at += this.buffer.write(text, start);
    return this.buffer.subarray(start, this.at);
  }

  reset(): void {
    this.at = 0;
  }
}
