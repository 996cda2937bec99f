import { useLocale } from '../../../app/locale';
import { usePublicSettings } from '../hooks/use-settings';
import classes from './org-brand.module.css';

type Lang = 'ar' | 'fr' | 'en';
const ORDER: Record<Lang, Lang[]> = { ar: ['ar', 'fr', 'en'], fr: ['fr', 'en', 'ar'], en: ['en', 'fr', 'ar'] };

/**
 * The organisation's logo and name (settings) on the login page: one small public request, a box of
 * fixed height reserved from the first render (no layout shift), the logo with its intrinsic size
 * when known, decorative (the name is the text).
 */
export function OrgBrand() {
  const { locale } = useLocale();
  const { data } = usePublicSettings();
  const names = data?.organisationName;
  const name = names ? ORDER[locale as Lang].map((l) => names[l]?.trim()).find((n) => !!n) : undefined;
  const width = data?.logoWidth && data.logoHeight ? Math.round((48 * data.logoWidth) / data.logoHeight) : undefined;
  return (
    <div className={classes.brand} data-testid="org-brand">
      {data?.logoUrl && <img className={classes.logo} src={data.logoUrl} alt="" height={48} width={width} decoding="async" data-testid="org-logo" />}
      {name && (
        <span className={classes.name} dir="auto" data-testid="org-name">
          {name}
        </span>
      )}
    </div>
  );
}
