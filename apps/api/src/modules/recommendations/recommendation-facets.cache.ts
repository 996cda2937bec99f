import { Injectable } from '@nestjs/common';
import { StampedCache } from '../../common/stamped-cache.js';
import type { RecommendationFacetsDto } from './dto/recommendation.dto.js';
import type { RecommendationSearchPage } from './recommendations.repository.js';

/**
 * Facet counts, kept in process and keyed by (catalogue stamp, the filter's SQL and parameters —
 * which carry the normalised filter and the caller's institution scope): a new stamp (any committed
 * change to the catalogue, from this instance or another) empties the cache (`StampedCache`).
 */
@Injectable()
export class RecommendationFacetsCache extends StampedCache<RecommendationFacetsDto> {}

/**
 * Pages of search results (GET /recommendations), kept in process like the facet counts: keyed by
 * (catalogue stamp, the filter's SQL and parameters with the caller's scope, sort, page, page size),
 * emptied by any committed change to the catalogue. A page is at most PAGE_SIZE_MAX rows of three
 * texts (~1.5 kB a row): 1,500 pages of 20 rows hold ~45 MB. See ADR 0014 for what it is worth.
 */
@Injectable()
export class RecommendationSearchCache extends StampedCache<RecommendationSearchPage> {
  override capacity = 1500;
}
