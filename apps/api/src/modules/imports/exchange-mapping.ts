import { EXCHANGE_COLUMNS, exchangeColumnOf, exchangeValueCodes, type ExchangeField, type TargetField } from '@sidh/domain';
import type { ResolvedMapping } from './mapping.js';

const FIELD_OF_COLUMN = new Map<string, ExchangeField>(Object.entries(EXCHANGE_COLUMNS).map(([field, column]) => [column, field as ExchangeField]));
/** Fields whose localised values (status "Non entamée", response "حظيت بالتأييد"…) map back to codes. */
const VALUED = { mechanism: 'mechanism', response: 'response', status: 'status', kind: 'kind' } as const satisfies Partial<Record<TargetField, string>>;

/**
 * The `sidh-export` mapping for a file as exported: when a code column (`status`, `body`…) is not
 * in the file, the column of the same field under its header in Arabic, French or English
 * (`EXCHANGE_HEADERS`) is read instead, and its localised values (statuses, responses, mechanisms,
 * kinds) map back to codes. Names of bodies, reviews, states, themes and institutions need no map:
 * the importer finds them by name in any language. Other presets are returned as they are.
 */
export function withExchangeHeaders(mapping: ResolvedMapping, headers: readonly string[]): ResolvedMapping {
  if (mapping.preset !== 'sidh-export') return mapping;
  const fields: ResolvedMapping['fields'] = {};
  for (const [target, spec] of Object.entries(mapping.fields) as Array<[TargetField, NonNullable<ResolvedMapping['fields'][TargetField]>]>) {
    const exchangeField = spec.column ? FIELD_OF_COLUMN.get(spec.column) : undefined;
    if (!exchangeField || headers.includes(spec.column!)) {
      fields[target] = spec;
      continue;
    }
    const column = exchangeColumnOf(exchangeField, headers) ?? spec.column;
    const valued = VALUED[target as keyof typeof VALUED];
    fields[target] = { ...spec, column, ...(valued ? { values: { ...exchangeValueCodes(valued), ...spec.values } } : {}) };
  }
  return { ...mapping, fields };
}
