import type { RecommendationDetail } from '../../app/api-types';

/** A recommendation as `GET /recommendations/:id` answers it, for the web tests; `overrides` change what a test is about. */
export function recommendationDetail(overrides: Partial<RecommendationDetail> = {}): RecommendationDetail {
  return {
    id: 'rec-1',
    kind: 'recommendation',
    mechanism: 'UPR',
    body: { id: 'b', code: 'UPR', nameAr: 'الاستعراض الدوري الشامل', nameFr: 'Examen périodique universel', nameEn: 'Universal Periodic Review' },
    review: null,
    documentSymbol: 'A/HRC/36/6',
    paragraph: '144.44',
    externalCode: null,
    textAr: 'نص',
    textFr: 'Texte initial',
    textEn: null,
    response: 'supported',
    status: 'in_progress',
    followUp: false,
    version: 4,
    followUpDueDate: null,
    recommendingStates: [],
    themes: [],
    affectedPersons: [],
    sdgTargets: [],
    axes: [],
    subAxes: [],
    assignments: [],
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-02T00:00:00Z',
    ...overrides,
  };
}
