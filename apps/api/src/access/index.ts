export { AccessModule } from './access.module.js';
export { AccessService, type AccessRequest } from './access.service.js';
export { ALL, andScope, scopeClause, scopedInstitution, scopeFor, type Scope, type ScopedEntity } from './scope.js';
