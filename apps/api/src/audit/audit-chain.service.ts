import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { auditMacKey } from './audit-keys.js';
import { AuditRepository } from './audit.repository.js';
import { ChainVerifier, type ChainState } from './chain.js';

/**
 * Verifies the audit chain in application code: every event's hash recomputed from its columns,
 * every link, every id, and every MAC (docs/audit-threat-model.md). Streams the chain in batches
 * up to the head when the walk starts; PostgreSQL reads the next batch while this one is checked
 * (docs/decisions/0007-audit-verification-speed.md).
 */
@Injectable()
export class AuditChainService {
  private readonly macKey: Buffer;

  constructor(
    private readonly audit: AuditRepository,
    config: AppConfig,
  ) {
    this.macKey = auditMacKey(config);
  }

  async verify(): Promise<ChainState> {
    const verifier = new ChainVerifier(this.macKey);
    for await (const rows of this.audit.chainRows()) verifier.add(rows);
    return verifier.result();
  }
}
