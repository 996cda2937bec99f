import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { EDITABLE_CONTRIBUTION_STATUSES, type ContributionStatus } from '@sidh/domain';
import { appendAuditEvent, type AuditActor } from '../../audit/audit.writer.js';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { AppConfig } from '../../config/app-config.js';
import { scopeInstitution, toEvidenceDto } from './contributions.service.js';
import type { CreateLinkEvidenceDto, EvidenceDto } from './dto/contribution.dto.js';
import { checkEvidenceType, decodeUploadName, isHttpUrl, sanitizeFileName } from './evidence.files.js';
import { EvidenceRepository } from './evidence.repository.js';

export interface UploadedEvidenceFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Roles that may download `restricted` evidence of any institution (the institution's own people always may). */
const RESTRICTED_READERS = ['coordinator', 'auditor'];

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly evidence: EvidenceRepository,
    private readonly config: AppConfig,
  ) {}

  private get dir(): string {
    return path.resolve(this.config.UPLOAD_DIR, 'evidence');
  }

  /** A file (checked by content, stored under a generated name) or an http(s) link (never fetched). */
  async add(contributionId: string, file: UploadedEvidenceFile | undefined, input: CreateLinkEvidenceDto, user: AuthUser, actor: AuditActor): Promise<EvidenceDto> {
    const confidentiality = input.confidentiality ?? 'internal';
    const title = (input.title ?? '').trim();
    if (file && input.url) throw AppException.validation({ url: 'validation.fileOrUrl' });
    if (!file && !input.url) throw AppException.validation({ file: 'validation.required' });
    if (input.url && !isHttpUrl(input.url)) throw AppException.validation({ url: 'validation.url' });
    let stored: { storageName: string; fileName: string; mediaType: string; size: number; sha256: string } | null = null;
    if (file) {
      const name = decodeUploadName(file.originalname ?? '');
      const check = await checkEvidenceType(file.buffer, name);
      if (!check.ok) {
        throw new AppException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          check.reason === 'unsupported' ? ErrorCode.EvidenceUnsupportedType : ErrorCode.EvidenceTypeMismatch,
          check.reason === 'unsupported' ? 'Accepted files: PDF, DOCX, XLSX, ODT, PNG, JPEG' : 'The file content does not match its extension',
        );
      }
      stored = { storageName: `${randomUUID()}.bin`, fileName: sanitizeFileName(name, check.ext), mediaType: check.mediaType, size: file.size, sha256: createHash('sha256').update(file.buffer).digest('hex') };
    }
    // The scope and status checks come first; the file is written only once they pass, and removed if the transaction fails.
    try {
      return await this.dataSource.transaction(async (manager) => {
        const contribution = await this.evidence.lockContribution(manager, contributionId, scopeInstitution(user));
        if (!contribution) throw AppException.notFound('Contribution');
        assertEditable(contribution['status']);
        if (stored && file) {
          await mkdir(this.dir, { recursive: true });
          await writeFile(path.join(this.dir, stored.storageName), file.buffer, { flag: 'wx' });
        }
        const row = await this.evidence.insert(manager, {
          contribution_id: contributionId,
          kind: stored ? 'file' : 'link',
          title: title || stored?.fileName || input.url!.slice(0, 300),
          file_name: stored?.fileName ?? null,
          storage_name: stored?.storageName ?? null,
          media_type: stored?.mediaType ?? null,
          size_bytes: stored?.size ?? null,
          sha256: stored?.sha256 ?? null,
          url: stored ? null : input.url!,
          confidentiality,
          created_by_id: user.id,
        });
        await appendAuditEvent(manager, actor, {
          action: 'evidence.add',
          entityType: 'contribution',
          entityId: contributionId,
          changes: { evidenceId: row['id'], kind: row['kind'], fileName: stored?.fileName ?? null, sha256: stored?.sha256 ?? null, url: row['url'], confidentiality },
        });
        return toEvidenceDto({ ...row, created_by_name: user.name });
      });
    } catch (error) {
      if (stored) await unlink(path.join(this.dir, stored.storageName)).catch(() => undefined);
      throw error;
    }
  }

  async remove(id: string, user: AuthUser, actor: AuditActor): Promise<void> {
    const storageName = await this.dataSource.transaction(async (manager) => {
      const row = await this.evidence.lockWithContribution(manager, id, scopeInstitution(user));
      if (!row) throw AppException.notFound('Evidence');
      assertEditable(row['contribution_status']);
      await this.evidence.delete(manager, id);
      await appendAuditEvent(manager, actor, {
        action: 'evidence.remove',
        entityType: 'contribution',
        entityId: row['contribution_id'],
        changes: { evidenceId: id, kind: row['kind'], fileName: row['file_name'], sha256: row['sha256'], url: row['url'] },
      });
      return row['storage_name'] as string | null;
    });
    if (storageName) await unlink(path.join(this.dir, storageName)).catch((error: unknown) => this.logger.warn(`evidence file not removed: ${error instanceof Error ? error.message : 'unknown'}`));
  }

  /** Scope first (404), then confidentiality: restricted files only to the institution, coordinators and auditors. */
  async openDownload(id: string, user: AuthUser): Promise<{ stream: ReadStream; fileName: string; mediaType: string; size: number }> {
    const row = await this.evidence.findWithContribution(id, scopeInstitution(user));
    if (!row || row['kind'] !== 'file' || !row['storage_name']) throw AppException.notFound('Evidence');
    const ownInstitution = user.institutionId !== null && user.institutionId === row['institution_id'];
    if (row['confidentiality'] === 'restricted' && !ownInstitution && !RESTRICTED_READERS.includes(user.role)) throw AppException.notFound('Evidence');
    const file = path.join(this.dir, path.basename(row['storage_name']));
    return { stream: createReadStream(file), fileName: row['file_name'], mediaType: row['media_type'], size: Number(row['size_bytes']) };
  }
}

function assertEditable(status: ContributionStatus): void {
  if (status === 'validated') throw new AppException(HttpStatus.CONFLICT, ErrorCode.ContributionLocked, 'A validated contribution is locked', { status });
  if (!EDITABLE_CONTRIBUTION_STATUSES.includes(status)) {
    throw new AppException(HttpStatus.CONFLICT, ErrorCode.ContributionNotEditable, `Evidence of a ${status} contribution cannot change`, { status });
  }
}
