import { InitialSchema1763900000000 } from './1763900000000-initial-schema.js';
import { SearchAndAuditChain1763900000001 } from './1763900000001-search-and-audit-chain.js';
import { SearchPerformance1763900000002 } from './1763900000002-search-performance.js';
import { Imports1763900001000 } from './1763900001000-imports.js';
import { Reporting1763900002000 } from './1763900002000-reporting.js';
import { ReviewTitles1763900003000 } from './1763900003000-review-titles.js';
import { AuditHardening1763900004000 } from './1763900004000-audit-hardening.js';
import { ImportLease1763900005000 } from './1763900005000-import-lease.js';
import { AuditEntityTie1763900006000 } from './1763900006000-audit-entity-tie.js';
import { ItemKind1763900007000 } from './1763900007000-item-kind.js';
import { Reports1763900008000 } from './1763900008000-reports.js';
import { AuditWorkspace1763900012000 } from './1763900012000-audit-workspace.js';
import { ImportUploads1763900013000 } from './1763900013000-import-uploads.js';
import { AuditAsOf1763900015000 } from './1763900015000-audit-as-of.js';
import { Accounts1763900016000 } from './1763900016000-accounts.js';
import { UserAdmin1763900017000 } from './1763900017000-user-admin.js';
import { InstitutionsAdmin1763900018000 } from './1763900018000-institutions-admin.js';
import { ReferenceAdminSettings1763900019000 } from './1763900019000-reference-admin-settings.js';
import { SearchAtScale1763900020000 } from './1763900020000-search-at-scale.js';
import { AuditCommitOrder1763900021000 } from './1763900021000-audit-commit-order.js';
import { SessionNotify1763900022000 } from './1763900022000-session-notify.js';
import { ImportSearchVectors1763900023000 } from './1763900023000-import-search-vectors.js';
import { FacetOrderIndexes1763900024000 } from './1763900024000-facet-order-indexes.js';
import { ReferenceIndexes1763900025000 } from './1763900025000-reference-indexes.js';
import { ContributionSupersedesIndex1763900026000 } from './1763900026000-contribution-supersedes-index.js';

/** In order. Listed by hand: ESM has no reliable glob import, and the list is reviewed. */
export const MIGRATIONS = [InitialSchema1763900000000, SearchAndAuditChain1763900000001, SearchPerformance1763900000002, Imports1763900001000, Reporting1763900002000, ReviewTitles1763900003000, AuditHardening1763900004000, ImportLease1763900005000, AuditEntityTie1763900006000, ItemKind1763900007000, Reports1763900008000, AuditWorkspace1763900012000, ImportUploads1763900013000, AuditAsOf1763900015000, Accounts1763900016000, UserAdmin1763900017000, InstitutionsAdmin1763900018000, ReferenceAdminSettings1763900019000, SearchAtScale1763900020000, AuditCommitOrder1763900021000, SessionNotify1763900022000, ImportSearchVectors1763900023000, FacetOrderIndexes1763900024000, ReferenceIndexes1763900025000, ContributionSupersedesIndex1763900026000];
