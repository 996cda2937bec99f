/** Calls of the auditor's workspace: the log, one event, a record at a date, chain verification, checkpoints, exports. */
import { api, unwrap } from '../../app/api-client';
import type { AuditQuery, QueryOf, Schemas } from '../../app/api-types';
import { attachment, saveBlob } from '../../app/download';

export type AuditEventDetail = Schemas['AuditEventDetailDto'];
export type AuditFieldChange = Schemas['AuditFieldChangeDto'];
export type AuditEntityState = Schemas['AuditEntityStateDto'];
export type AuditLogExportQuery = QueryOf<'/api/v1/audit/events/export'>;
export type AuditHistoryType = 'recommendation' | 'contribution' | 'assignment' | 'campaign' | 'user' | 'report';

export const auditApi = {
  events: (query: AuditQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/audit/events', { params: { query }, signal })),
  event: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/audit/events/{id}', { params: { path: { id } }, signal })),
  entityAt: (type: AuditHistoryType, id: string, at: string | undefined, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/audit/entities/{type}/{id}', { params: { path: { type, id }, query: at ? { at } : {} }, signal })),
  verify: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/audit/verify', { signal })),
  checkpoints: (query: { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/audit/checkpoints', { params: { query }, signal })),
  createCheckpoint: () => unwrap(api.POST('/api/v1/audit/checkpoints')),

  /** The filtered log as a file (CSV or JSON Lines), with the bearer token. */
  exportLog: async (query: AuditLogExportQuery): Promise<void> => {
    const fallback = `sidh-audit-log.${query.format ?? 'csv'}`;
    const { blob, fileName } = await attachment(api.GET('/api/v1/audit/events/export', { params: { query }, parseAs: 'blob', headers: { Accept: '*/*' } }), fallback);
    saveBlob(blob, fileName);
  },

  /** The proof bundle (.tar.gz): events, signed checkpoints, public key; verified offline by `npm run audit:verify-export`. */
  exportBundle: async (): Promise<void> => {
    const { blob, fileName } = await attachment(api.GET('/api/v1/audit/export', { parseAs: 'blob', headers: { Accept: '*/*' } }), 'sidh-audit.tar.gz');
    saveBlob(blob, fileName);
  },
};
