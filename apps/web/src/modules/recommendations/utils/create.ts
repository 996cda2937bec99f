/**
 * Pure logic of the creation form (a recommendation, or a question of a list of issues): the form
 * values, what must be filled in before sending, and the request body.
 */
import { isRecommendationResponse, type ItemKind, type Mechanism } from '@sidh/domain';
import type { NewRecommendation } from '../api';
import { emptyTaxonomies, TAXONOMY_FIELDS, type TaxonomyValues } from './taxonomy';

export interface CreateValues extends TaxonomyValues {
  kind: ItemKind;
  bodyId: string;
  documentSymbol: string;
  paragraph: string;
  textAr: string;
  textFr: string;
  textEn: string;
  /** '' = none; never sent for a question. */
  response: string;
  /** '' = none. */
  reviewId: string;
  externalCode: string;
  followUp: boolean;
  /** ISO date, '' = none; sent only with `followUp`. */
  followUpDueDate: string;
}

export const emptyCreateValues = (kind: ItemKind = 'recommendation'): CreateValues => ({
  kind,
  bodyId: '',
  documentSymbol: '',
  paragraph: '',
  textAr: '',
  textFr: '',
  textEn: '',
  response: '',
  reviewId: '',
  externalCode: '',
  followUp: false,
  followUpDueDate: '',
  ...emptyTaxonomies(),
});

/** Lists of issues come from the treaty bodies: the bodies a question may belong to. */
export function bodyFitsKind(mechanism: Mechanism, kind: ItemKind): boolean {
  return kind === 'recommendation' || mechanism === 'TREATY_BODY';
}

/**
 * The values after choosing a kind: a question has no response, and keeps its body only if it is a
 * treaty body (`mechanismOf` gives the chosen body's mechanism).
 */
export function withKind(values: CreateValues, kind: ItemKind, mechanismOf: (bodyId: string) => Mechanism | undefined): CreateValues {
  const mechanism = values.bodyId ? mechanismOf(values.bodyId) : undefined;
  return {
    ...values,
    kind,
    response: kind === 'question' ? '' : values.response,
    bodyId: mechanism && bodyFitsKind(mechanism, kind) ? values.bodyId : '',
    // a question has no recommending State
    recommendingStateCodes: kind === 'question' ? [] : values.recommendingStateCodes,
  };
}

/** What the API would refuse, said before sending: field → validation message key. */
export function createProblems(values: CreateValues): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!values.bodyId) problems['bodyId'] = 'validation.required';
  if (![values.textAr, values.textFr, values.textEn].some((t) => t.trim() !== '')) problems['textFr'] = 'validation.required';
  return problems;
}

const optional = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

/** The body of `POST /recommendations`: empty fields left out; a question never carries a response. */
export function toCreateBody(values: CreateValues): NewRecommendation {
  const body: NewRecommendation = { kind: values.kind, bodyId: values.bodyId };
  const set = (field: 'documentSymbol' | 'paragraph' | 'textAr' | 'textFr' | 'textEn' | 'externalCode', value: string) => {
    const v = optional(value);
    if (v !== undefined) body[field] = v;
  };
  set('documentSymbol', values.documentSymbol);
  set('paragraph', values.paragraph);
  set('textAr', values.textAr);
  set('textFr', values.textFr);
  set('textEn', values.textEn);
  set('externalCode', values.externalCode);
  if (values.kind === 'recommendation' && isRecommendationResponse(values.response)) body.response = values.response;
  if (values.reviewId) body.reviewId = values.reviewId;
  if (values.followUp) {
    body.followUp = true;
    if (values.followUpDueDate) body.followUpDueDate = values.followUpDueDate;
  }
  for (const field of TAXONOMY_FIELDS) {
    if (field === 'recommendingStateCodes' && values.kind === 'question') continue;
    if (values[field].length) body[field] = [...values[field]];
  }
  return body;
}
