/**
 * Reading the audit trail as history (issue 12): which field an event changed, from what to what,
 * and the state of a record at any instant rebuilt from its events. Pure: the API rebuilds, the
 * SPA shows the same field changes.
 *
 * What an event's `changes` hold (audit writers in apps/api): `{ field: { before, after } }` for
 * every change of state (updates, and the creations written as a diff from nothing); a flat
 * `{ field: value }` for the state a record was created with (`campaign.open`, `report.create`,
 * `invitation.accept`) or for facts that are not state (a comment, a file added, a reminder sent).
 */

/** Entity types whose state at a date can be rebuilt from their events. */
export const AUDIT_HISTORY_ENTITY_TYPES = ['recommendation', 'contribution', 'assignment', 'campaign', 'user', 'report'] as const;
export type AuditHistoryEntityType = (typeof AUDIT_HISTORY_ENTITY_TYPES)[number];
export const isAuditHistoryEntityType = (value: string): value is AuditHistoryEntityType => (AUDIT_HISTORY_ENTITY_TYPES as readonly string[]).includes(value);

/**
 * One field of one event. `change`: the field went from `before` to `after`; `initial`: the record
 * was created with `after`; `detail`: a fact recorded by the event (not the record's state).
 */
export interface AuditFieldChange {
  field: string;
  kind: 'change' | 'initial' | 'detail';
  before: unknown;
  after: unknown;
}

/** Actions whose flat values are the state a record was created with. */
export function isCreationAction(action: string): boolean {
  return /\.(create|open)$/.test(action) || action === 'invitation.accept';
}

export const isDeletionAction = (action: string): boolean => /\.delete$/.test(action);

function isPair(value: unknown): value is { before: unknown; after: unknown } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('before') && keys.includes('after');
}

/** The fields an event changed, in the order it recorded them. */
export function auditFieldChanges(action: string, changes: Record<string, unknown> | null | undefined): AuditFieldChange[] {
  const creation = isCreationAction(action);
  return Object.entries(changes ?? {}).map(([field, value]) => {
    if (isPair(value)) return { field, kind: 'change', before: value.before, after: value.after };
    return { field, kind: creation ? 'initial' : 'detail', before: null, after: value };
  });
}

/** An ISO instant as a text that sorts in time order to the microsecond (`…T10:00:00.123Z` and `…T10:00:00.123456Z` compare right). */
export function instantKey(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (m) return `${m[1]}.${(m[2] ?? '').padEnd(6, '0')}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${iso}`);
  return instantKey(d.toISOString());
}

/** One event of a record, as the rebuild reads it (in chain order). */
export interface AuditHistoryEvent {
  id: string;
  occurredAt: string;
  action: string;
  changes: Record<string, unknown>;
}

/** A field's value at the chosen instant, and the event that set it (null: the value it had before its first recorded change). */
export interface RebuiltField {
  value: unknown;
  eventId: string | null;
  changedAt: string | null;
}

export interface RebuiltState {
  /** `false` once a deletion event is before the instant; `null` when no event of the record is before it (not created yet, or created without an event of its own). */
  exists: boolean | null;
  /** Every field any event recorded as state, with its value at the instant. */
  fields: Record<string, RebuiltField>;
  /** Events at or before the instant. */
  eventsApplied: number;
  lastEventId: string | null;
  lastEventAt: string | null;
}

/**
 * The record as it was at `at`: each field takes the `after` of its last change at or before `at`
 * (or its creation value); a field changed only later had, at `at`, the `before` of its first later
 * change. Events must be the record's own, in chain order.
 */
export function rebuildAt(events: readonly AuditHistoryEvent[], at: string): RebuiltState {
  const limit = instantKey(at);
  const fields: Record<string, RebuiltField> = {};
  const laterBefore: Record<string, unknown> = {};
  let exists: boolean | null = null;
  let eventsApplied = 0;
  let lastEventId: string | null = null;
  let lastEventAt: string | null = null;
  for (const event of events) {
    const applied = instantKey(event.occurredAt) <= limit;
    const changes = auditFieldChanges(event.action, event.changes);
    if (applied) {
      eventsApplied += 1;
      lastEventId = event.id;
      lastEventAt = event.occurredAt;
      exists = !isDeletionAction(event.action);
      for (const c of changes) {
        if (c.kind === 'detail') continue;
        fields[c.field] = { value: c.after, eventId: event.id, changedAt: event.occurredAt };
      }
    } else {
      for (const c of changes) if (c.kind === 'change' && !(c.field in laterBefore)) laterBefore[c.field] = c.before;
    }
  }
  for (const [field, before] of Object.entries(laterBefore)) if (!(field in fields)) fields[field] = { value: before, eventId: null, changedAt: null };
  return { exists, fields, eventsApplied, lastEventId, lastEventAt };
}
