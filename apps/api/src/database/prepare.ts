import { hashPassword } from '../auth/password.js';
import type { DataSource } from 'typeorm';

import { seedDemoCampaign } from './seeds/demo-campaign.js';
import { seedDemoContributions } from './seeds/demo-contributions.js';
import { seedDemoReports } from './seeds/demo-reports.js';
import { DEMO_MARKER_EMAIL, seedDemoData, seedReferenceData } from './seeds/seeder.js';

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
    // seedDemoData does nothing once its marker account exists: the password hash (argon2, about a
    // second on a small machine) is only computed when it will be used — not at every start.
    const seeded = ((await dataSource.query('SELECT 1 FROM app_user WHERE email = $1', [DEMO_MARKER_EMAIL])) as unknown[]).length > 0;
    if (!seeded) {
      const passwordHash = await hashPassword('demo-password');
      await dataSource.transaction((manager) => seedDemoData(manager, { passwordHash }));
    }
    await dataSource.transaction((manager) => seedDemoCampaign(manager));
    await dataSource.transaction((manager) => seedDemoContributions(manager));
    await dataSource.transaction((manager) => seedDemoReports(manager));
  }
}
