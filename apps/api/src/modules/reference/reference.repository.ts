import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Mechanism } from '@sidh/domain';
import { execute, identifier, many, maybeOne, one, type Queryable } from '../../database/sql.js';

/** A code with its label in the three working languages. */
export interface LabelledRow {
  code: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

/** A row of a list the administration edits: deactivated rather than deleted, versioned. */
export interface AdministeredRow extends LabelledRow {
  active: boolean;
  version: number;
}

export interface SdgTargetRow extends LabelledRow {
  goalCode: string;
}

export interface SubAxisRow extends AdministeredRow {
  axisCode: string;
}

export interface BodyRow {
  id: string;
  code: string;
  mechanism: Mechanism;
  nameAr: string;
  nameFr: string;
  nameEn: string;
  followUpMonths: number | null;
  active: boolean;
  version: number;
}

export interface ReviewRow {
  id: string;
  bodyId: string;
  code: string;
  titleAr: string;
  titleFr: string;
  titleEn: string;
  cycle: number | null;
  session: string | null;
  year: number | null;
  reviewDate: string | null;
  documentSymbol: string | null;
  active: boolean;
  version: number;
}

/** The code lists that carry nothing but a code and labels. */
export type LabelledList = 'theme' | 'affected_person' | 'sdg_goal' | 'axis' | 'country';

/** The code lists the administration edits (code, three names, and for sub-axes their axis). */
export type AdministeredList = 'theme' | 'affected_person' | 'axis' | 'sub_axis';

/** Every administered table, as named in audit events (`entity_type`). */
export type ReferenceEntity = AdministeredList | 'body' | 'review';

/** Longest code each list accepts (its column's length). */
export const CODE_LENGTH: Record<AdministeredList | 'body' | 'review', number> = { theme: 64, affected_person: 64, axis: 16, sub_axis: 16, body: 32, review: 64 };

/** How each list is ordered: SDG goals numerically, countries by English name, the rest by code. */
const ORDER: Record<LabelledList, string> = {
  theme: 'code',
  affected_person: 'code',
  sdg_goal: 'code::int',
  axis: 'code',
  country: 'name_en',
};

const ADMINISTERED = new Set<string>(['theme', 'affected_person', 'axis']);

/** Where a list's codes are used (link table and column): a deactivated code stays there. */
const USES: Record<AdministeredList, { table: string; column: string }> = {
  theme: { table: 'recommendation_theme', column: 'theme_code' },
  affected_person: { table: 'recommendation_affected_person', column: 'affected_person_code' },
  axis: { table: 'recommendation_axis', column: 'axis_code' },
  sub_axis: { table: 'recommendation_sub_axis', column: 'sub_axis_code' },
};

const LABELS = 'name_ar, name_fr, name_en';
const BODY_COLUMNS = `id, code, mechanism, ${LABELS}, follow_up_months, active, version`;
const REVIEW_COLUMNS = `id, body_id, code, title_ar, title_fr, title_en, cycle, session, year, to_char(review_date, 'YYYY-MM-DD') AS review_date, document_symbol, active, version`;

export interface LabelledPatch {
  nameAr?: string;
  nameFr?: string;
  nameEn?: string;
  axisCode?: string;
  active?: boolean;
}

export interface NewBody {
  code: string;
  mechanism: Mechanism;
  nameAr: string;
  nameFr: string;
  nameEn: string;
  followUpMonths: number | null;
}

export interface BodyPatch {
  nameAr?: string;
  nameFr?: string;
  nameEn?: string;
  followUpMonths?: number | null;
  active?: boolean;
}

export interface NewReview {
  bodyId: string;
  code: string;
  titleAr: string;
  titleFr: string;
  titleEn: string;
  cycle: number | null;
  session: string | null;
  year: number | null;
  reviewDate: string | null;
  documentSymbol: string | null;
}

export type ReviewPatch = Partial<Omit<NewReview, 'bodyId'>> & { active?: boolean };

const COLUMN: Record<string, string> = {
  nameAr: 'name_ar',
  nameFr: 'name_fr',
  nameEn: 'name_en',
  axisCode: 'axis_code',
  active: 'active',
  followUpMonths: 'follow_up_months',
  code: 'code',
  titleAr: 'title_ar',
  titleFr: 'title_fr',
  titleEn: 'title_en',
  cycle: 'cycle',
  session: 'session',
  year: 'year',
  reviewDate: 'review_date',
  documentSymbol: 'document_symbol',
};

/** The reference data (UN bodies, reviews, taxonomies): the lists, and the administration's writes. */
@Injectable()
export class ReferenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  listLabelled(list: LabelledList): Promise<Array<LabelledRow & Partial<AdministeredRow>>> {
    const extra = ADMINISTERED.has(list) ? ', active, version' : '';
    return many<LabelledRow>(this.dataSource, `SELECT code, ${LABELS}${extra} FROM ${identifier(list)} ORDER BY ${ORDER[list]}`);
  }

  listSdgTargets(): Promise<SdgTargetRow[]> {
    return many<SdgTargetRow>(this.dataSource, `SELECT code, goal_code, ${LABELS} FROM sdg_target ORDER BY string_to_array(code, '.')::text[]`);
  }

  listSubAxes(): Promise<SubAxisRow[]> {
    return many<SubAxisRow>(this.dataSource, `SELECT code, axis_code, ${LABELS}, active, version FROM sub_axis ORDER BY code`);
  }

  listBodies(): Promise<BodyRow[]> {
    return many<BodyRow>(this.dataSource, `SELECT ${BODY_COLUMNS} FROM body ORDER BY mechanism, code`);
  }

  listReviews(): Promise<ReviewRow[]> {
    return many<ReviewRow>(this.dataSource, `SELECT ${REVIEW_COLUMNS} FROM review ORDER BY year DESC NULLS LAST, code`);
  }

  // --- the administration's writes (the caller's transaction audits each) ---

  /** One row of an administered list; `lock` takes its row lock for the transaction. */
  findListItem(db: Queryable, list: AdministeredList, code: string, lock = false): Promise<(AdministeredRow & { axisCode?: string }) | undefined> {
    const axis = list === 'sub_axis' ? ', axis_code' : '';
    return maybeOne(db, `SELECT code, ${LABELS}, active, version${axis} FROM ${identifier(list)} WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]);
  }

  /** Inserts a list item; false when the code exists already. */
  async insertListItem(manager: EntityManager, list: AdministeredList, item: LabelledRow & { axisCode?: string }): Promise<boolean> {
    const axis = list === 'sub_axis';
    const params = [item.code, item.nameAr, item.nameFr, item.nameEn, ...(axis ? [item.axisCode] : [])];
    const count = await execute(
      manager,
      `INSERT INTO ${identifier(list)} (code, ${LABELS}${axis ? ', axis_code' : ''}) VALUES ($1, $2, $3, $4${axis ? ', $5' : ''}) ON CONFLICT (code) DO NOTHING RETURNING code`,
      params,
    );
    return count > 0;
  }

  updateListItem(manager: EntityManager, list: AdministeredList, code: string, version: number, patch: LabelledPatch): Promise<boolean> {
    return this.conditionalUpdate(manager, list, 'code', code, version, patch);
  }

  /** How many recommendations name the code (a deactivated code stays on them). */
  async usage(db: Queryable, list: AdministeredList, code: string): Promise<number> {
    const use = USES[list];
    const row = await one<{ count: number }>(db, `SELECT count(*)::int AS count FROM ${identifier(use.table)} WHERE ${identifier(use.column)} = $1`, [code]);
    return row.count;
  }

  findBody(db: Queryable, id: string, lock = false): Promise<BodyRow | undefined> {
    return maybeOne<BodyRow>(db, `SELECT ${BODY_COLUMNS} FROM body WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  /** The new body's id, or null when its code exists already (codes are unique whatever their case). */
  async insertBody(manager: EntityManager, body: NewBody): Promise<string | null> {
    const row = await maybeOne<{ id: string }>(
      manager,
      `INSERT INTO body (code, mechanism, ${LABELS}, follow_up_months)
       SELECT $1::varchar, $2::varchar, $3::text, $4::text, $5::text, $6::int WHERE NOT EXISTS (SELECT 1 FROM body WHERE upper(code) = upper($1::varchar))
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [body.code, body.mechanism, body.nameAr, body.nameFr, body.nameEn, body.followUpMonths],
    );
    return row?.id ?? null;
  }

  updateBody(manager: EntityManager, id: string, version: number, patch: BodyPatch): Promise<boolean> {
    return this.conditionalUpdate(manager, 'body', 'id', id, version, patch);
  }

  findReview(db: Queryable, id: string, lock = false): Promise<ReviewRow | undefined> {
    return maybeOne<ReviewRow>(db, `SELECT ${REVIEW_COLUMNS} FROM review WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  /** Another review of the body with this code (case-insensitive), `except` excluded. */
  async reviewCodeTaken(db: Queryable, bodyId: string, code: string, except: string | null): Promise<boolean> {
    return !!(await maybeOne(db, `SELECT 1 FROM review WHERE body_id = $1 AND upper(code) = upper($2) AND id IS DISTINCT FROM $3::uuid`, [bodyId, code, except]));
  }

  /** Another review with this document symbol (case and spaces ignored), `except` excluded. */
  async symbolTaken(db: Queryable, symbol: string, except: string | null): Promise<boolean> {
    return !!(await maybeOne(
      db,
      `SELECT 1 FROM review WHERE upper(replace(document_symbol, ' ', '')) = upper(replace($1, ' ', '')) AND id IS DISTINCT FROM $2::uuid`,
      [symbol, except],
    ));
  }

  /** The new review's id, or null when the body already has a review with this code. */
  async insertReview(manager: EntityManager, review: NewReview): Promise<string | null> {
    const row = await maybeOne<{ id: string }>(
      manager,
      `INSERT INTO review (body_id, code, title_ar, title_fr, title_en, cycle, session, year, review_date, document_symbol)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (body_id, code) DO NOTHING RETURNING id`,
      [review.bodyId, review.code, review.titleAr, review.titleFr, review.titleEn, review.cycle, review.session, review.year, review.reviewDate, review.documentSymbol],
    );
    return row?.id ?? null;
  }

  updateReview(manager: EntityManager, id: string, version: number, patch: ReviewPatch): Promise<boolean> {
    return this.conditionalUpdate(manager, 'review', 'id', id, version, patch);
  }

  /** How many recommendations name the body or review. */
  async recommendationCount(db: Queryable, column: 'body_id' | 'review_id', id: string): Promise<number> {
    return (await one<{ count: number }>(db, `SELECT count(*)::int AS count FROM recommendation WHERE ${identifier(column)} = $1`, [id])).count;
  }

  /** `UPDATE … SET …, version = version + 1 WHERE key = $1 AND version = $2`: false when the version moved (or the row is gone). */
  private async conditionalUpdate(manager: EntityManager, table: ReferenceEntity, key: 'id' | 'code', value: string, version: number, patch: object): Promise<boolean> {
    const params: unknown[] = [value, version];
    const sets = Object.entries(patch)
      .filter(([, v]) => v !== undefined)
      .map(([field, v]) => `${identifier(COLUMN[field]!)} = $${params.push(v)}`);
    const count = await execute(
      manager,
      `UPDATE ${identifier(table)} SET ${[...sets, 'version = version + 1'].join(', ')} WHERE ${key} = $1 AND version = $2 RETURNING ${key}`,
      params,
    );
    return count > 0;
  }
}
