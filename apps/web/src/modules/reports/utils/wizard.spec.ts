import { ApiError } from '../../../app/api-client';
import { createRequest, initialValues, itemParams, parseLimit, stepProblems, wizardErrors, type WizardValues } from './wizard';

const values = (patch: Partial<WizardValues> = {}): WizardValues => ({
  ...initialValues('fr'),
  title: 'Rapport à mi-parcours',
  bodyId: 'b-upr',
  reviewId: 'r-3',
  picked: new Map([['i-1', { documentSymbol: 'A/HRC/36/6', paragraph: '144.1' }], ['i-2', { documentSymbol: 'A/HRC/36/6', paragraph: '144.2' }]]),
  ...patch,
});

describe('the creation wizard', () => {
  it('starts on the type’s default word limit and accepts only whole numbers above zero, or none', () => {
    expect(initialValues('ar')).toMatchObject({ type: 'upr_mid_term', language: 'ar', wordLimit: '' });
    expect(parseLimit('')).toBeNull();
    expect(parseLimit(' 10700 ')).toBe(10_700);
    for (const bad of ['0', '-5', '12.5', 'abc']) expect(parseLimit(bad)).toBeNaN();
    expect(stepProblems(values({ wordLimit: '0' }), 'report')).toEqual({ wordLimit: 'reports.wizard.limitPositive' });
    expect(stepProblems(values({ title: '  ' }), 'report')).toEqual({ title: 'reports.wizard.required' });
    expect(stepProblems(values({ bodyId: null }), 'body')).toEqual({ bodyId: 'reports.wizard.required' });
    expect(stepProblems(values({ picked: new Map() }), 'items')).toEqual({ itemIds: 'reports.wizard.pickOne' });
    expect(stepProblems(values({ picked: new Map(), mode: 'filter' }), 'items')).toEqual({});
  });

  it('sends the hand-picked items, or the review and search as a filter, and null for no limit', () => {
    expect(createRequest(values({ wordLimit: '150', dueDate: '2026-06-30' }))).toEqual({
      type: 'upr_mid_term',
      bodyId: 'b-upr',
      reviewId: 'r-3',
      language: 'fr',
      title: 'Rapport à mi-parcours',
      dueDate: '2026-06-30',
      wordLimit: 150,
      itemIds: ['i-1', 'i-2'],
    });
    const byFilter = createRequest(values({ mode: 'filter', q: ' justice ', type: 'upr_national', wordLimit: '' }));
    expect(byFilter).toMatchObject({ filter: { kind: 'recommendation', reviewId: 'r-3', q: 'justice' }, groupBy: 'theme', wordLimit: null, dueDate: null });
    expect(createRequest(values({ mode: 'filter', type: 'list_of_issues_replies' })).filter).toEqual({ kind: 'question', reviewId: 'r-3' });
    expect(byFilter).not.toHaveProperty('itemIds');
  });

  it('lists the questions of a list of issues for the reports answered question by question', () => {
    expect(itemParams(values({ type: 'periodic', q: ' torture ' }), { page: '2' }).toString()).toBe('kind=question&bodyId=b-upr&reviewId=r-3&q=torture&page=2');
    expect(itemParams(values({ reviewId: null })).toString()).toBe('kind=recommendation&bodyId=b-upr');
  });

  it('puts a 400 next to the fields it names and goes back to the first step concerned', () => {
    const e = new ApiError(400, { code: 'validation.failed', details: { fields: { itemIds: 'validation.unknownCode', wordLimit: 'validation.max' } } });
    expect(wizardErrors(e)).toEqual({ fields: { itemIds: 'validation.unknownCode', wordLimit: 'validation.max' }, step: 'report' });
    const nested = new ApiError(400, { code: 'validation.failed', details: { fields: { 'filter.q': 'validation.maxLength' } } });
    expect(wizardErrors(nested)).toEqual({ fields: { filter: 'validation.maxLength' }, step: 'items' });
  });

  it('puts a 422 of the planner next to the field in details.field, with the code’s message', () => {
    const e = new ApiError(422, { code: 'report.items_outside_body', details: { field: 'itemIds', itemIds: ['x'] } });
    expect(wizardErrors(e)).toEqual({ fields: { itemIds: 'errors.report.items_outside_body' }, step: 'items' });
    const unplaced = new ApiError(500, { code: 'common.internal' });
    expect(wizardErrors(unplaced)).toEqual({ fields: {}, step: null });
  });
});
