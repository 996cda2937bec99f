import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { wordDiff } from '../utils/word-diff';
import classes from './audit.module.css';

const ARABIC = /[\u0600-\u06FF]/;

/**
 * A long text's change word by word: added words underlined in green, removed words struck through
 * in red (and named for screen readers). Arabic text is laid out right to left.
 */
export function WordDiff({ before, after, field }: { before: string; after: string; field: string }) {
  const { t } = useTranslation();
  const parts = useMemo(() => wordDiff(before, after), [before, after]);
  const arabic = field.endsWith('Ar') || ARABIC.test(before + after);
  return (
    <p className={classes.wordDiff} dir={arabic ? 'rtl' : 'auto'} lang={arabic ? 'ar' : undefined} data-testid={`word-diff-${field}`}>
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === 'added' ? (
          <ins key={i} className={classes.added} aria-label={`${t('auditWorkspace.event.added')}: ${p.text}`}>
            {p.text}
          </ins>
        ) : (
          <del key={i} className={classes.removed} aria-label={`${t('auditWorkspace.event.removed')}: ${p.text}`}>
            {p.text}
          </del>
        ),
      )}
    </p>
  );
}
