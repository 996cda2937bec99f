import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppException, ErrorCode } from '../common/app-exception.js';
import { AppConfig } from '../config/app-config.js';
import { AuditRepository } from './audit.repository.js';
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
  createdAt: string | null;
  keyId: string | null;
  signatureValid: boolean;
}

export interface ChainVerification {
  intact: boolean;
  eventsChecked: number;
  firstBrokenEventId: string | null;
  headHash: string | null;
  checkpoint: Pick<CheckpointView, 'seq' | 'headHash' | 'createdAt' | 'signatureValid'> | null;
  matchesCheckpoint: boolean | null;
}

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
    const chain = await this.audit.verifyChain();
    if (!chain.intact) {
      this.logger.error(`audit chain broken at event ${chain.firstBrokenEventId}: no checkpoint signed`);
      throw new AppException(HttpStatus.CONFLICT, ErrorCode.AuditChainBroken, 'The audit chain is broken; no checkpoint was signed', {
        firstBrokenEventId: chain.firstBrokenEventId,
      });
    }
    if (!chain.headId || !chain.headHash) throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'The audit chain is empty');
    // An owner who rewrote history and recomputed every hash leaves an intact chain: signing its
    // head would launder the rewrite. The chain must still extend the newest valid checkpoint.
    const previous = await this.newestValid();
    if (previous && (await this.audit.hashOf(previous.seq!)) !== previous.headHash) {
      this.logger.error(`audit chain no longer matches checkpoint ${previous.file}: no checkpoint signed`);
      throw new AppException(HttpStatus.CONFLICT, ErrorCode.AuditChainBroken, 'The audit chain no longer matches the last checkpoint; no checkpoint was signed', {
        checkpointSeq: previous.seq,
      });
    }
    const payload: CheckpointPayload = {
      format: CHECKPOINT_FORMAT,
      seq: chain.headId,
      headHash: chain.headHash,
      eventsChecked: chain.eventsChecked,
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
    return { file, seq: payload.seq, headHash: payload.headHash, eventsChecked: payload.eventsChecked, createdAt: payload.createdAt, keyId: envelope.keyId, signatureValid: true };
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
    const view: CheckpointView = { file, seq: null, headHash: null, eventsChecked: null, createdAt: null, keyId: null, signatureValid: false };
    let envelope: unknown;
    try {
      envelope = JSON.parse(await readFile(join(this.dir, file), 'utf8'));
    } catch {
      return view;
    }
    const e = (envelope ?? {}) as Record<string, unknown>;
    const payload = parsePayload(e['payload']);
    if (payload) Object.assign(view, { seq: payload.seq, headHash: payload.headHash, eventsChecked: payload.eventsChecked, createdAt: payload.createdAt });
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

  /**
   * The chain verification plus its comparison with the newest checkpoint: the event numbered
   * `seq` must still carry the signed hash and the chain must be intact up to it. A checkpoint
   * whose signature does not verify never matches (fail closed).
   */
  async verify(): Promise<ChainVerification> {
    const chain = await this.audit.verifyChain();
    const base = { intact: chain.intact, eventsChecked: chain.eventsChecked, firstBrokenEventId: chain.firstBrokenEventId, headHash: chain.headHash };
    if (!this.enabled) return { ...base, checkpoint: null, matchesCheckpoint: null };
    const [newest] = (await this.list(1, 1)).items;
    if (!newest) return { ...base, checkpoint: null, matchesCheckpoint: null };
    const checkpoint = { seq: newest.seq, headHash: newest.headHash, createdAt: newest.createdAt, signatureValid: newest.signatureValid };
    let matches = false;
    if (newest.signatureValid && newest.seq && newest.headHash) {
      const hash = await this.audit.hashOf(newest.seq);
      const intactUpTo = chain.firstBrokenEventId === null || BigInt(chain.firstBrokenEventId) > BigInt(newest.seq);
      matches = hash === newest.headHash && intactUpTo;
    }
    if (!matches) this.logger.error(`audit chain does not match checkpoint ${newest.file}`);
    return { ...base, checkpoint, matchesCheckpoint: matches };
  }
}
