/**
 * The creation wizard's rules that are not layout: which step holds each field of `POST /reports`, which
 * bodies a report type goes to, the request from the form, and the API's refusals next to their fields.
 */
import { DEFAULT_WORD_LIMITS, REPORT_GROUPINGS, type Citable, type Locale, type ReportType } from '@sidh/domain';
import { fieldErrorsOf, isApiError } from '../../../app/api-client';
import { errorMessageKey } from '../../../app/error-messages';
import type { CreateReport } from '../types';

export const WIZARD_STEPS = ['report', 'body', 'items'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** The form's fields, named as the API names them. */
export type WizardField = 'type' | 'language' | 'title' | 'dueDate' | 'wordLimit' | 'groupBy' | 'bodyId' | 'reviewId' | 'itemIds' | 'filter';

const STEP_OF: Record<WizardField, WizardStep> = {
  type: 'report',
  language: 'report',
  title: 'report',
  dueDate: 'report',
  wordLimit: 'report',
  groupBy: 'report',
  bodyId: 'body',
  reviewId: 'body',
  itemIds: 'items',
  filter: 'items',
};

export type ItemsMode = 'filter' | 'picked';

export interface WizardValues {
  type: ReportType;
  language: Locale;
  title: string;
  dueDate: string;
  /** As typed: '' is no limit. */
  wordLimit: string;
  bodyId: string | null;
  reviewId: string | null;
  /** UPR national report: section III grouped by theme or by national axis. */
  groupBy: 'theme' | 'axis';
  mode: ItemsMode;
  /** Free text narrowing "every item of the review" (the list's search). */
  q: string;
  /** The hand-picked items: id → what their chip cites (in the UI's language when shown). */
  picked: ReadonlyMap<string, Citable>;
}

export function initialValues(language: Locale): WizardValues {
  const type: ReportType = 'upr_mid_term';
  return {
    type,
    language,
    title: '',
    dueDate: '',
    wordLimit: limitText(DEFAULT_WORD_LIMITS[type]),
    bodyId: null,
    reviewId: null,
    groupBy: 'theme',
    mode: 'picked',
    q: '',
    picked: new Map(),
  };
}

export function limitText(limit: number | null): string {
  return limit === null ? '' : String(limit);
}

/** UPR reports go to the UPR; the others to a treaty body. */
export function mechanismOf(type: ReportType): 'UPR' | 'TREATY_BODY' {
  return type === 'upr_national' || type === 'upr_mid_term' ? 'UPR' : 'TREATY_BODY';
}

/** Report types answered question by question cover the questions of a list of issues. */
export function itemKindOf(type: ReportType): 'question' | 'recommendation' {
  return REPORT_GROUPINGS[type] === 'question' ? 'question' : 'recommendation';
}

/** The word limit as typed: null for none, NaN when it is not a whole number above zero. */
export function parseLimit(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  return /^\d{1,7}$/.test(t) && Number(t) > 0 ? Number(t) : Number.NaN;
}

/** What is missing or wrong in a step, by field (message keys of the reports catalog). */
export function stepProblems(values: WizardValues, step: WizardStep): Partial<Record<WizardField, string>> {
  const out: Partial<Record<WizardField, string>> = {};
  if (step === 'report') {
    if (!values.title.trim()) out.title = 'reports.wizard.required';
    if (Number.isNaN(parseLimit(values.wordLimit))) out.wordLimit = 'reports.wizard.limitPositive';
  } else if (step === 'body') {
    if (!values.bodyId) out.bodyId = 'reports.wizard.required';
  } else if (values.mode === 'picked' && values.picked.size === 0) {
    out.itemIds = 'reports.wizard.pickOne';
  }
  return out;
}

/** The `POST /reports` body of the form. */
export function createRequest(values: WizardValues): CreateReport {
  const limit = parseLimit(values.wordLimit);
  const filter: NonNullable<CreateReport['filter']> = { kind: itemKindOf(values.type) };
  if (values.reviewId) filter.reviewId = values.reviewId;
  if (values.q.trim()) filter.q = values.q.trim();
  return {
    type: values.type,
    bodyId: values.bodyId ?? '',
    reviewId: values.reviewId,
    language: values.language,
    title: values.title.trim(),
    dueDate: values.dueDate || null,
    wordLimit: limit === null || Number.isNaN(limit) ? null : limit,
    ...(values.type === 'upr_national' ? { groupBy: values.groupBy } : {}),
    ...(values.mode === 'picked' ? { itemIds: [...values.picked.keys()] } : { filter }),
  };
}

/** The `GET /recommendations` parameters of the items a report may cover (their kind, body, review and search). */
export function itemParams(values: Pick<WizardValues, 'type' | 'bodyId' | 'reviewId' | 'q'>, extra: Record<string, string> = {}): URLSearchParams {
  const p = new URLSearchParams({ kind: itemKindOf(values.type) });
  if (values.bodyId) p.set('bodyId', values.bodyId);
  if (values.reviewId) p.set('reviewId', values.reviewId);
  if (values.q.trim()) p.set('q', values.q.trim());
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/** A refusal of `POST /reports` shown next to the fields it names: translation keys by field, and the first step concerned. */
export interface WizardErrors {
  fields: Partial<Record<WizardField, string>>;
  step: WizardStep | null;
}

/** The wizard field an API field name belongs to (`filter.reviewId` → `filter`). */
function wizardField(apiField: string): WizardField | null {
  const root = apiField.split('.')[0]!.replace(/\[\d+\]$/, '');
  return root in STEP_OF ? (root as WizardField) : null;
}

/**
 * 400 `validation.failed` names fields in `details.fields` (field → validation message key); the 422
 * refusals of the planner (`report.*`) name theirs in `details.field`.
 */
export function wizardErrors(error: unknown): WizardErrors {
  const fields: Partial<Record<WizardField, string>> = {};
  const named = fieldErrorsOf(error);
  if (named) {
    for (const [apiField, key] of Object.entries(named)) {
      const f = wizardField(apiField);
      if (f && !fields[f]) fields[f] = key;
    }
  } else if (isApiError(error) && typeof error.details?.['field'] === 'string') {
    const f = wizardField(error.details['field']);
    if (f) fields[f] = errorMessageKey(error.code);
  }
  const step = WIZARD_STEPS.find((s) => Object.keys(fields).some((f) => STEP_OF[f as WizardField] === s)) ?? null;
  return { fields, step };
}
