import type { RecommendationDetail } from '../../../app/api-types';
import { conflictingFields, diffPatch, EDITABLE_FIELDS, reapply, valuesFrom } from './edit';

const ref = (code: string) => ({ code, nameAr: null, nameFr: code, nameEn: code });
const base = {
  id: 'r1',
  textAr: null,
  textFr: 'Texte',
  textEn: null,
  documentSymbol: 'A/HRC/36/6',
  paragraph: '144.1',
  externalCode: null,
  response: 'supported',
  status: 'in_progress',
  followUp: false,
  followUpDueDate: null,
  recommendingStates: [ref('FR')],
  themes: [ref('A41')],
  affectedPersons: [],
  sdgTargets: [ref('16.3')],
  axes: [],
  subAxes: [],
  version: 3,
} as unknown as RecommendationDetail;

describe('the coordinator’s edit form', () => {
  it('does not set the consolidated status (the consolidated-status card does)', () => {
    expect(EDITABLE_FIELDS).not.toContain('status');
    expect(valuesFrom(base)).not.toHaveProperty('status');
  });

  it('sends the changed lists of codes, and no list whose codes are only reordered', () => {
    const v = valuesFrom(base);
    expect(diffPatch(base, { ...v, themeCodes: ['A41', 'B12'], recommendingStateCodes: ['FR'], sdgTargetCodes: ['16.3'] })).toEqual({ themeCodes: ['A41', 'B12'] });
    expect(diffPatch(base, { ...v, axisCodes: ['AX1'], subAxisCodes: ['AX1.2'] })).toEqual({ axisCodes: ['AX1'], subAxisCodes: ['AX1.2'] });
    expect(diffPatch(base, { ...v, themeCodes: [] })).toEqual({ themeCodes: [] });
  });

  it('sends the follow-up flag with its due date', () => {
    expect(diffPatch(base, { ...valuesFrom(base), followUp: true, followUpDueDate: '2027-01-31' })).toEqual({ followUp: true, followUpDueDate: '2027-01-31' });
  });

  it('after a 412, a list someone else changed differently is a conflict; the same set is not', () => {
    const theirs = { ...base, themes: [ref('A41'), ref('C3')] } as unknown as RecommendationDetail;
    expect(conflictingFields({ themeCodes: ['A41', 'B12'] }, theirs).map((c) => c.field)).toEqual(['themeCodes']);
    expect(conflictingFields({ themeCodes: ['C3', 'A41'] }, theirs)).toEqual([]);
    expect(reapply(theirs, { themeCodes: ['B12'] }).themeCodes).toEqual(['B12']);
  });
});
