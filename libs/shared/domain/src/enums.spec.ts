import {
  ASSIGNMENT_ROLES,
  CONFIDENTIALITY,
  CONTRIBUTION_STATUSES,
  IMPLEMENTATION_STATUSES,
  INDICATOR_TYPES,
  INSTITUTION_TYPES,
  LOCALES,
  MECHANISMS,
  RECOMMENDATION_RESPONSES,
  isAssignmentRole,
  isConfidentiality,
  isContributionStatus,
  isImplementationStatus,
  isIndicatorType,
  isInstitutionType,
  isLocale,
  isMechanism,
  isRecommendationResponse,
  isRtl,
} from './enums.js';

describe('enums', () => {
  it('has the expected values', () => {
    expect(LOCALES).toEqual(['ar', 'fr', 'en']);
    expect(MECHANISMS).toEqual(['UPR', 'TREATY_BODY', 'SPECIAL_PROCEDURE']);
    expect(RECOMMENDATION_RESPONSES).toEqual(['supported', 'supported_in_part', 'noted']);
    expect(IMPLEMENTATION_STATUSES).toEqual([
      'not_started',
      'in_progress',
      'partially_implemented',
      'implemented',
      'continuous',
      'not_applicable',
    ]);
    expect(ASSIGNMENT_ROLES).toEqual(['lead', 'contributor']);
    expect(CONTRIBUTION_STATUSES).toEqual(['draft', 'submitted', 'approved', 'validated', 'returned']);
    expect(CONFIDENTIALITY).toEqual(['public', 'internal', 'restricted']);
    expect(INDICATOR_TYPES).toEqual(['structural', 'process', 'outcome']);
    expect(INSTITUTION_TYPES).toHaveLength(6);
  });

  it('isRtl only for Arabic', () => {
    expect(isRtl('ar')).toBe(true);
    expect(isRtl('fr')).toBe(false);
    expect(isRtl('en')).toBe(false);
  });

  const cases: Array<[string, readonly string[], (x: unknown) => boolean]> = [
    ['LOCALES', LOCALES, isLocale],
    ['MECHANISMS', MECHANISMS, isMechanism],
    ['RECOMMENDATION_RESPONSES', RECOMMENDATION_RESPONSES, isRecommendationResponse],
    ['IMPLEMENTATION_STATUSES', IMPLEMENTATION_STATUSES, isImplementationStatus],
    ['ASSIGNMENT_ROLES', ASSIGNMENT_ROLES, isAssignmentRole],
    ['CONTRIBUTION_STATUSES', CONTRIBUTION_STATUSES, isContributionStatus],
    ['CONFIDENTIALITY', CONFIDENTIALITY, isConfidentiality],
    ['INDICATOR_TYPES', INDICATOR_TYPES, isIndicatorType],
    ['INSTITUTION_TYPES', INSTITUTION_TYPES, isInstitutionType],
  ];

  it.each(cases)('guard for %s accepts members and rejects others', (_name, values, isX) => {
    for (const v of values) expect(isX(v)).toBe(true);
    for (const bad of [undefined, null, 1, '', 'nope', {}, ['lead'], values[0] + ' ', 'toString']) {
      expect(isX(bad)).toBe(false);
    }
  });
});
