import { Injectable } from '@nestjs/common';
import { StampedCache } from '../../common/stamped-cache.js';
import type { RecommendationFacetsDto } from './dto/recommendation.dto.js';

/**
 * Facet counts, kept in process and keyed by (catalogue stamp, the filter's SQL and parameters —
 * which carry the normalised filter and the caller's institution scope): a new stamp (any committed
 * change to the catalogue, from this instance or another) empties the cache (`StampedCache`).
 */
@Injectable()
export class RecommendationFacetsCache extends StampedCache<RecommendationFacetsDto> {}
