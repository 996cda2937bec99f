import type { Locale } from '@sidh/domain';
import ar from './ar.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };
import importsAr from './imports/ar.json' with { type: 'json' };
import importsEn from './imports/en.json' with { type: 'json' };
import importsFr from './imports/fr.json' with { type: 'json' };
import reportingAr from './reporting/ar.json' with { type: 'json' };
import reportingEn from './reporting/en.json' with { type: 'json' };
import reportingFr from './reporting/fr.json' with { type: 'json' };
import reportsAr from './reports/ar.json' with { type: 'json' };
import reportsEn from './reports/en.json' with { type: 'json' };
import reportsFr from './reports/fr.json' with { type: 'json' };

/**
 * Every visible string, per language. Feature catalogs live in their own files (one namespace
 * each: `imports.*`, `reporting.*`, `reports.*`) so features are translated side by side without conflicts.
 */
export const catalogs: Record<Locale, Record<string, unknown>> = {
  ar: { ...ar, imports: importsAr, reporting: reportingAr, reports: reportsAr },
  fr: { ...fr, imports: importsFr, reporting: reportingFr, reports: reportsFr },
  en: { ...en, imports: importsEn, reporting: reportingEn, reports: reportsEn },
};
