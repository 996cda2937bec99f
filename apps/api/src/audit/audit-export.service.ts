import { Injectable } from '@nestjs/common';
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { AUDIT_EXPORT_FIELDS, AUDIT_EXPORT_FORMAT, auditExportLine } from '@sidh/domain';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditRepository } from './audit.repository.js';
import { tarEnd, tarFile, tarHeader, tarPadding } from './tar.js';

/** What the bundle's README says: how to check it, and what an offline check cannot prove. */
export function exportReadme(manifest: { headId: string; exportedAt: string; checkpoints: number; keyId: string | null }): string {
  return `SIDH audit export (${AUDIT_EXPORT_FORMAT})
Exported at ${manifest.exportedAt}; events 1 to ${manifest.headId}; ${manifest.checkpoints} signed checkpoint(s).

Files
  events.jsonl       one audit event per line, in chain order. Fields: ${AUDIT_EXPORT_FIELDS.join(', ')}.
                     "changes" is the stored JSON text, kept as a string: it is hashed byte for byte.
  checkpoints.jsonl  every signed checkpoint, oldest first: {"file": <name>, "envelope": <the file's JSON>}.
  public-key.pem     the Ed25519 public key that signed the checkpoints (key id ${manifest.keyId ?? 'none: anchoring is off'}).
  manifest.json      this export: format, time, head event, counts.

How to check it (no database, no network; Node.js 20 or later)
  From a copy of the SIDH repository:   npm run audit:verify-export -- <this .tar.gz or its extracted folder>
  Trust a key you obtained separately:  npm run audit:verify-export -- <bundle> --public-key <file.pem>
  The verifier recomputes every event's SHA-256 hash from its fields, checks that each names its
  predecessor's hash and follows it by exactly one id, that no event key is used twice and that no
  event after the first MAC'd one lacks a MAC; it checks each checkpoint's Ed25519 signature and
  that the chain still carries the hash each checkpoint signed. It prints the same verdict as
  GET /api/v1/audit/verify (intact, eventsChecked, firstBrokenEventId, reason, checkpointStatus, ...)
  and exits 0 only when the chain is intact and matches every checkpoint.

What an offline check cannot prove
  - The MAC of each event is an HMAC under a key only the server holds: the verifier checks it is
    present, not its value. GET /api/v1/audit/verify on the server checks the MACs.
  - The public key in this bundle comes with the bundle: compare its key id with a copy obtained
    independently (the administrator's record, an earlier export) or pass --public-key.
  - Events written after the newest checkpoint are covered by the chain only: someone who rewrote
    them and the whole tail consistently is caught by the next checkpoint, not by this one.
`;
}

/**
 * The audit trail as one .tar.gz that can be checked offline (tools/audit-verify-export.mjs):
 * events.jsonl, checkpoints.jsonl, public-key.pem, manifest.json, README.txt. Events are read
 * in batches up to the head fixed when the export starts; the checkpoints are read before the
 * head, so none covers an event the bundle lacks. A tar header carries its file's size, so the
 * events are read twice (once to measure, once to send); nothing is held in memory.
 */
@Injectable()
export class AuditExportService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly anchor: AuditAnchorService,
  ) {}

  async bundle(now = new Date()): Promise<{ fileName: string; stream: Readable }> {
    const { files, publicKey } = await this.anchor.exportable();
    const headId = await this.audit.headId();
    const exportedAt = now.toISOString();
    const checkpoints = files.map(({ file, content }) => {
      let envelope: unknown = null;
      try {
        envelope = JSON.parse(content);
      } catch {
        envelope = null;
      }
      return JSON.stringify({ file, envelope });
    });
    const audit = this.audit;
    async function* lines(): AsyncGenerator<string> {
      for await (const rows of audit.chainRows({ upTo: headId })) yield rows.map((r) => auditExportLine(r) + '\n').join('');
    }
    let eventsBytes = 0;
    for await (const chunk of lines()) eventsBytes += Buffer.byteLength(chunk, 'utf8');
    const manifest = { format: AUDIT_EXPORT_FORMAT, exportedAt, headId, checkpoints: files.length, keyId: publicKey?.keyId ?? null, eventsBytes };
    async function* tar(): AsyncGenerator<Buffer> {
      yield tarFile('README.txt', exportReadme(manifest), now);
      yield tarFile('manifest.json', JSON.stringify(manifest, null, 2) + '\n', now);
      if (publicKey) yield tarFile('public-key.pem', publicKey.publicKeyPem, now);
      yield tarFile('checkpoints.jsonl', checkpoints.map((l) => l + '\n').join(''), now);
      yield tarHeader('events.jsonl', eventsBytes, now);
      let sent = 0;
      for await (const chunk of lines()) {
        const bytes = Buffer.from(chunk, 'utf8');
        sent += bytes.length;
        // Events are append-only: a second read differing from the first means the table changed under the export.
        if (sent > eventsBytes) throw new Error('audit export: the events changed while they were exported');
        yield bytes;
      }
      if (sent !== eventsBytes) throw new Error('audit export: the events changed while they were exported');
      yield tarPadding(eventsBytes);
      yield tarEnd();
    }
    const stream = createGzip();
    // A failure mid-stream destroys the response (the client sees a truncated download, never a bundle that verifies).
    pipeline(Readable.from(tar()), stream, () => undefined);
    return { fileName: `sidh-audit-${headId}-${exportedAt.slice(0, 10)}.tar.gz`, stream };
  }
}
