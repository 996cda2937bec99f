/**
 * Results kept in process, keyed by the caller's key (which carries the filter and the caller's
 * scope) and cleared when `stamp` grows: a newer stamp (a committed change seen by any instance)
 * empties it; a read older than the newest stamp seen is answered but not kept; concurrent requests
 * for a missing entry share one computation; least recently used entries go first beyond
 * `capacity`; capacity 0 turns it off (the benchmarks' cold figures). Used by the facet counts
 * (`RecommendationFacetsCache`) and the dashboards (`StatsCache`).
 */
export class StampedCache<T> {
  capacity = 1000;
  private stamp: bigint | null = null;
  private readonly entries = new Map<string, Promise<T>>();

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, stamp: string, compute: () => Promise<T>): Promise<T> {
    const current = BigInt(stamp);
    if (this.stamp === null || current > this.stamp) {
      this.entries.clear();
      this.stamp = current;
    } else if (current < this.stamp || this.capacity <= 0) {
      // Read before a change another request has already seen: correct for this caller, not worth keeping.
      return compute();
    }
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const pending = compute();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }

  clear(): void {
    this.entries.clear();
    this.stamp = null;
  }
}
