import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, many, maybeOne, type Queryable } from '../../database/sql.js';
import type { SettingKey } from './settings.read.js';

/** A setting as listed: its value (the logo's without its bytes) and version (0: never set). */
export interface SettingRow {
  key: SettingKey;
  value: unknown;
  version: number;
  updatedAt: Date;
}

/** The logo as stored: metadata and the file itself, base64. */
export interface StoredLogo {
  mediaType: string;
  sha256: string;
  bytes: number;
  width: number | null;
  height: number | null;
  fileName: string;
  data: string;
}

@Injectable()
export class SettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every stored setting; the logo without its bytes (`value - 'data'`). */
  listAll(db: Queryable = this.dataSource.manager): Promise<SettingRow[]> {
    return many<SettingRow>(db, `SELECT key, CASE WHEN key = 'organisation.logo' THEN value - 'data' ELSE value END AS value, version, updated_at FROM setting`);
  }

  /** The two settings of the login page (the logo without its bytes). */
  publicSettings(db: Queryable = this.dataSource.manager): Promise<SettingRow[]> {
    return many<SettingRow>(
      db,
      `SELECT key, CASE WHEN key = 'organisation.logo' THEN value - 'data' ELSE value END AS value, version, updated_at FROM setting WHERE key IN ('organisation.name', 'organisation.logo')`,
    );
  }

  logo(db: Queryable = this.dataSource.manager): Promise<StoredLogo | undefined> {
    return maybeOne<{ value: StoredLogo }>(db, `SELECT value FROM setting WHERE key = 'organisation.logo'`).then((row) => row?.value);
  }

  /** The setting's version under a row lock (0 when never set). */
  async lockVersion(manager: EntityManager, key: SettingKey): Promise<number> {
    const row = await maybeOne<{ version: number }>(manager, `SELECT version FROM setting WHERE key = $1 FOR UPDATE`, [key]);
    return row?.version ?? 0;
  }

  /**
   * Writes the value if the version is still `expectedVersion` (0: only if never set); false
   * otherwise. `value` is stored as JSON.
   */
  async write(manager: EntityManager, key: SettingKey, expectedVersion: number, value: unknown): Promise<boolean> {
    const json = JSON.stringify(value);
    const sql =
      expectedVersion === 0
        ? `INSERT INTO setting (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`
        : `UPDATE setting SET value = $2::jsonb, version = version + 1, updated_at = now() WHERE key = $1 AND version = $3 RETURNING key`;
    return (await execute(manager, sql, expectedVersion === 0 ? [key, json] : [key, json, expectedVersion])) > 0;
  }

  /** Removes the setting (back to its default) if its version is still `expectedVersion`. */
  async remove(manager: EntityManager, key: SettingKey, expectedVersion: number): Promise<boolean> {
    return (await execute(manager, `DELETE FROM setting WHERE key = $1 AND version = $2 RETURNING key`, [key, expectedVersion])) > 0;
  }
}
