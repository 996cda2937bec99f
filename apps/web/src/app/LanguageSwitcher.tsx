import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '@sidh/domain';
import { SegmentedChoice } from './layout/SegmentedChoice';
import { useLocale } from './locale';

/** ar / fr / en, each named in its own language; the choice is remembered on this browser. */
export function LanguageSwitcher({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  return (
    <SegmentedChoice<Locale>
      size={size}
      value={locale}
      onChange={(v) => setLocale(v)}
      aria-label={t('header.language')}
      data-testid="language-switcher"
      data={LOCALES.map((l) => ({
        value: l,
        label: (
          <span lang={l} data-testid={`lang-${l}`}>
            {t(`languages.${l}`)}
          </span>
        ),
      }))}
    />
  );
}
