import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { auditMacKey } from './audit-keys.js';
import { AuditRepository } from './audit.repository.js';
import { ChainVerifier, type ChainState } from './chain.js';

const BATCH = 5000;

/**
 * Verifies the audit chain in application code: every event's hash recomputed from its columns,
 * every link, every id, and every MAC (docs/audit-threat-model.md). Streams the chain in batches.
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
    let after = '0';
    for (;;) {
      const rows = await this.audit.chainBatch(after, BATCH);
      if (!rows.length) break;
      verifier.add(rows);
      after = rows[rows.length - 1]!.id;
      if (rows.length < BATCH) break;
    }
    return verifier.result();
  }
}
