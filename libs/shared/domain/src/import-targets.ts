/**
 * Target fields of the import mapping: stable names used by the API (mapping DTO, planner) and
 * the SPA (mapping step). Single-valued fields take one cell; list fields split the cell on a
 * separator (a JSON array in UHRI JSON needs none).
 */
export const SCALAR_TARGETS = [
  'externalCode',
  'documentSymbol',
  'paragraph',
  'text.ar',
  'text.fr',
  'text.en',
  'mechanism',
  'body',
  'review',
  'cycle',
  'session',
  'stateUnderReview',
  'response',
  'status',
  'kind',
] as const;
export const LIST_TARGETS = ['recommendingStates', 'themes', 'affectedPersons', 'sdgTargets', 'axes', 'subAxes', 'institutions'] as const;
export const TARGET_FIELDS = [...SCALAR_TARGETS, ...LIST_TARGETS] as const;
export type ScalarTarget = (typeof SCALAR_TARGETS)[number];
export type ListTarget = (typeof LIST_TARGETS)[number];
export type TargetField = (typeof TARGET_FIELDS)[number];
export const TEXT_TARGETS = ['text.ar', 'text.fr', 'text.en'] as const satisfies readonly ScalarTarget[];
/** List fields whose unknown labels may be created on request (countries and SDG targets are closed lists). */
export const CREATABLE_TARGETS = ['themes', 'affectedPersons', 'institutions'] as const;
export type CreatableTarget = (typeof CREATABLE_TARGETS)[number];
export const PRESET_NAMES = ['custom', 'uhri', 'upr-info', 'didh', 'un-report-csv', 'sidh-export', 'list-of-issues'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export const DUPLICATE_POLICIES = ['reject', 'merge', 'keep'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export const isListTarget = (field: string): field is ListTarget => (LIST_TARGETS as readonly string[]).includes(field);
export const isScalarTarget = (field: string): field is ScalarTarget => (SCALAR_TARGETS as readonly string[]).includes(field);
