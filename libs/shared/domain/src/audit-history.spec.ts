import { auditFieldChanges, instantKey, rebuildAt, type AuditHistoryEvent } from './audit-history.js';

describe('audit history', () => {
  it('tells changes, creation values and details apart', () => {
    expect(auditFieldChanges('recommendation.update', { status: { before: 'not_started', after: 'in_progress' } })).toEqual([{ field: 'status', kind: 'change', before: 'not_started', after: 'in_progress' }]);
    expect(auditFieldChanges('campaign.open', { title: 'C' })).toEqual([{ field: 'title', kind: 'initial', before: null, after: 'C' }]);
    expect(auditFieldChanges('contribution.comment', { body: 'x' })[0]!.kind).toBe('detail');
  });

  it('compares instants to the microsecond', () => {
    expect(instantKey('2026-01-01T10:00:00.123Z') < instantKey('2026-01-01T10:00:00.123456Z')).toBe(true);
    expect(instantKey('2026-01-01T10:00:00Z')).toBe('2026-01-01T10:00:00.000000');
    expect(() => instantKey('yesterday')).toThrow(RangeError);
  });

  const events: AuditHistoryEvent[] = [
    { id: '1', occurredAt: '2026-01-01T10:00:00.000001Z', action: 'campaign.open', changes: { title: 'A', deadline: '2026-02-01' } },
    { id: '5', occurredAt: '2026-01-02T10:00:00.000000Z', action: 'campaign.update', changes: { title: { before: 'A', after: 'B' } } },
    { id: '7', occurredAt: '2026-01-02T10:00:00.000000Z', action: 'campaign.remind', changes: { sent: 3 } },
    { id: '9', occurredAt: '2026-01-03T10:00:00.000000Z', action: 'campaign.update', changes: { deadline: { before: '2026-02-01', after: '2026-03-01' } } },
  ];

  it('rebuilds the state at each instant', () => {
    expect(rebuildAt(events, '2026-01-01T09:00:00Z')).toMatchObject({ exists: null, eventsApplied: 0, fields: { title: { value: 'A', eventId: null }, deadline: { value: '2026-02-01' } } });
    const mid = rebuildAt(events, '2026-01-02T12:00:00Z');
    expect(mid).toMatchObject({ exists: true, eventsApplied: 3, lastEventId: '7' });
    expect(Object.fromEntries(Object.entries(mid.fields).map(([k, v]) => [k, v.value]))).toEqual({ title: 'B', deadline: '2026-02-01' });
    expect(rebuildAt(events, '2026-01-04T00:00:00Z').fields['deadline']).toEqual({ value: '2026-03-01', eventId: '9', changedAt: '2026-01-03T10:00:00.000000Z' });
  });

  it('a deletion ends the record', () => {
    const deleted = [...events, { id: '11', occurredAt: '2026-01-05T00:00:00Z', action: 'campaign.delete', changes: {} }];
    expect(rebuildAt(deleted, '2026-01-06T00:00:00Z').exists).toBe(false);
  });
});
