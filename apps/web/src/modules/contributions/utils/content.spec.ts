import type { ContributionDetail } from '../../../app/api-types';
import { contentOf, diffContent } from './content';

describe('diffContent', () => {
  it('an indicator echoed by the server with its keys reordered (jsonb) is not a change', () => {
    const saved = {
      implementationStatus: 'in_progress',
      measures: 'm',
      challenges: '',
      nextSteps: '',
      // PostgreSQL jsonb orders keys by length, then bytes.
      indicators: [{ date: null, name: 'Magistrats formés', type: 'process', unit: null, value: 12, target: null, baseline: null }],
    } as unknown as ContributionDetail;
    const mine = { ...contentOf(saved), indicators: [{ name: 'Magistrats formés', type: 'process' as const, unit: null, baseline: null, target: null, value: 12, date: null }] };
    expect(diffContent(saved, mine)).toEqual({});
  });
});
