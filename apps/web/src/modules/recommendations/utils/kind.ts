/**
 * What a catalogue item is: a recommendation, or a question of a committee's list of issues (prior
 * to reporting), answered the same way. Pure helpers shared by the list, the detail and the forms.
 */
import { isItemKind, type ItemKind } from '@sidh/domain';

/**
 * The kind of an item as the API sends it (`kind`), read defensively: `recommendation` when the
 * field is absent or unknown (every item created before questions existed is a recommendation).
 */
export function kindOf(item: object): ItemKind {
  const kind = (item as { kind?: unknown }).kind;
  return isItemKind(kind) ? kind : 'recommendation';
}

export const isQuestion = (item: object): boolean => kindOf(item) === 'question';

/** Symbols to show as examples in the creation form. */
export const SYMBOL_EXAMPLE: Record<ItemKind, string> = { recommendation: 'A/HRC/36/6', question: 'CAT/C/MAR/QPR/5' };
