/** Where a bar leads: the recommendation list with the dashboard's filters and the bar's own (the list reads them from its URL). */
import { RoutePath } from '../../../app/routes';
import type { StatsDimension } from '../api';

/** A status dimension → the list's URL parameter that selects one of its groups (see `FILTER_PARAMS`). */
export const DIMENSION_PARAM: Record<StatsDimension, string> = {
  mechanism: 'mechanism',
  body: 'bodyId',
  review: 'reviewId',
  institution: 'institutionId',
  theme: 'theme',
  affectedPerson: 'affectedPerson',
  sdgGoal: 'sdgGoal',
  axis: 'axis',
};

/** The dashboard's own URL parameters that are list filters (paging and sort are dropped). */
export function listLink(filters: URLSearchParams, extra: Record<string, string | undefined>): string {
  const params = new URLSearchParams(filters);
  for (const k of ['page', 'pageSize', 'sort', 'by']) params.delete(k);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) params.set(k, v);
  const query = params.toString();
  return `${RoutePath.Recommendations}${query ? `?${query}` : ''}`;
}
