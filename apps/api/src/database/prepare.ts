import { hashPassword } from '../auth/password.js';
import type { DataSource } from 'typeorm';

import { seedDemoCampaign } from './seeds/demo-campaign.js';
import { seedDemoContributions } from './seeds/demo-contributions.js';
import { seedDemoReports } from './seeds/demo-reports.js';
import { seedDemoData, seedReferenceData } from './seeds/seeder.js';

export interface PrepareOptions {
  seedReference: boolean;
  seedDemo: boolean;
  /** Apply pending migrations with this connection (false when the owner role already did: `migrateAsOwner`). */
  migrate?: boolean;
}

/** Applies pending migrations, then seeds reference data (and the demo dataset) when empty. */
export async function prepareDatabase(dataSource: DataSource, options: PrepareOptions): Promise<void> {
  if (options.migrate ?? true) await dataSource.runMigrations({ transaction: 'each' });
  if (options.seedReference) await dataSource.transaction((manager) => seedReferenceData(manager));
  if (options.seedDemo) {
    const passwordHash = await hashPassword('demo-password');
    await dataSource.transaction((manager) => seedDemoData(manager, { passwordHash }));
    await dataSource.transaction((manager) => seedDemoCampaign(manager));
    await dataSource.transaction((manager) => seedDemoContributions(manager));
    await dataSource.transaction((manager) => seedDemoReports(manager));
  }
}
