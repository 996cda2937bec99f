import { Injectable } from '@nestjs/common';

/**
 * Figures kept in process, keyed by a caller's key and cleared when `stamp` grows — the same
 * policy as the facet counts' cache (`RecommendationFacetsCache`): a newer stamp (a committed
 * change seen by any instance) empties it; a read older than the newest stamp seen is answered
 * but not kept; concurrent requests for a missing entry share one computation; least recently used
 * entries go first beyond `capacity`; capacity 0 turns it off (the benchmark's cold figures).
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

/**
 * The dashboard's caches. `catalogue`: figures that depend on the catalogue only (status by group,
 * responses, status over time — the history's status changes are written with the recommendation,
 * so they bump the catalogue stamp too), cleared by the catalogue stamp. `workflow`: figures that
 * also depend on campaigns, contributions, bodies' follow-up delays and reviews' dates, cleared by
 * the head of the audit chain (every such change is audited in its own transaction, and event ids
 * follow commit order); their keys also carry the catalogue stamp and today's date.
 */
@Injectable()
export class StatsCache {
  readonly catalogue = new StampedCache<unknown>();
  readonly workflow = new StampedCache<unknown>();

  set capacity(n: number) {
    this.catalogue.capacity = n;
    this.workflow.capacity = n;
  }

  clear(): void {
    this.catalogue.clear();
    this.workflow.clear();
  }
}
