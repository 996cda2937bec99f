export * from './roles.js';
export * from './enums.js';
export * from './permissions.js';
export * from './contribution-workflow.js';
export * from './recommendation-status.js';
export * from './un.js';
export * from './search.js';
export * from './validation.js';
