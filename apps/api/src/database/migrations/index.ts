import { InitialSchema1763900000000 } from './1763900000000-initial-schema.js';
import { SearchAndAuditChain1763900000001 } from './1763900000001-search-and-audit-chain.js';

/** In order. Listed by hand: ESM has no reliable glob import, and the list is reviewed. */
export const MIGRATIONS = [InitialSchema1763900000000, SearchAndAuditChain1763900000001];
