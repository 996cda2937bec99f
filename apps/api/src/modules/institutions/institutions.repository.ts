import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InstitutionType, Role } from '@sidh/domain';
import { execute, many, maybeOne, one, SqlParams, type Queryable } from '../../database/sql.js';
import type { InvitationRow } from '../invitations/dto/invitation.mapper.js';

export interface InstitutionRow {
  id: string;
  code: string;
  type: InstitutionType;
  nameAr: string;
  nameFr: string;
  nameEn: string;
  parentId: string | null;
  emailDomains: string[];
  active: boolean;
  mergedIntoId: string | null;
  mergedAt: Date | null;
  version: number;
}

/** A user of an institution, as its members page lists them. */
export interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The effective designation: `main` for the institution's one main focal point, `alternate`, or null. */
  focalPointKind: string | null;
  active: boolean;
}

export interface NewInstitution {
  code: string;
  type: InstitutionType;
  nameAr: string;
  nameFr: string;
  nameEn: string;
  parentId?: string | null;
  emailDomains?: string[];
}

export interface InstitutionFilter {
  q?: string;
  type?: InstitutionType;
  active?: boolean;
}

export interface ReferenceCounts {
  assignments: number;
  contributions: number;
  evidence: number;
  comments: number;
  campaigns: number;
  users: number;
  invitations: number;
  children: number;
}

/** The ids of every row a merge moves (or drops), listed in its audit events. */
export interface MergePlan {
  /** Source assignments whose recommendation the target has not: they change institution. */
  movedAssignments: Array<{ id: string; recommendationId: string }>;
  /** Source assignments folded into the target's assignment of the same recommendation. */
  foldedAssignments: Array<{ id: string; intoId: string; recommendationId: string; role: string; dueDate: string | null }>;
  contributions: Array<{ id: string; assignmentId: string; intoAssignmentId: string }>;
  /** Untouched empty drafts dropped: the other side has a contribution for the same campaign and recommendation. */
  droppedDrafts: Array<{ id: string; side: 'source' | 'target'; campaignId: string; recommendationId: string }>;
  conflicts: Array<{ campaignId: string; recommendationId: string; sourceContributionId: string; targetContributionId: string }>;
  evidenceIds: string[];
  commentIds: string[];
  /** Campaigns the source takes part in; `alsoTarget`: the target takes part already (the source's row is dropped). */
  campaigns: Array<{ id: string; alsoTarget: boolean }>;
  users: Array<{ id: string; focalPointKind: string | null }>;
  invitations: string[];
  children: string[];
}

export const INSTITUTION_COLUMNS = 'id, code, type, name_ar, name_fr, name_en, parent_id, email_domains, active, merged_into_id, merged_at, version';

/** The one main focal point of an institution: the oldest active focal point designated `main`. */
const MAIN_OF = (institution: string) =>
  `(SELECT m.id FROM app_user m WHERE m.institution_id = ${institution} AND m.role = 'focal_point' AND m.active AND m.focal_point_kind = 'main' ORDER BY m.created_at, m.id LIMIT 1)`;

/** A contribution nobody has touched: a draft as the campaign opened it, with nothing attached and nothing built on it. */
const EMPTY_DRAFT = (c: string) =>
  `(${c}.status = 'draft' AND ${c}.implementation_status IS NULL AND ${c}.measures = '' AND ${c}.challenges = '' AND ${c}.next_steps = ''
    AND ${c}.indicators = '[]'::jsonb AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.contribution_id = ${c}.id)
    AND NOT EXISTS (SELECT 1 FROM contribution_comment cc WHERE cc.contribution_id = ${c}.id)
    AND NOT EXISTS (SELECT 1 FROM contribution s WHERE s.supersedes_id = ${c}.id))`;

@Injectable()
export class InstitutionsRepository {
  listAll(db: Queryable, filter: InstitutionFilter = {}): Promise<InstitutionRow[]> {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter.q?.trim()) {
      const q = params.add(`%${filter.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(lower(code) LIKE ${q} OR lower(name_fr) LIKE ${q} OR lower(name_en) LIKE ${q} OR name_ar LIKE ${q})`);
    }
    if (filter.type) where.push(`type = ${params.add(filter.type)}`);
    if (filter.active !== undefined) where.push(`active = ${params.add(filter.active)}`);
    return many<InstitutionRow>(db, `SELECT ${INSTITUTION_COLUMNS} FROM institution ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name_fr`, params.values);
  }

  findById(db: Queryable, id: string): Promise<InstitutionRow | undefined> {
    return maybeOne<InstitutionRow>(db, `SELECT ${INSTITUTION_COLUMNS} FROM institution WHERE id = $1`, [id]);
  }

  /** Locks the rows in a fixed order (by id), so two writers locking the same pair never deadlock. */
  async lockInOrder(manager: EntityManager, ids: readonly string[]): Promise<Map<string, InstitutionRow>> {
    const rows = await many<InstitutionRow>(manager, `SELECT ${INSTITUTION_COLUMNS} FROM institution WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  codeTaken(db: Queryable, code: string, exceptId: string | null): Promise<boolean> {
    return maybeOne<{ found: number }>(db, `SELECT 1 AS found FROM institution WHERE lower(code) = lower($1) AND ($2::uuid IS NULL OR id <> $2)`, [code, exceptId]).then((r) => r !== undefined);
  }

  /** Every institution's parent (the cycle check walks it). */
  async parents(db: Queryable): Promise<Map<string, string | null>> {
    const rows = await many<{ id: string; parentId: string | null }>(db, `SELECT id, parent_id FROM institution`);
    return new Map(rows.map((r) => [r.id, r.parentId]));
  }

  /** Inserts an institution (the caller's transaction audits it). */
  insert(manager: EntityManager, institution: NewInstitution): Promise<InstitutionRow> {
    return one<InstitutionRow>(
      manager,
      `INSERT INTO institution (code, type, name_ar, name_fr, name_en, parent_id, email_domains) VALUES ($1, $2, $3, $4, $5, $6, $7::text[]) RETURNING ${INSTITUTION_COLUMNS}`,
      [institution.code, institution.type, institution.nameAr, institution.nameFr, institution.nameEn, institution.parentId ?? null, institution.emailDomains ?? []],
    );
  }

  /** camelCase patch → column patch for `VersionedWriter.update` (undefined: unchanged). */
  columns(patch: Partial<NewInstitution> & { active?: boolean }): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const map: Record<string, string> = { code: 'code', type: 'type', nameAr: 'name_ar', nameFr: 'name_fr', nameEn: 'name_en', parentId: 'parent_id', emailDomains: 'email_domains', active: 'active' };
    for (const [key, column] of Object.entries(map)) {
      const value = (patch as Record<string, unknown>)[key];
      if (value !== undefined) out[column] = value;
    }
    return out;
  }

  /** How many rows of each kind reference the institution. */
  counts(db: Queryable, id: string): Promise<ReferenceCounts> {
    return one<ReferenceCounts>(
      db,
      `SELECT (SELECT count(*)::int FROM assignment WHERE institution_id = $1) AS assignments,
              (SELECT count(*)::int FROM contribution WHERE institution_id = $1) AS contributions,
              (SELECT count(*)::int FROM evidence e JOIN contribution c ON c.id = e.contribution_id WHERE c.institution_id = $1) AS evidence,
              (SELECT count(*)::int FROM contribution_comment cc JOIN contribution c ON c.id = cc.contribution_id WHERE c.institution_id = $1) AS comments,
              (SELECT count(*)::int FROM campaign_institution WHERE institution_id = $1) AS campaigns,
              (SELECT count(*)::int FROM app_user WHERE institution_id = $1) AS users,
              (SELECT count(*)::int FROM invitation WHERE institution_id = $1) AS invitations,
              (SELECT count(*)::int FROM institution WHERE parent_id = $1) AS children`,
      [id],
    );
  }

  /** The institution's users: by role, then designation (`main`, `alternate`, none), then name. */
  members(db: Queryable, institutionId: string): Promise<MemberRow[]> {
    return many<MemberRow>(
      db,
      `SELECT u.id, u.name, u.email, u.role, u.active,
              CASE WHEN u.role <> 'focal_point' OR u.focal_point_kind IS NULL THEN NULL
                   WHEN u.id = ${MAIN_OF('$1')} THEN 'main' ELSE 'alternate' END AS focal_point_kind
         FROM app_user u WHERE u.institution_id = $1
        ORDER BY u.role, CASE WHEN u.id = ${MAIN_OF('$1')} THEN 0 WHEN u.focal_point_kind IS NOT NULL THEN 1 ELSE 2 END, u.name`,
      [institutionId],
    );
  }

  /** The institution's focal points (active or not), the main one first. */
  async focalPoints(db: Queryable, institutionId: string): Promise<MemberRow[]> {
    return (await this.members(db, institutionId)).filter((m) => m.role === 'focal_point');
  }

  /** Sets each focal point's designation (one UPDATE per changed user; the caller audits each). */
  async setDesignation(manager: EntityManager, userId: string, kind: string | null): Promise<void> {
    await execute(manager, `UPDATE app_user SET focal_point_kind = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING id`, [userId, kind]);
  }

  /** Invitations to the institution not accepted yet and not expired, newest first. */
  pendingInvitations(db: Queryable, institutionId: string): Promise<InvitationRow[]> {
    return many<InvitationRow>(
      db,
      `SELECT id, email, name, role, focal_point_kind, institution_id, expires_at, accepted_at, created_at
         FROM invitation WHERE institution_id = $1 AND accepted_at IS NULL AND expires_at > now() ORDER BY created_at DESC`,
      [institutionId],
    );
  }

  /** What merging `source` into `target` moves, drops and cannot resolve; reads only. */
  async mergePlan(db: Queryable, source: string, target: string): Promise<MergePlan> {
    const assignments = await many<{ id: string; recommendationId: string; intoId: string | null; role: string; dueDate: string | null }>(
      db,
      `SELECT a.id, a.recommendation_id, t.id AS into_id, a.role, to_char(a.due_date, 'YYYY-MM-DD') AS due_date
         FROM assignment a LEFT JOIN assignment t ON t.recommendation_id = a.recommendation_id AND t.institution_id = $2
        WHERE a.institution_id = $1 ORDER BY a.id`,
      [source, target],
    );
    // Pairs (campaign, recommendation) where both sides have a contribution.
    const clashes = await many<{ campaignId: string; recommendationId: string; sourceId: string; targetId: string; sourceEmpty: boolean; targetEmpty: boolean }>(
      db,
      `SELECT s.campaign_id, s.recommendation_id, s.id AS source_id, t.id AS target_id, ${EMPTY_DRAFT('s')} AS source_empty, ${EMPTY_DRAFT('t')} AS target_empty
         FROM contribution s JOIN contribution t ON t.campaign_id = s.campaign_id AND t.recommendation_id = s.recommendation_id AND t.institution_id = $2
        WHERE s.institution_id = $1 ORDER BY s.id`,
      [source, target],
    );
    const droppedDrafts: MergePlan['droppedDrafts'] = [];
    const conflicts: MergePlan['conflicts'] = [];
    for (const c of clashes) {
      if (c.sourceEmpty) droppedDrafts.push({ id: c.sourceId, side: 'source', campaignId: c.campaignId, recommendationId: c.recommendationId });
      else if (c.targetEmpty) droppedDrafts.push({ id: c.targetId, side: 'target', campaignId: c.campaignId, recommendationId: c.recommendationId });
      else conflicts.push({ campaignId: c.campaignId, recommendationId: c.recommendationId, sourceContributionId: c.sourceId, targetContributionId: c.targetId });
    }
    const dropped = new Set(droppedDrafts.filter((d) => d.side === 'source').map((d) => d.id));
    const into = new Map(assignments.map((a) => [a.id, a.intoId ?? a.id]));
    const contributions = (await many<{ id: string; assignmentId: string }>(db, `SELECT id, assignment_id FROM contribution WHERE institution_id = $1 ORDER BY id`, [source]))
      .filter((c) => !dropped.has(c.id))
      .map((c) => ({ ...c, intoAssignmentId: into.get(c.assignmentId) ?? c.assignmentId }));
    const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
    return {
      movedAssignments: assignments.filter((a) => !a.intoId).map((a) => ({ id: a.id, recommendationId: a.recommendationId })),
      foldedAssignments: assignments.filter((a) => a.intoId).map((a) => ({ id: a.id, intoId: a.intoId!, recommendationId: a.recommendationId, role: a.role, dueDate: a.dueDate })),
      contributions,
      droppedDrafts,
      conflicts,
      evidenceIds: ids(await many(db, `SELECT e.id FROM evidence e JOIN contribution c ON c.id = e.contribution_id WHERE c.institution_id = $1 ORDER BY e.id`, [source])),
      commentIds: ids(await many(db, `SELECT cc.id FROM contribution_comment cc JOIN contribution c ON c.id = cc.contribution_id WHERE c.institution_id = $1 ORDER BY cc.id`, [source])),
      campaigns: await many(
        db,
        `SELECT ci.campaign_id AS id, EXISTS (SELECT 1 FROM campaign_institution t WHERE t.campaign_id = ci.campaign_id AND t.institution_id = $2) AS also_target
           FROM campaign_institution ci WHERE ci.institution_id = $1 ORDER BY ci.campaign_id`,
        [source, target],
      ),
      users: await many(db, `SELECT id, focal_point_kind FROM app_user WHERE institution_id = $1 ORDER BY created_at, id`, [source]),
      invitations: ids(await many(db, `SELECT id FROM invitation WHERE institution_id = $1 ORDER BY id`, [source])),
      children: ids(await many(db, `SELECT id FROM institution WHERE parent_id = $1 ORDER BY id`, [source])),
    };
  }

  /**
   * Applies a merge plan (under the caller's locks and transaction, which audits every row):
   * drafts dropped, contributions and assignments moved or folded, campaign rows, users,
   * invitations and children moved, the source deactivated and marked merged.
   */
  async applyMerge(manager: EntityManager, source: string, target: string, plan: MergePlan): Promise<void> {
    const dropped = plan.droppedDrafts.map((d) => d.id);
    if (dropped.length) await execute(manager, `DELETE FROM contribution WHERE id = ANY($1::uuid[]) RETURNING id`, [dropped]);
    // Folded assignments: the target's keeps the strongest role (lead) and the earliest due date.
    for (const f of plan.foldedAssignments) {
      await execute(
        manager,
        `UPDATE assignment SET role = CASE WHEN role = 'lead' OR $2 = 'lead' THEN 'lead' ELSE role END,
                due_date = CASE WHEN due_date IS NULL THEN $3::date WHEN $3::date IS NULL THEN due_date ELSE least(due_date, $3::date) END,
                version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING id`,
        [f.intoId, f.role, f.dueDate],
      );
    }
    if (plan.contributions.length) {
      await execute(
        manager,
        `UPDATE contribution c SET institution_id = $1, assignment_id = m.into_id, version = c.version + 1, updated_at = now()
           FROM unnest($2::uuid[], $3::uuid[]) AS m(id, into_id) WHERE c.id = m.id RETURNING c.id`,
        [target, plan.contributions.map((c) => c.id), plan.contributions.map((c) => c.intoAssignmentId)],
      );
    }
    const folded = plan.foldedAssignments.map((f) => f.id);
    if (folded.length) await execute(manager, `DELETE FROM assignment WHERE id = ANY($1::uuid[]) RETURNING id`, [folded]);
    await execute(manager, `UPDATE assignment SET institution_id = $2, version = version + 1, updated_at = now() WHERE institution_id = $1 RETURNING id`, [source, target]);
    await execute(manager, `DELETE FROM campaign_institution ci WHERE ci.institution_id = $1 AND EXISTS (SELECT 1 FROM campaign_institution t WHERE t.campaign_id = ci.campaign_id AND t.institution_id = $2) RETURNING ci.campaign_id`, [source, target]);
    await execute(manager, `UPDATE campaign_institution SET institution_id = $2 WHERE institution_id = $1 RETURNING campaign_id`, [source, target]);
    // A campaign whose scope filtered on the source now filters on the target.
    await execute(
      manager,
      `UPDATE campaign SET scope = jsonb_set(scope, '{filter,institutionId}', to_jsonb($2::text)), version = version + 1, updated_at = now()
        WHERE scope->'filter'->>'institutionId' = $1::text AND id = ANY($3::uuid[]) RETURNING id`,
      [source, target, plan.campaigns.map((c) => c.id)],
    );
    // People: the source's main focal point stays main only if the target has none.
    await execute(
      manager,
      `UPDATE app_user u SET institution_id = $2, version = version + 1, updated_at = now(),
              focal_point_kind = CASE WHEN u.focal_point_kind = 'main' AND ${MAIN_OF('$2')} IS NOT NULL THEN 'alternate' ELSE u.focal_point_kind END
        WHERE u.institution_id = $1 RETURNING u.id`,
      [source, target],
    );
    await execute(manager, `UPDATE invitation SET institution_id = $2 WHERE institution_id = $1 RETURNING id`, [source, target]);
    await execute(manager, `UPDATE institution SET parent_id = $2, version = version + 1, updated_at = now() WHERE parent_id = $1 RETURNING id`, [source, target]);
    await execute(manager, `UPDATE institution SET active = false, merged_into_id = $2, merged_at = now(), version = version + 1, updated_at = now() WHERE id = $1 RETURNING id`, [source, target]);
    await execute(manager, `UPDATE institution SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING id`, [target]);
  }

  /**
   * Rows of any table whose foreign key references institution(id) that still name `id`, by
   * table.column (the institution's own parent and merged-into links excepted): read from the
   * catalog, so a table added later is checked without changing this code.
   */
  async remainingReferences(db: Queryable, id: string): Promise<Record<string, number>> {
    const fks = await many<{ tableName: string; columnName: string }>(
      db,
      `SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'institution'::regclass AND array_length(c.conkey, 1) = 1
        ORDER BY 1, 2`,
    );
    const out: Record<string, number> = {};
    for (const fk of fks) {
      if (fk.tableName === 'institution') continue;
      const { n } = await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM "${fk.tableName.replace(/"/g, '')}" WHERE "${fk.columnName.replace(/"/g, '')}" = $1`, [id]);
      if (n > 0) out[`${fk.tableName}.${fk.columnName}`] = n;
    }
    return out;
  }
}
