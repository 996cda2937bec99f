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
import institutionsAdminAr from './institutionsAdmin/ar.json' with { type: 'json' };
import institutionsAdminEn from './institutionsAdmin/en.json' with { type: 'json' };
import institutionsAdminFr from './institutionsAdmin/fr.json' with { type: 'json' };
import auditAsOfAr from './auditAsOf/ar.json' with { type: 'json' };
import auditAsOfEn from './auditAsOf/en.json' with { type: 'json' };
import auditAsOfFr from './auditAsOf/fr.json' with { type: 'json' };
import referenceAdminAr from './referenceAdmin/ar.json' with { type: 'json' };
import referenceAdminEn from './referenceAdmin/en.json' with { type: 'json' };
import referenceAdminFr from './referenceAdmin/fr.json' with { type: 'json' };
import settingsAr from './settings/ar.json' with { type: 'json' };
import settingsEn from './settings/en.json' with { type: 'json' };
import settingsFr from './settings/fr.json' with { type: 'json' };
import accountAr from './account/ar.json' with { type: 'json' };
import accountEn from './account/en.json' with { type: 'json' };
import accountFr from './account/fr.json' with { type: 'json' };
import usersAdminAr from './usersAdmin/ar.json' with { type: 'json' };
import usersAdminEn from './usersAdmin/en.json' with { type: 'json' };
import usersAdminFr from './usersAdmin/fr.json' with { type: 'json' };

/**
 * Every visible string, per language. Feature catalogs live in their own files (one namespace
 * each: `imports.*`, `reporting.*`, `reports.*`, the audit log's `actions.*`) so features are translated side by side without conflicts.
 */
export const catalogs: Record<Locale, Record<string, unknown>> = {
  ar: { ...ar, imports: importsAr, reporting: reportingAr, reports: reportsAr, workflow: workflowAr, actions: actionsAr, a11y: a11yAr, crossLanguage: crossLanguageAr, auditWorkspace: auditWorkspaceAr, dashboard: dashboardAr, auditAsOf: auditAsOfAr, usersAdmin: usersAdminAr, institutionsAdmin: institutionsAdminAr, referenceAdmin: referenceAdminAr, settings: settingsAr, account: accountAr },
  fr: { ...fr, imports: importsFr, reporting: reportingFr, reports: reportsFr, workflow: workflowFr, actions: actionsFr, a11y: a11yFr, crossLanguage: crossLanguageFr, auditWorkspace: auditWorkspaceFr, dashboard: dashboardFr, auditAsOf: auditAsOfFr, usersAdmin: usersAdminFr, institutionsAdmin: institutionsAdminFr, referenceAdmin: referenceAdminFr, settings: settingsFr, account: accountFr },
  en: { ...en, imports: importsEn, reporting: reportingEn, reports: reportsEn, workflow: workflowEn, actions: actionsEn, a11y: a11yEn, crossLanguage: crossLanguageEn, auditWorkspace: auditWorkspaceEn, dashboard: dashboardEn, auditAsOf: auditAsOfEn, usersAdmin: usersAdminEn, institutionsAdmin: institutionsAdminEn, referenceAdmin: referenceAdminEn, settings: settingsEn, account: accountEn },
};
