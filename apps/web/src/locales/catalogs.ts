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
import workflowAr from './workflow/ar.json' with { type: 'json' };
import workflowEn from './workflow/en.json' with { type: 'json' };
import workflowFr from './workflow/fr.json' with { type: 'json' };
import actionsAr from './audit-actions/ar.json' with { type: 'json' };
import actionsEn from './audit-actions/en.json' with { type: 'json' };
import actionsFr from './audit-actions/fr.json' with { type: 'json' };
import a11yAr from './a11y/ar.json' with { type: 'json' };
import a11yEn from './a11y/en.json' with { type: 'json' };
import a11yFr from './a11y/fr.json' with { type: 'json' };
import crossLanguageAr from './crossLanguage/ar.json' with { type: 'json' };
import crossLanguageEn from './crossLanguage/en.json' with { type: 'json' };
import crossLanguageFr from './crossLanguage/fr.json' with { type: 'json' };
import auditWorkspaceAr from './auditWorkspace/ar.json' with { type: 'json' };
import auditWorkspaceEn from './auditWorkspace/en.json' with { type: 'json' };
import auditWorkspaceFr from './auditWorkspace/fr.json' with { type: 'json' };
import dashboardAr from './dashboard/ar.json' with { type: 'json' };
import dashboardEn from './dashboard/en.json' with { type: 'json' };
import dashboardFr from './dashboard/fr.json' with { type: 'json' };

/**
 * Every visible string, per language. Feature catalogs live in their own files (one namespace
 * each: `imports.*`, `reporting.*`, `reports.*`, the audit log's `actions.*`) so features are translated side by side without conflicts.
 */
export const catalogs: Record<Locale, Record<string, unknown>> = {
  ar: { ...ar, imports: importsAr, reporting: reportingAr, reports: reportsAr, workflow: workflowAr, actions: actionsAr, a11y: a11yAr, crossLanguage: crossLanguageAr, auditWorkspace: auditWorkspaceAr, dashboard: dashboardAr },
  fr: { ...fr, imports: importsFr, reporting: reportingFr, reports: reportsFr, workflow: workflowFr, actions: actionsFr, a11y: a11yFr, crossLanguage: crossLanguageFr, auditWorkspace: auditWorkspaceFr, dashboard: dashboardFr },
  en: { ...en, imports: importsEn, reporting: reportingEn, reports: reportsEn, workflow: workflowEn, actions: actionsEn, a11y: a11yEn, crossLanguage: crossLanguageEn, auditWorkspace: auditWorkspaceEn, dashboard: dashboardEn },
};
