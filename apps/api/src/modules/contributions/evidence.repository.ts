import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const COLUMNS = 'e.id, e.contribution_id, e.kind, e.title, e.file_name, e.storage_name, e.media_type, e.size_bytes, e.sha256, e.url, e.confidentiality, e.created_by_id, e.created_at';

@Injectable()
export class EvidenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async lockContribution(manager: EntityManager, contributionId: string, scopeInstitutionId: string | null): Promise<Row | undefined> {
    const rows: Row[] = await manager.query(
      `SELECT id, status, institution_id FROM contribution WHERE id = $1 AND ($2::uuid IS NULL OR institution_id = $2) FOR UPDATE`,
      [contributionId, scopeInstitutionId],
    );
    return rows[0];
  }

  async insert(manager: EntityManager, values: Record<string, unknown>): Promise<Row> {
    const columns = Object.keys(values);
    const [row] = await manager.query(
      `INSERT INTO evidence (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${COLUMNS.replace(/e\./g, '')}`,
      Object.values(values),
    );
    return row;
  }

  /** The evidence and its contribution's status and institution, locking the contribution. */
  async lockWithContribution(manager: EntityManager, id: string, scopeInstitutionId: string | null): Promise<Row | undefined> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS}, c.status AS contribution_status, c.institution_id FROM evidence e JOIN contribution c ON c.id = e.contribution_id
        WHERE e.id = $1 AND ($2::uuid IS NULL OR c.institution_id = $2) FOR UPDATE OF c`,
      [id, scopeInstitutionId],
    );
    return rows[0];
  }

  async findWithContribution(id: string, scopeInstitutionId: string | null): Promise<Row | undefined> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, c.status AS contribution_status, c.institution_id FROM evidence e JOIN contribution c ON c.id = e.contribution_id
        WHERE e.id = $1 AND ($2::uuid IS NULL OR c.institution_id = $2)`,
      [id, scopeInstitutionId],
    );
    return rows[0];
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM evidence WHERE id = $1`, [id]);
  }
}
