import { contributionStatusesAwaiting } from '@sidh/domain';
import type { ContributionSummary } from '../../../app/api-types';
import { daysUntil } from '../../reporting/utils/labels';

/** The statuses waiting on a focal point (draft, returned), from the shared workflow. */
const AWAITING_FOCAL_POINT = contributionStatusesAwaiting('focal_point');

export const DUE_SOON_DAYS = 14;

export interface MyWorkGroups {
  overdue: ContributionSummary[];
  returned: ContributionSummary[];
  dueSoon: ContributionSummary[];
  drafts: ContributionSummary[];
}

/**
 * Splits the focal point's open contributions: returned first-class (someone waits for a fix), then
 * overdue, due within DUE_SOON_DAYS, and the other drafts. Each contribution appears once.
 */
export function groupMyWork(items: ContributionSummary[], now: Date = new Date()): MyWorkGroups {
  const groups: MyWorkGroups = { overdue: [], returned: [], dueSoon: [], drafts: [] };
  for (const c of items) {
    // A draft a later campaign's contribution supersedes is no one's work (the API's `mine` leaves it out too).
    if (!AWAITING_FOCAL_POINT.includes(c.status) || c.supersededById) continue;
    if (c.status === 'returned') groups.returned.push(c);
    else if (c.overdue) groups.overdue.push(c);
    else if (daysUntil(c.campaign.deadline, now) <= DUE_SOON_DAYS) groups.dueSoon.push(c);
    else groups.drafts.push(c);
  }
  return groups;
}
