import type { Mechanism } from '@sidh/domain';
import { bodyFitsKind, createProblems, emptyCreateValues, toCreateBody, withKind } from './create';

const MECHANISMS: Record<string, Mechanism> = { upr: 'UPR', cat: 'TREATY_BODY', sr: 'SPECIAL_PROCEDURE' };
const mechanismOf = (id: string) => MECHANISMS[id];

describe('creation form: recommendation or question', () => {
  it('sends a question with its kind, the list of issues symbol and paragraph, and only the texts given', () => {
    const values = { ...emptyCreateValues('question'), bodyId: 'cat', documentSymbol: ' CAT/C/MAR/QPR/5 ', paragraph: '12(a)', textEn: 'Please describe…', textFr: '  ' };
    expect(toCreateBody(values)).toEqual({ kind: 'question', bodyId: 'cat', documentSymbol: 'CAT/C/MAR/QPR/5', paragraph: '12(a)', textEn: 'Please describe…' });
  });

  it('sends a recommendation with its response, but never a response for a question', () => {
    const rec = { ...emptyCreateValues(), bodyId: 'upr', textFr: 'Ratifier', response: 'noted' };
    expect(toCreateBody(rec)).toEqual({ kind: 'recommendation', bodyId: 'upr', textFr: 'Ratifier', response: 'noted' });
    expect(toCreateBody({ ...rec, kind: 'question' })).not.toHaveProperty('response');
    expect(toCreateBody({ ...rec, response: 'maybe' })).not.toHaveProperty('response');
  });

  it('needs a body and a text in at least one language', () => {
    expect(createProblems(emptyCreateValues())).toEqual({ bodyId: 'validation.required', textFr: 'validation.required' });
    expect(createProblems({ ...emptyCreateValues(), bodyId: 'cat', textAr: 'نص' })).toEqual({});
  });

  it('a question belongs to a treaty body: choosing it clears the response and any other body', () => {
    expect([bodyFitsKind('TREATY_BODY', 'question'), bodyFitsKind('UPR', 'question'), bodyFitsKind('UPR', 'recommendation')]).toEqual([true, false, true]);
    const upr = { ...emptyCreateValues(), bodyId: 'upr', response: 'supported' };
    expect(withKind(upr, 'question', mechanismOf)).toMatchObject({ kind: 'question', bodyId: '', response: '' });
    expect(withKind({ ...upr, bodyId: 'cat' }, 'question', mechanismOf)).toMatchObject({ kind: 'question', bodyId: 'cat', response: '' });
    expect(withKind({ ...upr, bodyId: 'sr' }, 'recommendation', mechanismOf)).toMatchObject({ kind: 'recommendation', bodyId: 'sr', response: 'supported' });
  });
});

describe('creation form: review, classification and follow-up', () => {
  it('sends the review, reference code, follow-up with its due date and the chosen taxonomies', () => {
    const values = {
      ...emptyCreateValues('recommendation'),
      bodyId: 'upr',
      reviewId: 'rev-3',
      textFr: 'Ratifier le protocole',
      externalCode: ' DIDH-12 ',
      followUp: true,
      followUpDueDate: '2027-06-30',
      recommendingStateCodes: ['FR', 'ES'],
      themeCodes: ['A41'],
      sdgTargetCodes: ['16.3'],
      axisCodes: ['AX1'],
      subAxisCodes: ['AX1.2'],
    };
    expect(toCreateBody(values)).toEqual({
      kind: 'recommendation',
      bodyId: 'upr',
      reviewId: 'rev-3',
      textFr: 'Ratifier le protocole',
      externalCode: 'DIDH-12',
      followUp: true,
      followUpDueDate: '2027-06-30',
      recommendingStateCodes: ['FR', 'ES'],
      themeCodes: ['A41'],
      sdgTargetCodes: ['16.3'],
      axisCodes: ['AX1'],
      subAxisCodes: ['AX1.2'],
    });
  });

  it('leaves out empty lists, the due date without follow-up, and recommending States of a question', () => {
    const rec = { ...emptyCreateValues('recommendation'), bodyId: 'upr', textFr: 'x', followUpDueDate: '2027-06-30' };
    expect(toCreateBody(rec)).toEqual({ kind: 'recommendation', bodyId: 'upr', textFr: 'x' });
    const asQuestion = withKind({ ...rec, bodyId: 'cat', recommendingStateCodes: ['FR'] }, 'question', mechanismOf);
    expect(asQuestion.recommendingStateCodes).toEqual([]);
  });
});
