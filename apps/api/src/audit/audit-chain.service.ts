import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { auditMacKey } from './audit-keys.js';
import { AuditRepository } from './audit.repository.js';
import type { ChainSegment } from './chain-copy.js';
import { ChainVerdictPool, chainVerdictThreads, type ChainVerdicts } from './chain-verdict-pool.js';
import { ChainVerifier, type ChainState } from './chain.js';

/**
 * Verifies the audit chain in application code: every event's hash recomputed from its columns,
 * every link, every id, and every MAC (docs/audit-threat-model.md). Streams the chain up to the
 * head when the walk starts (COPY on a server: PostgreSQL writes ahead while the API checks); the
 * order-free part of each event's check (hash, MAC, readable changes) runs in worker threads over
 * segments of the COPY text, the ordered walk (id, link, MAC presence, key reuse, which reason
 * comes first) on this thread, in chain order (docs/decisions/0007-audit-verification-speed.md).
 */
@Injectable()
export class AuditChainService implements OnModuleDestroy {
  private readonly macKey: Buffer;
  private readonly threads: number;
  /** Started on the first walk that can use it (undefined: not yet; null: none). */
  private pool: ChainVerdictPool | null | undefined;

  constructor(
    private readonly audit: AuditRepository,
    config: AppConfig,
  ) {
    this.macKey = auditMacKey(config);
    this.threads = chainVerdictThreads(config.AUDIT_VERIFY_THREADS);
  }

  async verify(): Promise<ChainState> {
    const verifier = new ChainVerifier(this.macKey);
    // Segments handed to the workers, walked in order as their verdicts come back (null: computed here).
    const queue: { segment: ChainSegment; verdicts: Promise<ChainVerdicts | null> }[] = [];
    const walkOne = async (): Promise<void> => {
      const { segment, verdicts } = queue.shift()!;
      const given = await verdicts;
      // The walk reads only the links when the worker read the same events (count, first id, last hash);
      // else (no answer, or a worker of another build) every field, and computes the verdicts itself.
      const links = segment.links;
      if (given && given.verdicts.length === links.length && given.firstId === (links[0]?.id ?? null) && given.lastHash === (links[links.length - 1]?.hash ?? null)) verifier.add(links, given.verdicts);
      else verifier.add(segment.rows());
    };
    // COPY only with workers: on one thread, splitting COPY text measured no cheaper than pg's row parser (ADR 0007).
    const pool = this.audit.chainReader() === 'copy' ? this.verdictPool() : null;
    for await (const segment of this.audit.chainSegments({ reader: pool ? 'copy' : 'rows' })) {
      if (!pool || !segment.bytes) {
        while (queue.length) await walkOne();
        verifier.add(segment.rows());
        continue;
      }
      queue.push({ segment, verdicts: pool.verdicts(segment.bytes) });
      // Enough segments ahead to keep every worker busy, few enough to bound the memory held.
      while (queue.length > pool.size * 2) await walkOne();
    }
    while (queue.length) await walkOne();
    return verifier.result();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }

  private verdictPool(): ChainVerdictPool | null {
    if (this.pool === undefined) this.pool = ChainVerdictPool.start(this.macKey, this.threads);
    return this.pool;
  }
}
