import type { ReactNode } from 'react';
import { isToTranslateMarker, parseReportMarkdown, type InlineRun, type ReportBlock } from '@sidh/domain';
import classes from './reports.module.css';

/** A block's runs as text with emphasis: React elements only, so any markup typed stays literal text. */
function Runs({ runs }: { runs: readonly InlineRun[] }) {
  return (
    <>
      {runs.map((r, i) => {
        let node: ReactNode = r.text;
        if (r.italic) node = <em>{node}</em>;
        if (r.bold) node = <strong>{node}</strong>;
        return <span key={i}>{node}</span>;
      })}
    </>
  );
}

const textOf = (runs: readonly InlineRun[]) => runs.map((r) => r.text).join('');

/** Consecutive bullets (or numbered items) make one list. */
type Group = { kind: 'list'; ordered: boolean; items: ReportBlock[] } | { kind: 'block'; block: ReportBlock };

function group(blocks: readonly ReportBlock[]): Group[] {
  const out: Group[] = [];
  for (const block of blocks) {
    if (block.kind === 'bullet' || block.kind === 'numbered') {
      const ordered = block.kind === 'numbered';
      const last = out[out.length - 1];
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(block);
      else out.push({ kind: 'list', ordered, items: [block] });
    } else out.push({ kind: 'block', block });
  }
  return out;
}

function Block({ block }: { block: ReportBlock }) {
  const marker = isToTranslateMarker(textOf(block.runs));
  const runs = <Runs runs={block.runs} />;
  switch (block.kind) {
    case 'heading': {
      const H = (['h3', 'h4', 'h5'] as const)[block.level - 1]!;
      return (
        <H data-block="heading" dir="auto">
          {runs}
        </H>
      );
    }
    case 'quote':
      return (
        <blockquote data-block="quote" dir="auto" data-to-translate={marker || undefined} className={marker ? classes.toTranslate : undefined}>
          {runs}
        </blockquote>
      );
    default:
      return (
        <p data-block="paragraph" dir="auto" data-to-translate={marker || undefined} className={marker ? classes.toTranslate : undefined}>
          {runs}
        </p>
      );
  }
}

/**
 * The preview of a section's text (the Markdown subset of `@sidh/domain`), from the blocks the Word export
 * and the word count read too. Never rendered as HTML: a `<script>` typed in a section shows as text.
 * `lang`/`dir` follow the report's language, whatever the interface's; each block takes the direction of its
 * own text (a contribution inserted "to translate" in Arabic reads right to left inside a French report).
 */
export function ReportPreview({
  source,
  language,
  dir,
  empty,
  testId,
}: {
  source: string;
  language: string;
  dir: 'rtl' | 'ltr';
  /** Shown when the text has no block. */
  empty?: string;
  testId?: string;
}) {
  const groups = group(parseReportMarkdown(source));
  return (
    <div className={classes.preview} lang={language} dir={dir} data-testid={testId}>
      {groups.length === 0 && empty && <p className={classes.empty}>{empty}</p>}
      {groups.map((g, i) =>
        g.kind === 'list' ? (
          g.ordered ? (
            <ol key={i} data-block="numbered" dir="auto">
              {g.items.map((b, j) => (
                <li key={j}>
                  <Runs runs={b.runs} />
                </li>
              ))}
            </ol>
          ) : (
            <ul key={i} data-block="bullet" dir="auto">
              {g.items.map((b, j) => (
                <li key={j}>
                  <Runs runs={b.runs} />
                </li>
              ))}
            </ul>
          )
        ) : (
          <Block key={i} block={g.block} />
        ),
      )}
    </div>
  );
}
