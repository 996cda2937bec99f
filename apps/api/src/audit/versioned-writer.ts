import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../common/app-exception.js';
import { staleError } from '../common/concurrency.js';
import { deleteIfVersion, lockVersion, updateIfVersion, type ColumnPatch, type VersionedTable } from '../database/versioned-write.js';
import { AuditWriter } from './audit.writer.js';

/** The record a versioned write is about: its table, its audit entity type, the name used in a 404. */
export interface VersionedTarget {
  table: VersionedTable;
  entityType: string;
  id: string;
  /** "Recommendation", "Assignment": the 404 message. */
  label: string;
}

/**
 * The one versioned-write path: lock, compare the version the client read (If-Match), write
 * conditionally. A stale version is always 412 with `details.current` (the record as it is now)
 * and `details.lastChange` (who changed it, when).
 */
@Injectable()
export class VersionedWriter {
  constructor(private readonly audit: AuditWriter) {}

  /**
   * Locks the row for the transaction, 404 when it does not exist, 412 when its version is not
   * `expectedVersion` (null: no version check, e.g. a transition without If-Match). Returns the
   * record read under the lock by `read`.
   */
  async lock<T>(manager: EntityManager, target: VersionedTarget, expectedVersion: number | null, read: () => Promise<T>): Promise<T> {
    const version = await lockVersion(manager, target.table, target.id);
    if (version === null) throw AppException.notFound(target.label);
    const current = await read();
    if (expectedVersion !== null && version !== expectedVersion) throw await this.stale(manager, target, current);
    return current;
  }

  /** Conditional UPDATE (version + 1, updated_at); 412 when the version moved. */
  async update(manager: EntityManager, target: VersionedTarget, expectedVersion: number, patch: ColumnPatch, read: () => Promise<unknown>, where: ColumnPatch = {}): Promise<void> {
    if (!(await updateIfVersion(manager, target.table, target.id, expectedVersion, patch, where))) throw await this.stale(manager, target, await read());
  }

  /** Conditional DELETE; 412 when the version moved. */
  async delete(manager: EntityManager, target: VersionedTarget, expectedVersion: number, read: () => Promise<unknown>): Promise<void> {
    if (!(await deleteIfVersion(manager, target.table, target.id, expectedVersion))) throw await this.stale(manager, target, await read());
  }

  /** The 412 answer for a record changed by someone else. */
  async stale(manager: EntityManager, target: Pick<VersionedTarget, 'entityType' | 'id'>, current: unknown): Promise<AppException> {
    return staleError({ current, lastChange: await this.audit.lastChange(manager, target.entityType, target.id) });
  }
}
