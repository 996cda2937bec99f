import { Fragment, useMemo } from 'react';
import { highlightRanges } from '@sidh/domain';

/** Splits `text` at the ranges `highlightRanges` finds for `query` (same folding rules as the API). */
export function splitHighlights(text: string, query: string): Array<{ text: string; match: boolean }> {
  const ranges = query.trim() ? highlightRanges(text, query) : [];
  const parts: Array<{ text: string; match: boolean }> = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push({ text: text.slice(at, start), match: false });
    parts.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false });
  return parts;
}

/** The text with the words matching the search query wrapped in `<mark>`. */
export function Highlighted({ text, query }: { text: string; query: string }) {
  const parts = useMemo(() => splitHighlights(text, query), [text, query]);
  return (
    <>
      {parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}
    </>
  );
}
