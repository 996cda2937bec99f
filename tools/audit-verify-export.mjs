#!/usr/bin/env node
/**
 * Verifies an audit export bundle offline (GET /api/v1/audit/export): no database, no network,
 * nothing but Node.js and the chain rules of @sidh/domain (libs/shared/domain/src/audit-chain.ts,
 * the very code GET /audit/verify runs, so the two cannot drift).
 *
 *   npm run audit:verify-export -- <bundle.tar.gz | bundle.tar | extracted-folder> [--public-key key.pem] [--json]
 *
 * Prints the verdict with the fields of GET /audit/verify (intact, eventsChecked, firstBrokenEventId,
 * reason, genesisHash, headHash, legacyEvents, checkpoint, checkpointStatus, matchesCheckpoint) and,
 * beside them, every checkpoint of the bundle with its signature and status. Exit code: 0 when the
 * chain is intact and every checkpoint verifies and matches; 1 otherwise; 2 on a usage or read error.
 *
 * What cannot be checked offline: the events' MAC values (an HMAC under a server secret); their
 * presence after the first MAC'd event and the uniqueness of event keys are checked. See the
 * bundle's README.txt and docs/audit-threat-model.md.
 *
 * The rules are loaded from `audit-chain.js` beside this file when present (copy both files to
 * verify on another machine), else from the repository's built domain library.
 */
import crypto, { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

async function loadRules() {
  const candidates = [new URL('./audit-chain.js', import.meta.url), new URL('../libs/shared/domain/dist/audit-chain.js', import.meta.url)];
  for (const url of candidates) if (existsSync(url)) return import(url.href);
  throw new Error('the chain rules were not found: run `npm run build:libs` (or copy libs/shared/domain/dist/audit-chain.js beside this file)');
}

/** The regular files of a ustar archive, by name. */
function untar(buffer) {
  const files = new Map();
  let offset = 0;
  while (offset + 512 <= buffer.length) {
    const header = buffer.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const full = (prefix ? `${prefix}/${name}` : name).replace(/^\.\//, '');
    offset += 512;
    if (type === '0' || type === '\0') files.set(full.split('/').pop(), buffer.subarray(offset, offset + size));
    offset += Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The bundle's files: from an archive (.tar or .tar.gz, whatever its name) or an extracted folder. */
function readBundle(path) {
  if (statSync(path).isDirectory()) {
    const files = new Map();
    for (const name of ['events.jsonl', 'checkpoints.jsonl', 'public-key.pem', 'manifest.json']) {
      const file = join(path, name);
      if (existsSync(file)) files.set(name, readFileSync(file));
    }
    return files;
  }
  let buffer = readFileSync(path);
  if (buffer[0] === 0x1f && buffer[1] === 0x8b) buffer = gunzipSync(buffer);
  return untar(buffer);
}

/** SHA-256 (hex) of the UTF-8 text: `crypto.hash` where Node has it (20.12+), one call per event. */
const sha256Hex = typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => createHash('sha256').update(text, 'utf8').digest('hex');

const keyIdOf = (publicKey) => createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The same test as the API's verifyCheckpoint: right algorithm, the trusted key's id, a valid Ed25519 signature over the canonical payload. */
function checkpointSignatureValid(rules, envelope, publicKey) {
  try {
    if (!publicKey || !envelope || typeof envelope !== 'object') return false;
    if (envelope.algorithm !== rules.CHECKPOINT_ALGORITHM || envelope.keyId !== keyIdOf(publicKey)) return false;
    if (typeof envelope.signature !== 'string' || !BASE64.test(envelope.signature)) return false;
    const payload = rules.parseCheckpointPayload(envelope.payload);
    if (!payload) return false;
    const signature = Buffer.from(envelope.signature, 'base64');
    if (signature.length !== 64) return false;
    return verifySignature(null, Buffer.from(rules.canonicalJson(payload), 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}

export async function verifyBundle(path, options = {}) {
  const rules = await loadRules();
  const files = readBundle(path);
  const events = files.get('events.jsonl');
  if (!events) throw new Error(`${path}: no events.jsonl`);
  const pem = options.publicKeyPem ?? files.get('public-key.pem')?.toString('utf8') ?? null;
  const publicKey = pem ? createPublicKey(pem) : null;

  // Every checkpoint, oldest first as the server names them (seq, then time); the newest decides `checkpointStatus`, as on the server.
  const checkpoints = (files.get('checkpoints.jsonl')?.toString('utf8') ?? '')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      let entry = null;
      try {
        entry = JSON.parse(line);
      } catch {
        entry = null;
      }
      const envelope = entry?.envelope ?? null;
      const payload = rules.parseCheckpointPayload(envelope?.payload);
      return {
        file: typeof entry?.file === 'string' ? entry.file : null,
        seq: payload?.seq ?? null,
        headHash: payload?.headHash ?? null,
        genesisHash: payload?.genesisHash ?? null,
        createdAt: payload?.createdAt ?? null,
        signatureValid: checkpointSignatureValid(rules, envelope, publicKey),
      };
    })
    .sort((a, b) => String(a.file).localeCompare(String(b.file)));
  const seqs = new Set(checkpoints.map((c) => c.seq).filter(Boolean));
  const hashAt = new Map();

  const walker = new rules.AuditChainWalker({ sha256Hex });
  const text = events.toString('utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (!line.trim()) continue;
    const row = rules.parseAuditExportLine(line);
    if (!row) {
      walker.addUnreadable();
      continue;
    }
    walker.add([row]);
    if (seqs.has(row.id)) hashAt.set(row.id, row.hash);
  }
  const chain = walker.result();
  const newest = checkpoints.at(-1) ?? null;
  const verdict = rules.verifyAgainstCheckpoint(chain, newest, newest?.seq ? (hashAt.get(newest.seq) ?? null) : null);
  const each = checkpoints.map((c) => ({ file: c.file, seq: c.seq, createdAt: c.createdAt, signatureValid: c.signatureValid, status: rules.checkpointStatusOf(c, chain, c.seq ? (hashAt.get(c.seq) ?? null) : null) }));
  const accepted = verdict.intact && each.every((c) => c.status === 'matches');
  return {
    ...verdict,
    macsChecked: false,
    publicKeyId: publicKey ? keyIdOf(publicKey) : null,
    checkpoints: each,
    accepted,
    summary: rules.describeVerification(verdict),
  };
}

async function main(argv) {
  const args = [...argv];
  const json = args.includes('--json');
  const keyAt = args.indexOf('--public-key');
  let publicKeyPem;
  if (keyAt !== -1) {
    publicKeyPem = readFileSync(args[keyAt + 1], 'utf8');
    args.splice(keyAt, 2);
  }
  const path = args.filter((a) => a !== '--json')[0];
  if (!path) {
    process.stderr.write('usage: npm run audit:verify-export -- <bundle.tar.gz | folder> [--public-key key.pem] [--json]\n');
    return 2;
  }
  const result = await verifyBundle(path, { publicKeyPem });
  if (json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const { summary, accepted, checkpoints, ...fields } = result;
    process.stdout.write(`${accepted ? 'ACCEPTED' : 'REFUSED'}: ${summary}\n`);
    for (const c of checkpoints) process.stdout.write(`  checkpoint ${c.file}: seq ${c.seq ?? '?'}, signature ${c.signatureValid ? 'valid' : 'INVALID'}, ${c.status}\n`);
    if (!checkpoints.length) process.stdout.write('  no signed checkpoint in the bundle: only the chain was checked\n');
    process.stdout.write(`  public key id ${fields.publicKeyId ?? 'none'} (compare it with a copy obtained separately); MACs not checked offline\n`);
    process.stdout.write(JSON.stringify(fields) + '\n');
  }
  return result.accepted ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`audit-verify-export: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
