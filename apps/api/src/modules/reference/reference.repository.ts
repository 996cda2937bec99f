import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Mechanism } from '@sidh/domain';
import { identifier, many } from '../../database/sql.js';

/** A code with its label in the three working languages. */
export interface LabelledRow {
  code: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

export interface SdgTargetRow extends LabelledRow {
  goalCode: string;
}

export interface SubAxisRow extends LabelledRow {
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
}

export interface ReviewRow {
  id: string;
  bodyId: string;
  code: string;
  titleAr: string;
  titleFr: string;
  titleEn: string;
  cycle: number | null;
  year: number | null;
  documentSymbol: string | null;
}

/** The code lists that carry nothing but a code and labels. */
export type LabelledList = 'theme' | 'affected_person' | 'sdg_goal' | 'axis' | 'country';

/** How each list is ordered: SDG goals numerically, countries by English name, the rest by code. */
const ORDER: Record<LabelledList, string> = {
  theme: 'code',
  affected_person: 'code',
  sdg_goal: 'code::int',
  axis: 'code',
  country: 'name_en',
};

const LABELS = 'name_ar, name_fr, name_en';

/** The reference data (UN bodies, reviews, taxonomies): read-only for the API. */
@Injectable()
export class ReferenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  listLabelled(list: LabelledList): Promise<LabelledRow[]> {
    return many<LabelledRow>(this.dataSource, `SELECT code, ${LABELS} FROM ${identifier(list)} ORDER BY ${ORDER[list]}`);
  }

  listSdgTargets(): Promise<SdgTargetRow[]> {
    return many<SdgTargetRow>(this.dataSource, `SELECT code, goal_code, ${LABELS} FROM sdg_target ORDER BY string_to_array(code, '.')::text[]`);
  }

  listSubAxes(): Promise<SubAxisRow[]> {
    return many<SubAxisRow>(this.dataSource, `SELECT code, axis_code, ${LABELS} FROM sub_axis ORDER BY code`);
  }

  listBodies(): Promise<BodyRow[]> {
    return many<BodyRow>(this.dataSource, `SELECT id, code, mechanism, ${LABELS}, follow_up_months FROM body ORDER BY mechanism, code`);
  }

  listReviews(): Promise<ReviewRow[]> {
    return many<ReviewRow>(
      this.dataSource,
      `SELECT id, body_id, code, title_ar, title_fr, title_en, cycle, year, document_symbol FROM review ORDER BY year DESC NULLS LAST, code`,
    );
  }
}
