/**
 * Consolidated status of a recommendation, suggested from the statuses reported by its lead institutions.
 * It is only a suggestion: the coordinator sets the official status and may override it.
 */
import type { ImplementationStatus } from './enums.js';

/**
 * Rules, in order (`not_applicable` leads are ignored unless all leads say so, because an institution for
 * which the recommendation is out of scope should not hold back the others):
 * no lead → null; all implemented → implemented; all not_applicable → not_applicable;
 * some continuous and the rest implemented/continuous → continuous; all not_started → not_started;
 * some implemented or partially_implemented → partially_implemented; otherwise in_progress.
 */
export function suggestConsolidatedStatus(leadStatuses: readonly ImplementationStatus[]): ImplementationStatus | null {
  if (leadStatuses.length === 0) return null;
  const relevant = leadStatuses.filter((s) => s !== 'not_applicable');
  if (relevant.length === 0) return 'not_applicable';
  const every = (...ok: ImplementationStatus[]) => relevant.every((s) => ok.includes(s));
  const some = (...ok: ImplementationStatus[]) => relevant.some((s) => ok.includes(s));
  if (every('implemented')) return 'implemented';
  if (some('continuous') && every('implemented', 'continuous')) return 'continuous';
  if (every('not_started')) return 'not_started';
  if (some('implemented', 'partially_implemented')) return 'partially_implemented';
  return 'in_progress';
}
