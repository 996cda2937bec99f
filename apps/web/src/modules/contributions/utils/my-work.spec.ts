import type { ContributionSummary } from '../../../app/api-types';
import { groupMyWork } from './my-work';

const c = (id: string, status: ContributionSummary['status'], deadline: string, overdue = false) =>
  ({ id, status, overdue, campaign: { id: 'cp', title: 'T', deadline } }) as unknown as ContributionSummary;

describe('groupMyWork', () => {
  it('puts each open contribution in one group: returned, overdue, due soon, drafts', () => {
    const now = new Date(2025, 2, 1);
    const g = groupMyWork(
      [c('r', 'returned', '2025-02-01', true), c('o', 'draft', '2025-02-20', true), c('s', 'draft', '2025-03-10'), c('d', 'draft', '2025-06-01'), c('x', 'submitted', '2025-03-02')],
      now,
    );
    expect(Object.fromEntries(Object.entries(g).map(([k, v]) => [k, (v as ContributionSummary[]).map((i) => i.id)]))).toEqual({
      returned: ['r'],
      overdue: ['o'],
      dueSoon: ['s'],
      drafts: ['d'],
    });
  });
});

describe('groupMyWork and superseded drafts', () => {
  it('leaves out a draft a later campaign’s contribution supersedes', () => {
    const old = { ...c('old', 'draft', '2025-06-01'), supersededById: 'new' } as ContributionSummary;
    const g = groupMyWork([old, c('new', 'draft', '2025-06-01')], new Date(2025, 2, 1));
    expect(g.drafts.map((i) => i.id)).toEqual(['new']);
  });
});
