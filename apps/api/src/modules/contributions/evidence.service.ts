import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { canDownloadEvidence, Permission } from '@sidh/domain';
import { AccessService } from '../../access/index.js';
import { AuditWriter } from '../../audit/audit.writer.js';
import { VersionedWriter } from '../../audit/versioned-writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { AppConfig } from '../../config/app-config.js';
import { assertContributionEditable, evidenceTypeRefused } from './contributions.errors.js';
import { contributionTarget } from './contributions.repository.js';
import type { CreateLinkEvidenceDto, EvidenceDto } from './dto/contribution.dto.js';
import { toEvidenceDto } from './dto/evidence.mapper.js';
import { checkEvidenceType, decodeUploadName, isHttpUrl, sanitizeFileName } from './evidence.files.js';
import { EvidenceRepository } from './evidence.repository.js';

export interface UploadedEvidenceFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly evidence: EvidenceRepository,
    private readonly access: AccessService,
    private readonly versioned: VersionedWriter,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
  ) {}

  private get dir(): string {
    return path.resolve(this.config.UPLOAD_DIR, 'evidence');
  }

  /** A file (checked by content, stored under a generated name) or an http(s) link (never fetched). */
  async add(contributionId: string, file: UploadedEvidenceFile | undefined, input: CreateLinkEvidenceDto, user: AuthUser, actor: AuditActor): Promise<EvidenceDto> {
    await this.access.requireAccess({ user, permission: Permission.ContributionWrite, entity: 'contribution', ids: [contributionId] });
    const confidentiality = input.confidentiality ?? 'internal';
    const title = (input.title ?? '').trim();
    if (file && input.url) throw AppException.validation({ url: 'validation.fileOrUrl' });
    if (!file && !input.url) throw AppException.validation({ file: 'validation.required' });
    if (input.url && !isHttpUrl(input.url)) throw AppException.validation({ url: 'validation.url' });
    let stored: { storageName: string; fileName: string; mediaType: string; size: number; sha256: string } | null = null;
    if (file) {
      const name = decodeUploadName(file.originalname ?? '');
      const check = await checkEvidenceType(file.buffer, name);
      if (!check.ok) throw evidenceTypeRefused(check.reason);
      stored = { storageName: `${randomUUID()}.bin`, fileName: sanitizeFileName(name, check.ext), mediaType: check.mediaType, size: file.size, sha256: createHash('sha256').update(file.buffer).digest('hex') };
    }
    // The status check comes first; the file is written only once it passes, and removed if the transaction fails.
    try {
      return await this.dataSource.transaction(async (manager) => {
        const status = await this.versioned.lock(manager, contributionTarget(contributionId), null, () => this.evidence.contributionStatus(contributionId, manager));
        assertContributionEditable(status, 'evidence');
        if (stored && file) {
          await mkdir(this.dir, { recursive: true });
          await writeFile(path.join(this.dir, stored.storageName), file.buffer, { flag: 'wx' });
        }
        const row = await this.evidence.insert(manager, {
          contributionId,
          kind: stored ? 'file' : 'link',
          title: title || stored?.fileName || input.url!.slice(0, 300),
          fileName: stored?.fileName ?? null,
          storageName: stored?.storageName ?? null,
          mediaType: stored?.mediaType ?? null,
          sizeBytes: stored?.size ?? null,
          sha256: stored?.sha256 ?? null,
          url: stored ? null : input.url!,
          confidentiality,
          createdById: user.id,
        });
        await this.audit.append(manager, actor, {
          action: 'evidence.add',
          entityType: 'contribution',
          entityId: contributionId,
          changes: { evidenceId: row.id, kind: row.kind, fileName: stored?.fileName ?? null, sha256: stored?.sha256 ?? null, url: row.url, confidentiality },
        });
        return toEvidenceDto({ ...row, createdByName: user.name });
      });
    } catch (error) {
      if (stored) await unlink(path.join(this.dir, stored.storageName)).catch(() => undefined);
      throw error;
    }
  }

  async remove(id: string, user: AuthUser, actor: AuditActor): Promise<void> {
    await this.access.requireAccess({ user, permission: Permission.ContributionWrite, entity: 'evidence', ids: [id] });
    const storageName = await this.dataSource.transaction(async (manager) => {
      const row = await this.evidence.lockWithContribution(manager, id);
      if (!row) throw AppException.notFound('Evidence');
      assertContributionEditable(row.contributionStatus, 'evidence');
      // Exactly one removal is audited; a concurrent one that lost the race is 404 (nothing written).
      if (!(await this.evidence.delete(manager, id))) throw AppException.notFound('Evidence');
      await this.audit.append(manager, actor, {
        action: 'evidence.remove',
        entityType: 'contribution',
        entityId: row.contributionId,
        changes: { evidenceId: id, kind: row.kind, fileName: row.fileName, sha256: row.sha256, url: row.url },
      });
      return row.storageName;
    });
    if (storageName) await unlink(path.join(this.dir, storageName)).catch((error: unknown) => this.logger.warn(`evidence file not removed: ${error instanceof Error ? error.message : 'unknown'}`));
  }

  /** Scope first (404), then confidentiality: restricted files only to the institution, coordinators and auditors. */
  async openDownload(id: string, user: AuthUser, actor?: AuditActor): Promise<{ stream: ReadStream; fileName: string; mediaType: string; size: number }> {
    await this.access.requireAccess({ user, permission: Permission.ContributionRead, entity: 'evidence', ids: [id] });
    const row = await this.evidence.find(id);
    if (!row || row.kind !== 'file' || !row.storageName || !row.fileName || !row.mediaType) throw AppException.notFound('Evidence');
    const ownInstitution = user.institutionId !== null && user.institutionId === row.institutionId;
    if (!canDownloadEvidence(row.confidentiality, user.role, ownInstitution)) throw AppException.notFound('Evidence');
    const file = path.join(this.dir, path.basename(row.storageName));
    // A record whose file is gone (lost volume, restore without files) is 404 JSON before any header is sent.
    const present = await stat(file).then((s) => s.isFile()).catch(() => false);
    if (!present) {
      this.logger.error({ event: 'evidence_file_missing', evidenceId: id });
      throw AppException.notFound('Evidence file');
    }
    // A restricted file read is recorded (who, which file, when), before a byte is sent: the auditor sees every such read.
    if (actor && row.confidentiality === 'restricted') {
      await this.dataSource.transaction((manager) =>
        this.audit.append(manager, actor, {
          action: 'evidence.download',
          entityType: 'contribution',
          entityId: row.contributionId,
          changes: { evidenceId: id, fileName: row.fileName, sha256: row.sha256, confidentiality: row.confidentiality },
        }),
      );
    }
    return { stream: createReadStream(file), fileName: row.fileName, mediaType: row.mediaType, size: Number(row.sizeBytes) };
  }
}
