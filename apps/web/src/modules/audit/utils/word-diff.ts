/**
 * A word diff for long texts in the audit trail (the `diff` package is not a dependency): the
 * longest common subsequence of the two texts' words, whitespace kept with the word before it, so
 * that the parts joined give back each text exactly. Any script: words are split on whitespace only,
 * so Arabic, French and English are compared alike.
 */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** Words with their trailing whitespace (`"a  b"` → `["a  ", "b"]`); leading whitespace is its own token. */
export function tokens(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

/** Above this many token pairs the table would be too large: the texts are shown as removed then added. */
const MAX_CELLS = 4_000_000;

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  // Common head and tail first: most edits touch a few words of a long text.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle: DiffPart[] = [];
  if (x.length * y.length > MAX_CELLS) {
    if (x.length) middle.push({ kind: 'removed', text: x.join('') });
    if (y.length) middle.push({ kind: 'added', text: y.join('') });
  } else {
    // lcs[i][j]: length of the LCS of x[i..] and y[j..], one row of Uint32 per i.
    const rows = x.length + 1;
    const cols = y.length + 1;
    const lcs = new Uint32Array(rows * cols);
    for (let i = x.length - 1; i >= 0; i -= 1) {
      for (let j = y.length - 1; j >= 0; j -= 1) {
        lcs[i * cols + j] = x[i] === y[j] ? lcs[(i + 1) * cols + j + 1]! + 1 : Math.max(lcs[(i + 1) * cols + j]!, lcs[i * cols + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        middle.push({ kind: 'same', text: x[i]! });
        i += 1;
        j += 1;
      } else if (i < x.length && (j === y.length || lcs[(i + 1) * cols + j]! >= lcs[i * cols + j + 1]!)) {
        // Removed before added: what went out reads before what came in.
        middle.push({ kind: 'removed', text: x[i]! });
        i += 1;
      } else {
        middle.push({ kind: 'added', text: y[j]! });
        j += 1;
      }
    }
  }
  const parts = [...a.slice(0, head).map((text) => ({ kind: 'same' as const, text })), ...middle, ...a.slice(a.length - tail).map((text) => ({ kind: 'same' as const, text }))];
  // Adjacent parts of the same kind merged: fewer, longer marks.
  const merged: DiffPart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (last && last.kind === p.kind) last.text += p.text;
    else merged.push({ ...p });
  }
  return merged;
}

/** True when a value is shown as a word diff: texts long enough that a whole-value swap would hide the edit. */
export const isLongText = (before: unknown, after: unknown): boolean =>
  typeof before === 'string' && typeof after === 'string' && Math.max(before.length, after.length) > 40;
