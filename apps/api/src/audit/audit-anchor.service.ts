import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppException, ErrorCode } from '../common/app-exception.js';
import { AppConfig } from '../config/app-config.js';
import { AuditChainService } from './audit-chain.service.js';
import { AuditRepository } from './audit.repository.js';
import { checkpointStatusOf, verifyAgainstCheckpoint, type AuditChainVerification, type CheckpointStatus } from '@sidh/domain';
import type { ChainState } from './chain.js';
import {
  CHECKPOINT_ALGORITHM,
  CHECKPOINT_FILE,
  CHECKPOINT_FORMAT,
  checkpointFileName,
  canonicalJson,
  generateSigningKeyPem,
  keyIdOf,
  parsePayload,
  parseSigningKey,
  publicKeyPem,
  signCheckpoint,
  verifyCheckpoint,
  type CheckpointPayload,
} from './checkpoint.js';

/** Where the development key is kept when AUDIT_SIGNING_KEY is unset (never in production). */
export const DEV_KEY_FILE = 'signing-key.pem';

/** A checkpoint as read back from its file. Fields are null when the file cannot be parsed. */
export interface CheckpointView {
  file: string;
  seq: string | null;
  headHash: string | null;
  eventsChecked: number | null;
  genesisHash: string | null;
  createdAt: string | null;
  keyId: string | null;
  signatureValid: boolean;
}

/**
 * How the chain stands against the newest checkpoint: `none` (no checkpoint, or anchoring off),
 * `matches`, `invalid_signature` (the newest file does not verify), `foreign` (signed for a chain
 * with another first event: another database, or a history rewritten from its first event),
 * `behind` (the chain is shorter than the checkpoint: events were deleted), `diverged` (the event
 * the checkpoint names no longer carries the signed hash, or the chain is broken before it).
 */
export type { CheckpointStatus };

export type ChainVerification = AuditChainVerification;

const anchorDisabled = () => new AppException(HttpStatus.CONFLICT, ErrorCode.AuditAnchorDisabled, 'Audit anchoring is disabled (AUDIT_ANCHOR_ENABLED=false)');

/**
 * Signs the head of the audit chain and writes it as one file per checkpoint under
 * AUDIT_ANCHOR_DIR (created with `wx`, read-only: never overwritten), and checks the chain
 * against the newest checkpoint. Nothing here is stored in the database.
 */
@Injectable()
export class AuditAnchorService {
  private readonly logger = new Logger(AuditAnchorService.name);
  private key: Promise<KeyObject> | null = null;

  constructor(
    private readonly audit: AuditRepository,
    private readonly chains: AuditChainService,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.AUDIT_ANCHOR_ENABLED;
  }

  get dir(): string {
    return resolve(this.config.AUDIT_ANCHOR_DIR);
  }

  /** The signing key: AUDIT_SIGNING_KEY, else (outside production) a generated key kept in the anchor folder. */
  private signingKey(): Promise<KeyObject> {
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = null;
      throw error;
    });
    return this.key;
  }

  private async loadKey(): Promise<KeyObject> {
    if (this.config.AUDIT_SIGNING_KEY) return parseSigningKey(this.config.AUDIT_SIGNING_KEY);
    if (this.config.NODE_ENV === 'production') throw new Error('AUDIT_SIGNING_KEY is required in production');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, DEV_KEY_FILE);
    try {
      await writeFile(file, generateSigningKeyPem(), { flag: 'wx', mode: 0o600 });
      this.logger.warn(`generated a development audit signing key in ${file}; set AUDIT_SIGNING_KEY in production`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return parseSigningKey(await readFile(file, 'utf8'));
  }

  async publicKey(): Promise<{ algorithm: string; keyId: string; publicKeyPem: string }> {
    if (!this.enabled) throw anchorDisabled();
    const key = await this.signingKey();
    return { algorithm: CHECKPOINT_ALGORITHM, keyId: keyIdOf(key), publicKeyPem: publicKeyPem(key) };
  }

  /**
   * Verifies the chain and, only if it is intact and still carries the hash the newest valid
   * checkpoint signed, signs its head and writes the checkpoint file. A broken chain is never
   * signed: that would certify the tampering.
   */
  async createCheckpoint(options: { now?: Date } = {}): Promise<CheckpointView> {
    if (!this.enabled) throw anchorDisabled();
    const key = await this.signingKey();
    const chain = await this.chains.verify();
    if (chain.firstBrokenEventId !== null) {
      this.logger.error(`audit chain broken at event ${chain.firstBrokenEventId} (${chain.reason}): no checkpoint signed`);
      throw new AppException(HttpStatus.CONFLICT, ErrorCode.AuditChainBroken, 'The audit chain is broken; no checkpoint was signed', {
        firstBrokenEventId: chain.firstBrokenEventId,
        reason: chain.reason,
      });
    }
    if (!chain.headId || !chain.headHash || !chain.genesisHash) throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'The audit chain is empty');
    // An owner who rewrote history and recomputed every hash leaves an intact chain: signing its
    // head would launder the rewrite. The chain must extend the newest valid checkpoint: same
    // first event, at least as long, the same hash at the checkpoint's event.
    const previous = await this.newestValid();
    if (previous) {
      const status = await this.statusAgainst(previous, chain);
      if (status !== 'matches') {
        this.logger.error(`audit chain does not extend checkpoint ${previous.file} (${status}): no checkpoint signed`);
        throw new AppException(HttpStatus.CONFLICT, ErrorCode.AuditChainBroken, 'The audit chain does not extend the last checkpoint; no checkpoint was signed', {
          checkpointSeq: previous.seq,
          checkpointStatus: status,
        });
      }
    }
    const payload: CheckpointPayload = {
      format: CHECKPOINT_FORMAT,
      seq: chain.headId,
      headHash: chain.headHash,
      eventsChecked: chain.eventsChecked,
      genesisHash: chain.genesisHash,
      createdAt: (options.now ?? new Date()).toISOString(),
    };
    const envelope = signCheckpoint(payload, key);
    const file = checkpointFileName(payload);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    try {
      // `wx`: fails if the name exists, so a checkpoint is never replaced; then read-only.
      await writeFile(join(this.dir, file), canonicalJson(envelope) + '\n', { flag: 'wx', mode: 0o444 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'A checkpoint with this name already exists');
      }
      throw error;
    }
    await chmod(join(this.dir, file), 0o444).catch(() => undefined);
    this.logger.log(`audit checkpoint ${file} (seq ${payload.seq}, head ${payload.headHash.slice(0, 12)})`);
    return {
      file,
      seq: payload.seq,
      headHash: payload.headHash,
      eventsChecked: payload.eventsChecked,
      genesisHash: chain.genesisHash,
      createdAt: payload.createdAt,
      keyId: envelope.keyId,
      signatureValid: true,
    };
  }

  /** Checkpoint files, newest first (by seq, then time, from their names). */
  private async fileNames(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((f) => CHECKPOINT_FILE.test(f)).sort().reverse();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private async read(file: string, publicKey: KeyObject): Promise<CheckpointView> {
    const view: CheckpointView = { file, seq: null, headHash: null, eventsChecked: null, genesisHash: null, createdAt: null, keyId: null, signatureValid: false };
    let envelope: unknown;
    try {
      envelope = JSON.parse(await readFile(join(this.dir, file), 'utf8'));
    } catch {
      return view;
    }
    const e = (envelope ?? {}) as Record<string, unknown>;
    const payload = parsePayload(e['payload']);
    if (payload) Object.assign(view, { seq: payload.seq, headHash: payload.headHash, eventsChecked: payload.eventsChecked, genesisHash: payload.genesisHash ?? null, createdAt: payload.createdAt });
    if (typeof e['keyId'] === 'string') view.keyId = e['keyId'].slice(0, 64);
    view.signatureValid = verifyCheckpoint(envelope, publicKey);
    return view;
  }

  /** The newest checkpoint whose signature verifies (files that do not verify are skipped here, reported by `verify`). */
  private async newestValid(): Promise<CheckpointView | null> {
    const publicKey = createPublicKey(await this.signingKey());
    for (const name of await this.fileNames()) {
      const view = await this.read(name, publicKey);
      if (view.signatureValid) return view;
    }
    return null;
  }

  async list(page = 1, pageSize = 20): Promise<{ items: CheckpointView[]; total: number }> {
    if (!this.enabled) return { items: [], total: 0 };
    const publicKey = createPublicKey(await this.signingKey());
    const names = await this.fileNames();
    const items = await Promise.all(names.slice((page - 1) * pageSize, page * pageSize).map((f) => this.read(f, publicKey)));
    return { items, total: names.length };
  }

  /** Where the chain stands against one (valid) checkpoint (the rule of `@sidh/domain`, shared with the offline verifier). */
  private async statusAgainst(checkpoint: CheckpointView, chain: ChainState): Promise<CheckpointStatus> {
    return checkpointStatusOf(checkpoint, chain, checkpoint.seq ? await this.audit.hashOf(checkpoint.seq) : null);
  }

  /**
   * The raw checkpoint files (every one, oldest first), as they are on disk, and the public key:
   * what an export bundle carries so that the chain can be checked against them offline.
   */
  async exportable(): Promise<{ files: { file: string; content: string }[]; publicKey: { algorithm: string; keyId: string; publicKeyPem: string } | null }> {
    if (!this.enabled) return { files: [], publicKey: null };
    const names = (await this.fileNames()).reverse();
    const files = await Promise.all(names.map(async (file) => ({ file, content: (await readFile(join(this.dir, file), 'utf8')).trim() })));
    return { files, publicKey: await this.publicKey() };
  }

  /**
   * The chain verified in application code, and compared with the newest checkpoint. The chain
   * fails verification when it is broken, behind the checkpoint (events deleted) or diverges from
   * it; a checkpoint of another chain is reported as `foreign`. A checkpoint whose signature does
   * not verify never matches (fail closed).
   */
  async verify(): Promise<ChainVerification> {
    const chain = await this.chains.verify();
    const newest = this.enabled ? (await this.list(1, 1)).items[0] : undefined;
    const result = verifyAgainstCheckpoint(chain, newest ?? null, newest?.seq ? await this.audit.hashOf(newest.seq) : null);
    if (newest && result.checkpointStatus !== 'matches') this.logger.error(`audit chain against checkpoint ${newest.file}: ${result.checkpointStatus}`);
    return result;
  }
}
