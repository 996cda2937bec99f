import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { AUDIT_HISTORY_ENTITY_TYPES, ROLES } from '@sidh/domain';
import { PaginationQueryDto } from '../../common/pagination.dto.js';

export const AUDIT_ACTOR_ROLES = [...ROLES, 'system'] as const;

/** The audit log's filters (shared by the page, the CSV and the JSON Lines export). */
export class AuditEventsFilterDto {
  @ApiPropertyOptional({ example: 'recommendation' })
  @IsOptional() @IsString() @Matches(/^[a-z_]{1,64}$/)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The user who acted' })
  @IsOptional() @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTOR_ROLES, description: 'The role the actor had when acting' })
  @IsOptional() @IsIn(AUDIT_ACTOR_ROLES)
  actorRole?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The actor's institution when acting" })
  @IsOptional() @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ example: 'recommendation.update' })
  @IsOptional() @IsString() @Matches(/^[a-z_.]{1,64}$/)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events at or after this instant' })
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events before this instant' })
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Events written by one import' })
  @IsOptional() @IsUUID()
  importId?: string;

  @ApiPropertyOptional({ description: 'Words searched in the text values of the changes (all of them, any language)' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}

export class AuditEventsQueryDto extends IntersectionType(PaginationQueryDto, AuditEventsFilterDto) {
  @ApiPropertyOptional({ description: 'Keyset: the `nextCursor` of the previous page (events older than it). Without it, `page` counts from the newest.' })
  @IsOptional() @IsString() @Matches(/^[1-9][0-9]{0,18}$/)
  cursor?: string;
}

export class AuditEventsExportQueryDto extends AuditEventsFilterDto {
  @ApiPropertyOptional({ enum: ['csv', 'jsonl'], default: 'csv' })
  @IsOptional() @IsIn(['csv', 'jsonl'])
  format?: 'csv' | 'jsonl';
}

export class AuditEntityQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The instant (default: now)' })
  @IsOptional() @IsISO8601({ strict: true })
  at?: string;
}

export { AUDIT_HISTORY_ENTITY_TYPES };

export class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: String, nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiProperty({ type: String, nullable: true }) actorInstitutionId: string | null;
  @ApiProperty({ example: 'recommendation.update' }) action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'For updates: { field: { before, after } }' }) changes: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class AuditEventListDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next (older) page; null on the last page' }) nextCursor: string | null;
}

export class AuditFieldChangeDto {
  @ApiProperty() field: string;
  @ApiProperty({ enum: ['change', 'initial', 'detail'], description: 'change: before → after; initial: the value the record was created with; detail: a fact recorded by the event' })
  kind: 'change' | 'initial' | 'detail';
  @ApiProperty({ nullable: true, description: 'Any JSON value' }) before: unknown;
  @ApiProperty({ nullable: true, description: 'Any JSON value' }) after: unknown;
}

export class AuditInstitutionRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) nameFr: string | null;
  @ApiProperty({ type: String, nullable: true }) nameAr: string | null;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
}

export class AuditEventDetailDto extends AuditEventDto {
  @ApiProperty({ type: AuditInstitutionRefDto, nullable: true, description: "The actor's institution when acting" }) actorInstitution: AuditInstitutionRefDto | null;
  @ApiProperty({ type: [AuditFieldChangeDto], description: 'Field by field: who (actor), when (occurredAt), which field, before → after, with the request id' })
  fields: AuditFieldChangeDto[];
}

export class AuditRebuiltFieldDto {
  @ApiProperty() field: string;
  @ApiProperty({ nullable: true, description: 'Any JSON value' }) value: unknown;
  @ApiProperty({ type: String, nullable: true, description: 'The event that set it; null: the value it had before its first recorded change' }) eventId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) changedAt: string | null;
}

export class AuditEntityStateDto {
  @ApiProperty({ enum: AUDIT_HISTORY_ENTITY_TYPES }) entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'false once deleted; null when no event of the record is at or before `at`' }) exists: boolean | null;
  @ApiProperty() eventsApplied: number;
  @ApiProperty() eventsTotal: number;
  @ApiProperty({ type: String, nullable: true }) lastEventId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastEventAt: string | null;
  @ApiProperty({ type: [AuditRebuiltFieldDto] }) fields: AuditRebuiltFieldDto[];
}

export class AuditCheckpointRefDto {
  @ApiProperty({ type: String, nullable: true, description: 'Id of the last event the checkpoint covers' }) seq: string | null;
  @ApiProperty({ type: String, nullable: true }) headHash: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) createdAt: string | null;
  @ApiProperty({ description: 'The Ed25519 signature verifies with the current public key' }) signatureValid: boolean;
}

export const CHAIN_BREAK_REASONS = ['gap', 'link', 'hash', 'mac', 'mac_missing', 'duplicate_key', 'behind_checkpoint', 'diverged_from_checkpoint'] as const;
export const CHECKPOINT_STATUSES = ['none', 'matches', 'invalid_signature', 'foreign', 'behind', 'diverged'] as const;

export class AuditVerifyDto {
  @ApiProperty({ description: 'Every event verified in application code (hash, link, id, MAC) and the chain neither behind nor diverging from the newest checkpoint' })
  intact: boolean;
  @ApiProperty() eventsChecked: number;
  @ApiProperty({ type: String, nullable: true }) firstBrokenEventId: string | null;
  @ApiProperty({
    enum: CHAIN_BREAK_REASONS,
    type: String,
    nullable: true,
    description: 'Why the first broken event is broken: gap (missing id), link (previous hash), hash (content changed), mac (not written by the application), mac_missing, duplicate_key (a copied event), behind_checkpoint (events deleted), diverged_from_checkpoint',
  })
  reason: (typeof CHAIN_BREAK_REASONS)[number] | null;
  @ApiProperty({ type: String, nullable: true, description: "Hash of the chain's first event: its identity" }) genesisHash: string | null;
  @ApiProperty({ description: 'Events written before events carried a MAC (accepted only before the first event with a MAC)' }) legacyEvents: number;
  @ApiProperty({
    enum: CHECKPOINT_STATUSES,
    enumName: 'CheckpointStatus',
    description: 'The chain against the newest checkpoint: none, matches, invalid_signature, foreign (another chain), behind (events deleted), diverged',
  })
  checkpointStatus: (typeof CHECKPOINT_STATUSES)[number];
  @ApiProperty({ type: String, nullable: true, description: 'Hash of the last event: compare it with an anchored copy' }) headHash: string | null;
  @ApiProperty({ type: AuditCheckpointRefDto, nullable: true, description: 'The newest signed checkpoint, null when there is none or anchoring is off' })
  checkpoint: AuditCheckpointRefDto | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'The event numbered checkpoint.seq still has the signed hash, the chain is intact up to it and the signature is valid; null without a checkpoint',
  })
  matchesCheckpoint: boolean | null;
}

export class AuditCheckpointDto extends AuditCheckpointRefDto {
  @ApiProperty({ description: 'File name under AUDIT_ANCHOR_DIR' }) file: string;
  @ApiProperty({ type: Number, nullable: true }) eventsChecked: number | null;
  @ApiProperty({ type: String, nullable: true }) keyId: string | null;
  @ApiProperty({ type: String, nullable: true, description: "Hash of the chain's first event (null for v1 checkpoints)" }) genesisHash: string | null;
}

export class AuditCheckpointListDto {
  @ApiProperty({ type: [AuditCheckpointDto] }) items: AuditCheckpointDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class AuditPublicKeyDto {
  @ApiProperty({ example: 'Ed25519' }) algorithm: string;
  @ApiProperty({ description: 'First 16 bytes (hex) of SHA-256 over the SPKI DER public key' }) keyId: string;
  @ApiProperty({ description: 'SPKI PEM' }) publicKeyPem: string;
}

interface AuditEventRow {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_institution_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changes: Record<string, unknown>;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export function toAuditEventDto(row: AuditEventRow): AuditEventDto {
  return {
    id: String(row.id),
    occurredAt: new Date(row.occurred_at).toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    actorInstitutionId: row.actor_institution_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    changes: row.changes,
    requestId: row.request_id,
    ip: row.ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
export type { AuditEventRow };
