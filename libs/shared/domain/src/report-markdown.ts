/**
 * The small Markdown subset in which the coordinator edits the sections of a report. The text is stored as
 * typed and parsed here into ReportBlock[] — the one reading shared by the editor's preview, the word count
 * and the Word export. Nothing is ever rendered as HTML: anything outside the subset (tags, `<script>`,
 * links, images, tables, code) is kept as literal text.
 *
 * Blocks, one per line (leading and trailing whitespace of a line is ignored):
 *   `# ` `## ` `### `        heading of level 1, 2, 3, under the section's own heading (`#### `: literal text)
 *   `- ` or `* `             bullet
 *   `1. ` or `12) `          numbered item (the number itself is not kept: the document numbers the list)
 *   `> `                     quote; consecutive `> ` lines make one quote
 *   any other text           paragraph; consecutive text lines join with a space into one paragraph
 *   blank line               ends the paragraph or quote
 * Headings, bullets and numbered items are one line each. A marker with nothing after it (`-`, `#`, `>`, `1.`)
 * yields no block. A space or tab must follow a marker (`-x`, `>x`, `#x` are text).
 *
 * Inline, inside any block: `**bold**`, `*italic*`, `_italic_`, nestable (`***both***`, `**bold _both_**`).
 * A marker opens only before a non-space character and closes only after one; `_` does not open or close
 * inside a word (`snake_case_name` stays as typed); a marker left unclosed stays literal text. `\*`, `\_` and
 * `\\` stand for a literal `*`, `_`, `\` (a backslash before anything else is itself literal).
 * Edge whitespace of an emphasised run is returned unemphasised (invisible in print, and it lets
 * serializeReportBlocks write back text that parses to the same blocks).
 *
 * The parser is a single left-to-right pass with a delimiter stack of at most three entries (one per
 * marker kind), so it is linear in the input, hostile input included (a 5 MB run of `*`, 200,000 nested
 * `> `, a line of alternating markers); its regular expressions cannot backtrack.
 */
import type { InlineRun, ReportBlock } from './report-document.js';

type Delimiter = '**' | '*' | '_';

interface DelimiterPiece {
  delimiter: Delimiter;
  /** `pending` while on the stack; openers left pending at the end become literal text. */
  role: 'pending' | 'open' | 'close' | 'literal';
}
type Piece = string | DelimiterPiece;

const HEADING = /^(#{1,3})[ \t]+/;
const BULLET = /^[-*][ \t]+/;
const NUMBERED = /^\d{1,9}[.)][ \t]+/;
const QUOTE = /^>[ \t]+/;
/** A block marker alone on its line: an empty block, which is dropped. */
const BARE_MARKER = /^(?:#{1,3}|[-*>]|\d{1,9}[.)])$/;

const WHITESPACE = /\s/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Text without any of these has no inline markup: one plain run. */
const INLINE_SPECIAL = /[*_\\]/;
const STAR = 42;
const UNDERSCORE = 95;
const BACKSLASH = 92;

/** `\s`, with a fast path for ASCII (the parser asks once per marker and per run edge). */
function isWhitespace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return WHITESPACE.test(ch);
}

/** A letter or digit in any script (where `_` may not open or close). */
function isWordChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return WORD_CHAR.test(ch);
}

/** Parses section text into blocks. Accepts any string; `\r\n` and `\r` count as line breaks. */
export function parseReportMarkdown(source: string): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  let open: { kind: 'paragraph' | 'quote'; lines: string[] } | null = null;
  const flush = (): void => {
    if (open) blocks.push({ kind: open.kind, runs: parseReportInline(open.lines.join(' ')) });
    open = null;
  };

  for (const raw of source.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || BARE_MARKER.test(line)) {
      flush();
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = HEADING.exec(line))) {
      flush();
      const level = m[1]!.length as 1 | 2 | 3;
      blocks.push({ kind: 'heading', level, runs: parseReportInline(line.slice(m[0].length)) });
    } else if ((m = BULLET.exec(line))) {
      flush();
      blocks.push({ kind: 'bullet', runs: parseReportInline(line.slice(m[0].length)) });
    } else if ((m = NUMBERED.exec(line))) {
      flush();
      blocks.push({ kind: 'numbered', runs: parseReportInline(line.slice(m[0].length)) });
    } else if ((m = QUOTE.exec(line))) {
      const content = line.slice(m[0].length);
      if (open?.kind === 'quote') open.lines.push(content);
      else {
        flush();
        open = { kind: 'quote', lines: [content] };
      }
    } else if (open?.kind === 'paragraph') {
      open.lines.push(line);
    } else {
      flush();
      open = { kind: 'paragraph', lines: [line] };
    }
  }
  flush();
  return blocks;
}

/** Parses the inline emphasis of one block's text (already trimmed, on one line). */
export function parseReportInline(text: string): InlineRun[] {
  if (!INLINE_SPECIAL.test(text)) return text ? [{ text }] : [];
  const pieces: Piece[] = [];
  // At most one opener of each kind is pending at a time, so the stack never holds more than three.
  const stack: DelimiterPiece[] = [];
  const n = text.length;
  let textStart = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== STAR && c !== UNDERSCORE && c !== BACKSLASH) {
      i++;
      continue;
    }
    if (c === BACKSLASH) {
      const e = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (e === STAR || e === UNDERSCORE || e === BACKSLASH) {
        if (i > textStart) pieces.push(text.slice(textStart, i));
        pieces.push(text[i + 1]!);
        i += 2;
        textStart = i;
      } else i++;
      continue;
    }
    let j = i + 1;
    while (j < n && text.charCodeAt(j) === c) j++;
    const prev = i > 0 ? text[i - 1]! : '';
    const next = j < n ? text[j]! : '';
    const canClose = prev !== '' && !isWhitespace(prev);
    const canOpen = next !== '' && !isWhitespace(next);

    if (c === STAR) {
      let count = j - i;
      const closes = canClose && closableStar(stack, count) >= 0;
      const opens = canOpen && ((count >= 2 && !isPending(stack, '**')) || !isPending(stack, '*'));
      if (!closes && !opens) {
        i = j; // literal: it stays inside the current text slice
        continue;
      }
      if (i > textStart) pieces.push(text.slice(textStart, i));
      // Close first (innermost first), then open with what is left; the rest is literal.
      for (let k = canClose ? closableStar(stack, count) : -1; k >= 0; k = closableStar(stack, count)) {
        count -= starSize(closeAt(pieces, stack, k));
      }
      const openBold = canOpen && count >= 2 && !isPending(stack, '**');
      if (openBold) count -= 2;
      const openItalic = canOpen && count >= 1 && !isPending(stack, '*');
      if (openItalic) count -= 1;
      if (count > 0) pieces.push(count === 1 ? '*' : text.slice(i, i + count));
      if (openBold) pushOpener(pieces, stack, '**');
      if (openItalic) pushOpener(pieces, stack, '*');
    } else {
      // `__` and longer are literal (the subset has no `__bold__`).
      let k = stack.length - 1;
      while (k >= 0 && stack[k]!.delimiter !== '_') k--;
      const closes = j - i === 1 && k >= 0 && canClose && !(next !== '' && isWordChar(next));
      const opens = j - i === 1 && k < 0 && canOpen && !(prev !== '' && isWordChar(prev));
      if (!closes && !opens) {
        i = j;
        continue;
      }
      if (i > textStart) pieces.push(text.slice(textStart, i));
      if (closes) closeAt(pieces, stack, k);
      else pushOpener(pieces, stack, '_');
    }
    i = j;
    textStart = j;
  }
  if (n > textStart) pieces.push(text.slice(textStart));
  for (const p of stack) p.role = 'literal';
  return toRuns(pieces);
}


function starSize(d: Delimiter): number {
  return d === '**' ? 2 : d === '*' ? 1 : 0;
}

/** The stack index of the innermost `*` or `**` opener that `count` stars can close, or -1. */
function closableStar(stack: readonly DelimiterPiece[], count: number): number {
  for (let k = stack.length - 1; k >= 0; k--) {
    const size = starSize(stack[k]!.delimiter);
    if (size > 0 && size <= count) return k;
  }
  return -1;
}

function isPending(stack: readonly DelimiterPiece[], d: Delimiter): boolean {
  for (const p of stack) if (p.delimiter === d) return true;
  return false;
}

function pushOpener(pieces: Piece[], stack: DelimiterPiece[], delimiter: Delimiter): void {
  const piece: DelimiterPiece = { delimiter, role: 'pending' };
  stack.push(piece);
  pieces.push(piece);
}

/** Closes the opener at stack index k; openers above it can no longer close and become literal. */
function closeAt(pieces: Piece[], stack: DelimiterPiece[], k: number): Delimiter {
  while (stack.length - 1 > k) stack.pop()!.role = 'literal';
  const opener = stack.pop()!;
  opener.role = 'open';
  pieces.push({ delimiter: opener.delimiter, role: 'close' });
  return opener.delimiter;
}

/** Pieces → runs: applies the matched markers, moves edge whitespace out of emphasis, merges neighbours. */
function toRuns(pieces: readonly Piece[]): InlineRun[] {
  const out: InlineRun[] = [];
  const append = (text: string, bold: boolean, italic: boolean): void => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && !!last.bold === bold && !!last.italic === italic) last.text += text;
    else out.push(makeRun(text, bold, italic));
  };
  let bold = false;
  let italic = 0;
  let segment = '';
  const emit = (): void => {
    if (!segment) return;
    if (!bold && italic === 0) append(segment, false, false);
    else {
      let a = 0;
      let b = segment.length;
      while (a < b && isWhitespace(segment[a]!)) a++;
      while (b > a && isWhitespace(segment[b - 1]!)) b--;
      append(segment.slice(0, a), false, false);
      append(segment.slice(a, b), bold, italic > 0);
      append(segment.slice(b), false, false);
    }
    segment = '';
  };
  for (const p of pieces) {
    if (typeof p === 'string') segment += p;
    else if (p.role === 'literal' || p.role === 'pending') segment += p.delimiter;
    else {
      emit();
      if (p.delimiter === '**') bold = p.role === 'open';
      else italic += p.role === 'open' ? 1 : -1;
    }
  }
  emit();
  return out;
}

function makeRun(text: string, bold: boolean, italic: boolean): InlineRun {
  const run: InlineRun = { text };
  if (bold) run.bold = true;
  if (italic) run.italic = true;
  return run;
}

/** The text of the blocks without any marker, one block a line: what is counted and what a plain cell shows. */
export function reportBlocksToPlainText(blocks: readonly ReportBlock[]): string {
  return blocks.map((b) => runsText(b.runs)).join('\n');
}

function runsText(runs: readonly InlineRun[]): string {
  let s = '';
  for (const r of runs) s += r.text;
  return s;
}

/**
 * Writes blocks back as section text. For blocks produced by parseReportMarkdown,
 * `parseReportMarkdown(serializeReportBlocks(blocks))` deep-equals `blocks`. Numbered items are written `1.`
 * (the number is not part of the block); line breaks inside a run become spaces; literal `*`, `_` and `\`
 * are written escaped (`\*`) so that they cannot pair with the emphasis markers around them.
 */
export function serializeReportBlocks(blocks: readonly ReportBlock[]): string {
  let out = '';
  let previous: ReportBlock['kind'] | null = null;
  for (const block of blocks) {
    const line = blockPrefix(block) + serializeRuns(block.runs);
    if (previous !== null) out += previous === block.kind && (block.kind === 'bullet' || block.kind === 'numbered') ? '\n' : '\n\n';
    out += line;
    previous = block.kind;
  }
  return out;
}

function blockPrefix(block: ReportBlock): string {
  switch (block.kind) {
    case 'heading':
      return '#'.repeat(block.level) + ' ';
    case 'bullet':
      return '- ';
    case 'numbered':
      return '1. ';
    case 'quote':
      return '> ';
    case 'paragraph':
      return '';
  }
}

function serializeRuns(runs: readonly InlineRun[]): string {
  let s = '';
  for (const r of runs) {
    const text = escapeReportText(r.text.replace(/[\r\n]+/g, ' '));
    const marker = r.bold && r.italic ? '***' : r.bold ? '**' : r.italic ? '*' : '';
    s += marker + text + marker;
  }
  return s;
}

/** Text to insert literally into section text: `*`, `_` and `\\` are escaped so they cannot act as markers. */
export function escapeReportText(text: string): string {
  return text.replace(/[\\*_]/g, '\\$&');
}
