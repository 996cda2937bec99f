import { memo, useState } from 'react';
import { Badge, Tooltip } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { hasCitation, recordName, type Locale } from '@sidh/domain';
import type { RecommendationSummary } from '../../../app/api-types';
import { useLanguageName, useLocale } from '../../../app/locale';
import { recommendationPath } from '../../../app/routes';
import { availableTexts, localName, localTitle, pickText } from '../utils/labels';
import { kindOf } from '../utils/kind';
import { FollowUpBadge, KindBadge, MechanismBadge, ResponseBadge, StatusBadge } from './Badges';
import { Highlighted } from './Highlighted';
import classes from './recommendations.module.css';

/** A list item; `matchedVia` is set when the search found it only through another language's text. */
export type SearchItem = RecommendationSummary;

/** "English", "Arabic and French", in the UI language. */
function useLanguageList() {
  const { intlLocale } = useLocale();
  const languageName = useLanguageName();
  return (codes: readonly string[]) => {
    const names = codes.map(languageName);
    try {
      return new Intl.ListFormat(intlLocale, { type: 'conjunction' }).format(names);
    } catch {
      return names.join(', ');
    }
  };
}

/**
 * One search result: citation (in the UI language, with a hint when several results share it), badges,
 * the text in the UI language when there is one, the other languages one click away, and a mark when
 * the search found it only through another language's text.
 */
export const ResultCard = memo(function ResultCard({ item, query, hint }: { item: SearchItem; query: string; hint?: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const languageName = useLanguageName();
  const languageList = useLanguageList();
  const [chosen, setChosen] = useState<Locale | null>(null);
  const texts = availableTexts(item);
  const text = (chosen && texts.find((x) => x.lang === chosen)) || pickText(item, locale);
  const body = localName(item.body, locale);
  const review = localTitle(item.review, locale);
  const via = item.matchedVia ?? [];
  // Plain elements and one CSS module (only the badges are Mantine's): twenty cards are built at
  // once on a slow phone, and each Mantine layout component costs a style resolution per render.
  return (
    <article className={classes.result} data-testid="result">
      <div className={classes.resultHead}>
        <div className={classes.resultTitle}>
          {/* Without a reference (created by hand), the link is named by the text's opening words, not a dash. */}
          <Link to={recommendationPath(item.id)} className={classes.citation} dir={hasCitation(item) ? 'ltr' : 'auto'} data-testid="result-citation">
            {recordName(item, locale, 6)}
          </Link>
          {hint && (
            <span className={classes.dimmedXs} dir="auto" data-testid="result-citation-hint">
              {hint}
            </span>
          )}
        </div>
        <div className={classes.resultBadges}>
          {item.followUp && <FollowUpBadge />}
          <StatusBadge status={item.status} />
        </div>
      </div>
      <div className={classes.resultMeta}>
        <KindBadge kind={kindOf(item)} />
        <MechanismBadge mechanism={item.mechanism} />
        {item.mechanism !== 'UPR' && <span lang={body?.lang}>{body?.text ?? item.body.code}</span>}
        {item.review && (
          <span dir="auto" lang={review?.lang} data-testid="review-title">
            · {review?.text ?? item.review.code}
          </span>
        )}
        <ResponseBadge response={item.response} />
        {item.externalCode && (
          <Badge variant="default" fw={500} dir="ltr">
            {item.externalCode}
          </Badge>
        )}
        {via.length > 0 && (
          <Tooltip label={t('crossLanguage.matchedViaHint', { languages: languageList(via) })} multiline w={280} withArrow>
            <Badge color="sand" variant="light" leftSection={<IconLanguage size={12} aria-hidden />} data-testid="matched-via" data-languages={via.join(',')} tabIndex={0}>
              {t('crossLanguage.matchedVia', { languages: languageList(via) })}
            </Badge>
          </Tooltip>
        )}
      </div>
      {text ? (
        <p dir="auto" lang={text.lang} className={classes.resultText} data-testid="result-text">
          <Highlighted text={text.text} query={query} />
        </p>
      ) : (
        <p className={classes.noText}>{t('recommendation.noText')}</p>
      )}
      {(text && text.lang !== locale) || texts.length > 1 ? (
        <div className={classes.resultLanguages}>
          {text && text.lang !== locale && <span>{t('recommendation.shownIn', { language: languageName(text.lang) })}</span>}
          {texts
            .filter((x) => x.lang !== text?.lang)
            .map((x) => (
              <button key={x.lang} type="button" className={classes.showIn} onClick={() => setChosen(x.lang)} lang={x.lang} data-testid={`show-text-${x.lang}`}>
                {t('crossLanguage.showIn', { language: languageName(x.lang) })}
              </button>
            ))}
        </div>
      ) : null}
    </article>
  );
});
