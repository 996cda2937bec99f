import { Injectable } from '@nestjs/common';
import { isCreationAction, rebuildAt, type AssignmentRole, type AuditHistoryEvent } from '@sidh/domain';
import { AccessService, type Scope } from '../access/index.js';
import { AppException } from '../common/app-exception.js';
import type { AuthUser } from '../common/auth-user.js';
import { AuditAsOfRepository } from './audit-as-of.repository.js';
import {
  toAuditAsOfRecommendationDto,
  type AsOfAssignmentLinkRow,
  type AsOfCurrentRecommendationRow,
  type AsOfEventRow,
  type AsOfRecommendationState,
  type AuditAsOfInstitutionDto,
  type AuditAsOfListDto,
  type AuditAsOfQueryDto,
} from './dto/audit-as-of.dto.js';

/** The fields the list shows, as the recommendation's audit events name them. */
const FIELDS = ['kind', 'bodyId', 'documentSymbol', 'paragraph', 'externalCode', 'textAr', 'textFr', 'textEn', 'status', 'response'] as const;

/** With words or a scope to check on the rebuilt records, how many candidate batches one page may read before it answers short (with a cursor to go on). */
const MAX_ROUNDS = 20;

/** A client's "now" may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5_000;

/**
 * `at` as the rebuild and SQL both compare it: a UTC instant to the microsecond. 400 naming `at`
 * when it is not an instant or is in the future (the list of tomorrow is not known).
 */
export function asOfInstant(at: string, now = Date.now()): string {
  const time = Date.parse(at);
  if (Number.isNaN(time)) throw AppException.validation({ at: 'validation.date' });
  if (time > now + CLOCK_SKEW_MS) throw AppException.validation({ at: 'validation.max' });
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(at) ? at : new Date(time).toISOString();
}

const normalise = (s: string) => s.normalize('NFKC').toLocaleLowerCase();

function groupByEntity(rows: readonly AsOfEventRow[]): Map<string, AuditHistoryEvent[]> {
  const out = new Map<string, AuditHistoryEvent[]>();
  for (const { entityId, ...event } of rows) {
    const list = out.get(entityId) ?? [];
    list.push(event);
    out.set(entityId, list);
  }
  return out;
}

/**
 * The recommendation list as it was at an instant (issue 12), rebuilt from the audit events, never
 * from today's rows: which recommendations existed (their last event at or before the instant is
 * not a deletion), and each one's symbol, texts, consolidated status, response and assigned
 * institutions then. A value no event of the record ever recorded never changed (every write is
 * audited with its diff), so it is read from the row when the row is still there.
 */
@Injectable()
export class AuditAsOfService {
  constructor(
    private readonly repository: AuditAsOfRepository,
    private readonly access: AccessService,
  ) {}

  async recommendations(query: AuditAsOfQueryDto, user: AuthUser): Promise<AuditAsOfListDto> {
    const at = asOfInstant(query.at);
    const scope = this.access.scopeFor(user);
    const q = query.q?.trim() ? query.q.trim() : null;
    const words = q ? normalise(q).split(/\s+/).filter(Boolean) : [];
    const keep = (state: AsOfRecommendationState) => inScope(state, scope) && matches(state, words);
    const limit = query.limit;
    const batch = limit + 1;
    const items: AsOfRecommendationState[] = [];
    let cursor = query.cursor ?? null;
    for (let round = 1; ; round += 1) {
      const ids = await this.repository.existingIds(at, cursor, batch, q);
      const states = await this.rebuild(ids, at);
      for (const state of states) {
        if (items.length === limit) return this.page(at, items, limit, items[items.length - 1]!.id);
        if (keep(state)) items.push(state);
      }
      if (ids.length < batch) return this.page(at, items, limit, null);
      cursor = ids[ids.length - 1]!;
      if (items.length === limit) return this.page(at, items, limit, items[items.length - 1]!.id);
      if (round === MAX_ROUNDS) return this.page(at, items, limit, cursor);
    }
  }

  private page(at: string, items: AsOfRecommendationState[], limit: number, nextCursor: string | null): AuditAsOfListDto {
    return { at, items: items.map(toAuditAsOfRecommendationDto), limit, nextCursor };
  }

  /** The records of one page, rebuilt at `at`, in the order of `ids`. */
  private async rebuild(ids: readonly string[], at: string): Promise<AsOfRecommendationState[]> {
    if (!ids.length) return [];
    const [eventRows, currentRows, links] = await Promise.all([
      this.repository.eventsOf('recommendation', ids),
      this.repository.currentRecommendations(ids),
      this.repository.assignmentsOf(ids, at),
    ]);
    const events = groupByEntity(eventRows);
    const current = new Map(currentRows.map((r) => [r.id, r]));
    const assignments = uniqueAssignments(links);
    const assignmentEvents = groupByEntity(await this.repository.eventsOf('assignment', [...assignments.keys()]));

    const rebuilt = ids.map((id) => {
      const state = rebuildAt(events.get(id) ?? [], at);
      const row = current.get(id);
      const fields: Record<string, unknown> = {};
      for (const field of FIELDS) fields[field] = field in state.fields ? state.fields[field]!.value : row ? row[field as keyof AsOfCurrentRecommendationRow] : null;
      const held = [...assignments.values()].filter((a) => a.recommendationId === id).flatMap((a) => assignmentAt(a, assignmentEvents.get(a.id) ?? [], at));
      return { id, fields, held, eventsApplied: state.eventsApplied, lastEventId: state.lastEventId, lastEventAt: state.lastEventAt };
    });

    const institutionIds = [...new Set(rebuilt.flatMap((r) => r.held.map((h) => h.institutionId)))];
    const bodyIds = [...new Set(rebuilt.map((r) => r.fields['bodyId']).filter((v): v is string => typeof v === 'string'))];
    const [institutionRows, bodyRows] = await Promise.all([this.repository.institutions(institutionIds), this.repository.bodyCodes(bodyIds)]);
    const institutions = new Map(institutionRows.map((i) => [i.id, i]));
    const bodies = new Map(bodyRows.map((b) => [b.id, b.code]));

    return rebuilt.map(({ held, ...r }) => ({
      ...r,
      bodyCode: typeof r.fields['bodyId'] === 'string' ? (bodies.get(r.fields['bodyId']) ?? null) : null,
      institutions: held
        .map((h): AuditAsOfInstitutionDto => {
          const i = institutions.get(h.institutionId);
          return { id: h.institutionId, code: i?.code ?? null, nameAr: i?.nameAr ?? null, nameFr: i?.nameFr ?? null, nameEn: i?.nameEn ?? null, role: h.role };
        })
        .sort((a, b) => (a.role === b.role ? (a.nameFr ?? a.id).localeCompare(b.nameFr ?? b.id) : a.role === 'lead' ? -1 : 1)),
    }));
  }
}

/** One assignment per id: its row when it still exists, else what its events name. */
function uniqueAssignments(links: readonly AsOfAssignmentLinkRow[]): Map<string, AsOfAssignmentLinkRow> {
  const out = new Map<string, AsOfAssignmentLinkRow>();
  for (const link of links) {
    const seen = out.get(link.id);
    if (!seen || (seen.institutionId === null && link.institutionId !== null)) out.set(link.id, link);
  }
  return out;
}

/**
 * The institution an assignment held at `at`, if it existed then. One created with its own event
 * exists from that event on; one written without (with its recommendation, by an import, the seed)
 * from its row's creation, until its own events say otherwise.
 */
function assignmentAt(link: AsOfAssignmentLinkRow, events: readonly AuditHistoryEvent[], at: string): Array<{ institutionId: string; role: AssignmentRole | null }> {
  const state = rebuildAt(events, at);
  const ownCreation = events.some((e) => isCreationAction(e.action));
  const existed = ownCreation ? state.exists === true : state.exists === true || (state.exists === null && link.createdByThen !== false);
  if (!existed) return [];
  const institutionId = 'institutionId' in state.fields ? state.fields['institutionId']!.value : link.institutionId;
  const role = 'role' in state.fields ? state.fields['role']!.value : link.role;
  if (typeof institutionId !== 'string') return [];
  return [{ institutionId, role: role === 'lead' || role === 'contributor' ? role : null }];
}

/** No role holding audit:read is scoped today; a scoped caller would see only what its institution held at the instant. */
function inScope(state: AsOfRecommendationState, scope: Scope): boolean {
  return scope.kind === 'all' || state.institutions.some((i) => i.id === scope.institutionId);
}

/** Every word in the symbol, paragraph, code or one of the texts held at the instant. */
function matches(state: AsOfRecommendationState, words: readonly string[]): boolean {
  if (!words.length) return true;
  const text = normalise(['documentSymbol', 'paragraph', 'externalCode', 'textAr', 'textFr', 'textEn'].map((f) => (typeof state.fields[f] === 'string' ? state.fields[f] : '')).join(' \u0000 '));
  return words.every((w) => text.includes(w));
}
