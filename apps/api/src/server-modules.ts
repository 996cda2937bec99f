/**
 * What `main.ts` loads once the embedded database is starting: the application and what prepares
 * its database. One module, so that the build's bundle (apps/api/scripts/bundle.mjs) loads it as one
 * chunk while PGlite opens on its own thread.
 */
export { DataSource } from 'typeorm';
export { createApp } from './bootstrap.js';
export { JobsService } from './modules/jobs/jobs.service.js';
export { prepareDatabase } from './database/prepare.js';
export { leastPrivilegeProblems, migrateAsOwner } from './database/roles.js';
