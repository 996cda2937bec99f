import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { pipeline, Readable, PassThrough } from 'node:stream';
import { auditFieldChanges, isAuditHistoryEntityType, neutralizeCell, rebuildAt } from '@sidh/domain';
import { AppException } from '../common/app-exception.js';
import type { PaginationQueryDto } from '../common/pagination.dto.js';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditRepository, type AuditEventFilter } from './audit.repository.js';
import {
  toAuditEventDto,
  type AuditCheckpointDto,
  type AuditCheckpointListDto,
  type AuditEntityStateDto,
  type AuditEventDetailDto,
  type AuditEventListDto,
  type AuditEventsQueryDto,
  type AuditPublicKeyDto,
  type AuditVerifyDto,
} from './dto/audit.dto.js';

const FILTER_KEYS = ['entityType', 'entityId', 'actorId', 'actorRole', 'institutionId', 'action', 'from', 'to', 'importId', 'q'] as const;
const filterOf = (query: AuditEventFilter): AuditEventFilter => Object.fromEntries(FILTER_KEYS.filter((k) => query[k] !== undefined).map((k) => [k, query[k]]));

const CSV_COLUMNS = ['id', 'occurredAt', 'actorId', 'actorName', 'actorRole', 'actorInstitutionId', 'action', 'entityType', 'entityId', 'requestId', 'ip', 'changes', 'hash'] as const;

/** Reading and verifying the audit trail, its history and its signed checkpoints. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly anchor: AuditAnchorService,
  ) {}

  async events(query: AuditEventsQueryDto): Promise<AuditEventListDto> {
    const { rows, nextCursor } = await this.audit.findPage(filterOf(query), { cursor: query.cursor, page: query.page, pageSize: query.pageSize });
    return { items: rows.map(toAuditEventDto), page: query.page, pageSize: query.pageSize, nextCursor };
  }

  /** The log as CSV (UTF-8 with BOM, CRLF, cells neutralised against formulas) or JSON Lines, newest first, streamed batch by batch. */
  exportEvents(query: AuditEventFilter, format: 'csv' | 'jsonl'): Readable {
    const batches = this.audit.findAll(filterOf(query));
    const out = new PassThrough();
    if (format === 'jsonl') {
      pipeline(
        Readable.from(
          (async function* () {
            for await (const batch of batches) yield batch.map((r) => JSON.stringify(toAuditEventDto(r)) + '\n').join('');
          })(),
        ),
        out,
        () => undefined,
      );
      return out;
    }
    async function* records(): AsyncGenerator<string[]> {
      yield [...CSV_COLUMNS];
      for await (const batch of batches) {
        for (const row of batch) {
          const dto = toAuditEventDto(row) as unknown as Record<string, unknown>;
          yield CSV_COLUMNS.map((c) => neutralizeCell(c === 'changes' ? JSON.stringify(dto[c]) : dto[c] === null || dto[c] === undefined ? '' : String(dto[c])));
        }
      }
    }
    pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: '\r\n', quoted_match: /[\r\n]/ }), out, () => undefined);
    return out;
  }

  /** One event, field by field: who, when, which field, before → after, with the request id. */
  async event(id: string): Promise<AuditEventDetailDto> {
    const row = await this.audit.findOne(id);
    if (!row) throw AppException.notFound('Audit event');
    const dto = toAuditEventDto(row);
    return {
      ...dto,
      actorInstitution: row.actor_institution_id ? { id: row.actor_institution_id, nameFr: row.institution_name_fr, nameAr: row.institution_name_ar, nameEn: row.institution_name_en } : null,
      fields: auditFieldChanges(dto.action, dto.changes),
    };
  }

  /** A record as it was at `at`, rebuilt from its events alone (never from its current row). */
  async entityAt(entityType: string, entityId: string, at: string | undefined): Promise<AuditEntityStateDto> {
    if (!isAuditHistoryEntityType(entityType)) {
      throw AppException.validation({ type: 'validation.enum' });
    }
    const instant = at ? new Date(at).toISOString() : new Date().toISOString();
    const events = await this.audit.entityHistory(entityType, entityId);
    const state = rebuildAt(events, at ?? instant);
    return {
      entityType,
      entityId,
      at: instant,
      exists: state.exists,
      eventsApplied: state.eventsApplied,
      eventsTotal: events.length,
      lastEventId: state.lastEventId,
      lastEventAt: state.lastEventAt,
      fields: Object.entries(state.fields).map(([field, f]) => ({ field, ...f })),
    };
  }

  verify(): Promise<AuditVerifyDto> {
    return this.anchor.verify();
  }

  async checkpoints(query: PaginationQueryDto): Promise<AuditCheckpointListDto> {
    const { items, total } = await this.anchor.list(query.page, query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  createCheckpoint(): Promise<AuditCheckpointDto> {
    return this.anchor.createCheckpoint();
  }

  publicKey(): Promise<AuditPublicKeyDto> {
    return this.anchor.publicKey();
  }
}
