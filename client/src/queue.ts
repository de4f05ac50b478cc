/** A record waiting to be sent: its JSON, its size, and its place in the order of arrival. */
export interface Entry {
  seq: number;
  json: string;
  bytes: number;
}

/**
 * Records waiting to be sent, oldest first. Records taken for a request leave the queue and come
 * back to its front if the request has to be retried, so the oldest record is always at the front.
 */
export class RecordQueue {
  private entries: Entry[] = [];
  private head = 0;
  private heldBytes = 0;

  get length(): number {
    return this.entries.length - this.head;
  }

  /** Bytes of JSON held (records only, without array punctuation). */
  get bytes(): number {
    return this.heldBytes;
  }

  get oldest(): Entry | undefined {
    return this.entries[this.head];
  }

  push(entry: Entry): void {
    this.entries.push(entry);
    this.heldBytes += entry.bytes;
  }

  /** Removes and returns the oldest entry. */
  shift(): Entry | undefined {
    const entry = this.entries[this.head];
    if (!entry) return undefined;
    this.entries[this.head] = undefined as unknown as Entry;
    this.head++;
    this.heldBytes -= entry.bytes;
    this.compact();
    return entry;
  }

  /** Takes the oldest entries that fit in one request: at least one, at most maxCount and maxBytes. */
  take(maxCount: number, maxBytes: number): Entry[] {
    const batch: Entry[] = [];
    let bytes = 2;
    while (batch.length < maxCount) {
      const next = this.entries[this.head];
      if (!next) break;
      const added = next.bytes + (batch.length > 0 ? 1 : 0);
      if (batch.length > 0 && bytes + added > maxBytes) break;
      batch.push(next);
      bytes += added;
      this.shift();
    }
    return batch;
  }

  /** Returns a batch taken by `take` to the front, in its order, ahead of everything newer. */
  putBack(batch: readonly Entry[]): void {
    if (batch.length === 0) return;
    if (this.head >= batch.length) {
      this.head -= batch.length;
      for (let i = 0; i < batch.length; i++) this.entries[this.head + i] = batch[i]!;
    } else {
      this.entries = [...batch, ...this.entries.slice(this.head)];
      this.head = 0;
    }
    for (const entry of batch) this.heldBytes += entry.bytes;
  }

  /** Removes and returns everything, oldest first. */
  drain(): Entry[] {
    const all = this.entries.slice(this.head);
    this.entries = [];
    this.head = 0;
    this.heldBytes = 0;
    return all;
  }

  private compact(): void {
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
