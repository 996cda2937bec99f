import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Confidentiality, ContributionStatus } from '@sidh/domain';
import { execute, many, maybeOne, one, type Queryable } from '../../database/sql.js';

export type EvidenceKind = 'file' | 'link';

/** A piece of evidence as the API shows it. */
export interface EvidenceRow {
  id: string;
  kind: EvidenceKind;
  title: string;
  fileName: string | null;
  mediaType: string | null;
  /** bigint: the driver answers a string. */
  sizeBytes: string | number | null;
  url: string | null;
  confidentiality: Confidentiality;
  createdAt: Date;
  createdById: string | null;
  createdByName: string | null;
}

/** Everything stored about a piece of evidence, with its contribution's status and institution. */
export interface StoredEvidenceRow extends Omit<EvidenceRow, 'createdByName'> {
  contributionId: string;
  storageName: string | null;
  sha256: string | null;
  contributionStatus: ContributionStatus;
  institutionId: string;
}

/** A file (checked and stored beforehand) or a link. */
export interface NewEvidence {
  contributionId: string;
  kind: EvidenceKind;
  title: string;
  fileName: string | null;
  storageName: string | null;
  mediaType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  url: string | null;
  confidentiality: Confidentiality;
  createdById: string | null;
}

const STORED = `e.id, e.contribution_id, e.kind, e.title, e.file_name, e.storage_name, e.media_type, e.size_bytes, e.sha256, e.url, e.confidentiality,
  e.created_by_id, e.created_at, c.status AS contribution_status, c.institution_id`;

@Injectable()
export class EvidenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A contribution's evidence, oldest first. */
  listForContribution(contributionId: string, db: Queryable = this.dataSource.manager): Promise<EvidenceRow[]> {
    return many<EvidenceRow>(
      db,
      `SELECT e.id, e.kind, e.title, e.file_name, e.media_type, e.size_bytes, e.url, e.confidentiality, e.created_at, e.created_by_id, u.name AS created_by_name
         FROM evidence e LEFT JOIN app_user u ON u.id = e.created_by_id WHERE e.contribution_id = $1 ORDER BY e.created_at, e.id`,
      [contributionId],
    );
  }

  /** The status of the contribution evidence is added to (the caller holds its lock). */
  async contributionStatus(contributionId: string, db: Queryable = this.dataSource.manager): Promise<ContributionStatus> {
    return (await one<{ status: ContributionStatus }>(db, `SELECT status FROM contribution WHERE id = $1`, [contributionId])).status;
  }

  insert(manager: EntityManager, evidence: NewEvidence): Promise<Omit<EvidenceRow, 'createdByName'>> {
    return one<Omit<EvidenceRow, 'createdByName'>>(
      manager,
      `INSERT INTO evidence (contribution_id, kind, title, file_name, storage_name, media_type, size_bytes, sha256, url, confidentiality, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       RETURNING id, kind, title, file_name, media_type, size_bytes, url, confidentiality, created_by_id, created_at`,
      [
        evidence.contributionId,
        evidence.kind,
        evidence.title,
        evidence.fileName,
        evidence.storageName,
        evidence.mediaType,
        evidence.sizeBytes,
        evidence.sha256,
        evidence.url,
        evidence.confidentiality,
        evidence.createdById,
      ],
    );
  }

  /**
   * The evidence and its contribution's status, locking both for the transaction: a concurrent
   * removal of the same evidence waits, then finds it gone.
   */
  lockWithContribution(manager: EntityManager, id: string): Promise<StoredEvidenceRow | undefined> {
    return maybeOne<StoredEvidenceRow>(manager, `SELECT ${STORED} FROM evidence e JOIN contribution c ON c.id = e.contribution_id WHERE e.id = $1 FOR UPDATE OF e, c`, [id]);
  }

  find(id: string, db: Queryable = this.dataSource.manager): Promise<StoredEvidenceRow | undefined> {
    return maybeOne<StoredEvidenceRow>(db, `SELECT ${STORED} FROM evidence e JOIN contribution c ON c.id = e.contribution_id WHERE e.id = $1`, [id]);
  }

  /** False when the row was already gone. */
  async delete(manager: EntityManager, id: string): Promise<boolean> {
    return (await execute(manager, `DELETE FROM evidence WHERE id = $1 RETURNING id`, [id])) > 0;
  }
}
