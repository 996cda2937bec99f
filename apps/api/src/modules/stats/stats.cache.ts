import { Injectable } from '@nestjs/common';
import { StampedCache } from '../../common/stamped-cache.js';

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
