/**
 * What was worked out from a key that recurs (a name, an error pattern, an operation), kept so the
 * work is done once. Bounded whatever arrives: once it holds `limit` entries it forgets them all
 * and starts afresh, so a stream of distinct keys costs memory up to the bound and no more.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit = 10_000) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  remember(key: K, value: V): V {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
