import { Injectable } from '@nestjs/common';
import type { RecommendationFacetsDto } from './dto/recommendation.dto.js';

/**
 * Facet counts, kept in process and keyed by (catalogue stamp, the filter's SQL and parameters —
 * which carry the normalised filter and the caller's institution scope). A new stamp (any committed
 * change to the catalogue, from this instance or another) empties the cache. Concurrent requests for
 * the same missing entry share one computation. Least recently used entries go first beyond
 * `capacity`; capacity 0 turns the cache off (the benchmark's cold figures).
 */
@Injectable()
export class RecommendationFacetsCache {
  capacity = 1000;
  private stamp: bigint | null = null;
  private readonly entries = new Map<string, Promise<RecommendationFacetsDto>>();

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, stamp: string, compute: () => Promise<RecommendationFacetsDto>): Promise<RecommendationFacetsDto> {
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
