import fc from 'fast-check';
import { IMPLEMENTATION_STATUSES } from './enums.js';
import { suggestConsolidatedStatus } from './recommendation-status.js';

describe('suggestConsolidatedStatus', () => {
  it.each([
    [[], null],
    [['implemented'], 'implemented'],
    [['implemented', 'implemented'], 'implemented'],
    [['not_applicable', 'not_applicable'], 'not_applicable'],
    [['continuous'], 'continuous'],
    [['continuous', 'implemented'], 'continuous'],
    [['not_started', 'not_started'], 'not_started'],
    [['implemented', 'not_started'], 'partially_implemented'],
    [['partially_implemented', 'in_progress'], 'partially_implemented'],
    [['continuous', 'not_started'], 'in_progress'],
    [['in_progress', 'not_started'], 'in_progress'],
    [['in_progress'], 'in_progress'],
    [['implemented', 'not_applicable'], 'implemented'],
    [['not_started', 'not_applicable'], 'not_started'],
  ] as const)('%j → %s', (input, expected) => {
    expect(suggestConsolidatedStatus(input)).toBe(expected);
  });

  it('is order-independent and always returns a known status (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...IMPLEMENTATION_STATUSES), { minLength: 1, maxLength: 8 }), (xs) => {
        const r = suggestConsolidatedStatus(xs);
        expect(IMPLEMENTATION_STATUSES).toContain(r);
        expect(suggestConsolidatedStatus([...xs].reverse())).toBe(r);
      }),
    );
  });
});
