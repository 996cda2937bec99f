/**
 * A changed value split around what differs: the common start and end are kept plain, the middle
 * is what the import removes (in `before`) or adds (in `after`). Enough for a recommendation whose
 * text gains a word or loses a ";"; a text rewritten from end to end is all middle.
 */
export interface DiffParts {
  prefix: string;
  middle: string;
  suffix: string;
}

export function diffParts(before: string, after: string): { before: DiffParts; after: DiffParts } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  // Whole words: a change inside a word marks the word.
  while (start > 0 && /\S/.test(before[start - 1]!) && /\S/.test(before[start] ?? ' ') && /\S/.test(after[start] ?? ' ')) start--;
  while (end > 0 && /\S/.test(before[before.length - end]!) && /\S/.test(before[before.length - end - 1] ?? ' ') && /\S/.test(after[after.length - end - 1] ?? ' ')) end--;
  const split = (s: string): DiffParts => ({ prefix: s.slice(0, start), middle: s.slice(start, s.length - end), suffix: s.slice(s.length - end) });
  return { before: split(before), after: split(after) };
}

/** Lists: what goes and what comes, each in its original order. */
export function listDiff(before: readonly string[], after: readonly string[]): { removed: string[]; added: string[]; kept: string[] } {
  return {
    removed: before.filter((v) => !after.includes(v)),
    added: after.filter((v) => !before.includes(v)),
    kept: after.filter((v) => before.includes(v)),
  };
}
