#!/usr/bin/env node
/**
 * Production layout check (issue "Hardening", item 13): reproduces the runtime stage of the
 * Dockerfile without a container engine and proves that uploaded files survive a restart.
 *
 *  1. Reads the Dockerfile's runtime stage (ENV, COPY --from=build, the RUN mkdir/chown/chmod of
 *     the writable directories, USER, CMD) and docker-compose.yml's `app` service (environment,
 *     volumes), and rebuilds exactly those files under <tmp>/app (`/app` in the image), with
 *     node_modules pruned as the build stage prunes it (`npm prune --omit=dev`).
 *  2. The writable directories belong to uid/gid 65534 (`nobody`, standing for the image's
 *     `node` user); everything else is root's and read-only for that user.
 *  3. A fresh database on a PostgreSQL server (CHECK_DATABASE_URL), the two roles created by
 *     deploy/postgres/10-sidh-roles.sh, the API started as uid 65534 with Compose's environment.
 *  4. The journey: first administrator (CLI), import (original file kept), a focal point of MJ,
 *     assignment, campaign, evidence upload (a PDF), downloads, a signed audit checkpoint.
 *  5. Restart (SIGTERM, start again): same bytes, files under UPLOAD_DIR / AUDIT_ANCHOR_DIR owned
 *     by uid 65534, nothing written anywhere else (what is written elsewhere is lost when the
 *     container is recreated).
 *  6. Report; exit 0 only if every step passed. Always cleans up (process, database, roles, files).
 *
 * Run from the repository root, as root (it switches to uid 65534), after `npm run build`:
 *   node tools/production-layout-check.mjs
 * Environment: CHECK_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres, a role
 * that can create databases and roles), CHECK_KEEP_TMP=1 keeps the temporary directory, TMPDIR
 * chooses where it is created (TMPDIR=/dev/shm avoids slow disk copies and deletions).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac, generateKeyPairSync, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import argon2 from 'argon2';
import * as OTPAuth from 'otpauth';
import pg from 'pg';

const REPO = process.cwd();
const UNPRIVILEGED = 65534; // nobody:nogroup, standing for the image's `node` user
const DEFAULT_DB_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const HTTP_TIMEOUT_MS = 60_000;
const HEALTH_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 10_000; // docker stop's default grace period before SIGKILL
const IMPORT_TIMEOUT_MS = 120_000;
const IMPORT_FIXTURE = 'apps/api/test/fixtures/imports/ok/utf8-bom.csv';
// The mapping apps/api/test/import-bad-input.integration-spec.ts commits this fixture with.
const IMPORT_MAPPING = {
  preset: 'custom',
  fields: {
    externalCode: { column: 'code' },
    'text.fr': { column: 'text_fr' },
    'text.ar': { column: 'text_ar', optional: true },
    response: { column: 'response', optional: true },
    themes: { column: 'themes', separator: ',', optional: true },
  },
  defaults: { mechanism: 'UPR' },
};

// ---------------------------------------------------------------------------------------------
// Report

const steps = [];
const notes = [];
const started = performance.now();
const fmt = (ms) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)}m ${((ms % 60_000) / 1000).toFixed(0).padStart(2, '0')}s` : `${(ms / 1000).toFixed(1)} s`);
const line = (s) => `  ${s.ok ? '✓' : '✗'} ${fmt(s.ms).padStart(7)}  ${s.name}${s.detail ? ` — ${s.detail}` : ''}`;

class StepError extends Error {}

/** Set by SIGINT/SIGTERM: the remaining steps are skipped and the clean-up runs. */
let interrupted = null;

/** Runs one step; its function may set `ctx.detail`. A failed step stops the check. */
async function step(name, fn) {
  if (interrupted) throw new StepError(`interrupted (${interrupted})`);
  const ctx = { detail: '' };
  const t0 = performance.now();
  try {
    const value = await fn(ctx);
    const s = { ok: true, name, ms: performance.now() - t0, detail: ctx.detail };
    steps.push(s);
    console.log(line(s));
    return value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const s = { ok: false, name, ms: performance.now() - t0, detail: [ctx.detail, message].filter(Boolean).join('; ') };
    steps.push(s);
    console.log(line(s));
    throw new StepError(message);
  }
}

function fail(message) {
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const rel = (p) => path.relative(REPO, p) || '.';

/** Runs a command synchronously; throws with its output unless it exits 0. */
function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, ...options });
  if (res.error) fail(`${cmd}: ${res.error.message}`);
  if (res.status !== 0) fail(`${cmd} ${args.join(' ')} exited ${res.status ?? res.signal}: ${(res.stderr || res.stdout || '').trim().slice(-2000)}`);
  return res.stdout;
}

const HAS_SETPRIV = spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
/** The command line that runs `cmd args` as uid/gid 65534 without supplementary groups. */
function asUnprivileged(cmd, args) {
  return HAS_SETPRIV
    ? ['setpriv', [`--reuid=${UNPRIVILEGED}`, `--regid=${UNPRIVILEGED}`, '--clear-groups', cmd, ...args]]
    : ['runuser', ['-u', 'nobody', '--', cmd, ...args]];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function walkFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkFiles(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

/** Instructions (keyword + argument text), continuation lines joined, comments dropped. */
function dockerInstructions(text) {
  const out = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim();
    if (!current && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (current && trimmed.startsWith('#')) continue; // comment inside a continuation
    if (/\\\s*$/.test(raw)) {
      current += raw.replace(/\\\s*$/, ' ');
      continue;
    }
    current += raw;
    const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(current);
    if (m) out.push({ keyword: m[1].toUpperCase(), args: m[2].trim() });
    current = '';
  }
  return out;
}

/** Shell-like words: whitespace separated, single and double quotes removed. */
function words(text) {
  const out = [];
  let word = null;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += ch;
    } else if (/\s/.test(ch)) {
      if (word !== null) out.push(word);
      word = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (ch === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) out.push(word);
  return out;
}

function parseDockerfile(text) {
  const stages = [];
  for (const ins of dockerInstructions(text)) {
    if (ins.keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args.replace(/--platform=\S+\s+/, ''));
      stages.push({ image: m?.[1] ?? ins.args, name: m?.[2]?.toLowerCase() ?? null, instructions: [] });
    } else if (stages.length) {
      stages.at(-1).instructions.push(ins);
    }
  }
  const runtime = stages.find((s) => s.name === 'runtime') ?? fail('the Dockerfile has no `FROM … AS runtime` stage');
  const result = { env: {}, workdir: '/', copies: [], writable: new Map(), user: null, cmd: null, entrypoint: null, volumes: [], healthcheck: null, stages };
  for (const { keyword, args } of runtime.instructions) {
    switch (keyword) {
      case 'ENV': {
        const w = words(args);
        if (w.length && !w[0].includes('=')) result.env[w[0]] = args.slice(args.indexOf(w[0]) + w[0].length).trim();
        else for (const kv of w) result.env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
        break;
      }
      case 'WORKDIR':
        result.workdir = path.posix.resolve(result.workdir, args);
        break;
      case 'COPY': {
        const w = words(args);
        const flags = w.filter((x) => x.startsWith('--'));
        const rest = w.filter((x) => !x.startsWith('--'));
        const from = flags.find((f) => f.startsWith('--from='))?.slice(7);
        const other = flags.filter((f) => !f.startsWith('--from='));
        if (!from) fail(`COPY without --from in the runtime stage is not supported by this check: COPY ${args}`);
        if (other.length) fail(`COPY flag(s) ${other.join(' ')} not supported by this check: COPY ${args}`);
        if (rest.length !== 2) fail(`COPY with ${rest.length - 1} sources not supported by this check: COPY ${args}`);
        result.copies.push({ from: from.toLowerCase(), src: rest[0], dst: path.posix.resolve(result.workdir, rest[1]) + (rest[1].endsWith('/') ? '/' : ''), text: `COPY ${args}` });
        break;
      }
      case 'RUN':
        parseRun(args, result);
        break;
      case 'USER':
        result.user = args.trim();
        break;
      case 'CMD':
        result.cmd = args.startsWith('[') ? JSON.parse(args) : ['sh', '-c', args];
        break;
      case 'ENTRYPOINT':
        result.entrypoint = args.startsWith('[') ? JSON.parse(args) : ['sh', '-c', args];
        break;
      case 'VOLUME':
        result.volumes.push(...(args.startsWith('[') ? JSON.parse(args) : words(args)));
        break;
      case 'HEALTHCHECK':
        result.healthcheck = args;
        break;
      case 'EXPOSE':
      case 'LABEL':
      case 'ARG':
      case 'STOPSIGNAL':
        break;
      default:
        fail(`${keyword} in the runtime stage is not supported by this check (extend tools/production-layout-check.mjs)`);
    }
  }
  return result;
}

/** `mkdir -p …`, `chown [-R] user[:group] …` and `chmod [-R] mode …` joined by `&&`: anything else is refused. */
function parseRun(args, result) {
  for (const part of args.split('&&').map((p) => words(p.trim()))) {
    const [cmd, ...rest] = part;
    const opts = rest.filter((x) => x.startsWith('-'));
    const operands = rest.filter((x) => !x.startsWith('-'));
    const dir = (p) => {
      const abs = path.posix.resolve(result.workdir, p);
      if (!result.writable.has(abs)) result.writable.set(abs, { created: false, owner: null, mode: null });
      return result.writable.get(abs);
    };
    if (cmd === 'mkdir') for (const p of operands) dir(p).created = true;
    else if (cmd === 'chown') for (const p of operands.slice(1)) dir(p).owner = operands[0];
    else if (cmd === 'chmod') for (const p of operands.slice(1)) dir(p).mode = operands[0];
    else fail(`RUN command \`${part.join(' ')}\` in the runtime stage is not supported by this check`);
    if (opts.some((o) => !['-p', '-R'].includes(o))) fail(`RUN option(s) ${opts.join(' ')} not supported: ${part.join(' ')}`);
  }
}

/** The build stage's path → the checkout: the stage copies the context (`COPY . .`) into its WORKDIR. */
function buildStageRoot(stage) {
  let workdir = '/';
  let root = null;
  for (const { keyword, args } of stage.instructions) {
    if (keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, args);
    if (keyword === 'COPY' && /^\.\s+\.\/?$/.test(args.trim())) root = workdir;
  }
  return root ?? fail(`the stage "${stage.name}" has no \`COPY . .\`: cannot map its paths to the checkout`);
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml (the subset this file uses: block mappings and sequences of scalars)

function yamlScalar(raw) {
  const s = raw.trim();
  if (s.startsWith('"')) return JSON.parse(s.slice(0, s.lastIndexOf('"') + 1));
  if (s.startsWith("'")) return s.slice(1, s.lastIndexOf("'")).replace(/''/g, "'");
  return s.replace(/\s+#.*$/, '');
}

/** The lines under `key:` (more indented), starting at `from`, within `[from, to)`. */
function yamlBlock(lines, key, from, to, indent) {
  for (let i = from; i < to; i++) {
    const m = /^(\s*)([\w.-]+):\s*(#.*)?$/.exec(lines[i]);
    if (m && m[1].length === indent && m[2] === key) {
      let end = i + 1;
      while (end < to && (/^\s*(#.*)?$/.test(lines[end]) || /^(\s*)/.exec(lines[end])[1].length > indent)) end++;
      const childIndent = lines.slice(i + 1, end).find((l) => !/^\s*(#.*)?$/.test(l))?.match(/^(\s*)/)[1].length ?? indent + 2;
      return { start: i + 1, end, indent: childIndent };
    }
  }
  return null;
}

function parseCompose(text) {
  const lines = text.split(/\r?\n/);
  const services = yamlBlock(lines, 'services', 0, lines.length, 0) ?? fail('docker-compose.yml: no `services:`');
  const service = (name) => {
    const svc = yamlBlock(lines, name, services.start, services.end, services.indent) ?? fail(`docker-compose.yml: no service \`${name}\``);
    const env = {};
    const envBlock = yamlBlock(lines, 'environment', svc.start, svc.end, svc.indent);
    for (const l of envBlock ? lines.slice(envBlock.start, envBlock.end) : []) {
      if (/^\s*(#.*)?$/.test(l)) continue;
      let m = /^\s*-\s*(.*)$/.exec(l);
      if (m) {
        const item = yamlScalar(m[1]);
        env[item.split('=')[0]] = item.includes('=') ? item.slice(item.indexOf('=') + 1) : '';
      } else if ((m = /^\s*([\w.-]+):\s*(.*)$/.exec(l))) {
        env[m[1]] = yamlScalar(m[2]);
      }
    }
    const volumes = [];
    const volBlock = yamlBlock(lines, 'volumes', svc.start, svc.end, svc.indent);
    for (const l of volBlock ? lines.slice(volBlock.start, volBlock.end) : []) {
      const m = /^\s*-\s*(.*)$/.exec(l);
      if (m) {
        const [source, target] = yamlScalar(m[1]).split(':');
        volumes.push({ source, target });
      }
    }
    return { env, volumes };
  };
  return { app: service('app'), db: service('db') };
}

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$. */
function interpolate(value, vars, key) {
  return value.replace(/\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}/g, (match, name, colon, op, arg) => {
    if (match === '$$') return '$';
    const v = vars[name];
    const missing = v === undefined || (colon === ':' && v === '');
    if (op === '-') return missing ? arg : v;
    if (op === '?' && missing) fail(`docker-compose.yml: ${key} needs ${name} (${arg})`);
    return v ?? '';
  });
}

// ---------------------------------------------------------------------------------------------
// Audit event MAC (apps/api/src/audit/chain.ts): the check writes one event itself, as the
// application would, so that the chain still verifies (GET /audit/verify).

function canonicalJson(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
    .join(',')}}`;
}

function auditMac(signingKey, content) {
  const key = Buffer.from(hkdfSync('sha256', signingKey.export({ type: 'pkcs8', format: 'der' }), Buffer.alloc(0), 'sidh-audit-event-mac/1', 32));
  const bytes = canonicalJson([content.eventKey, null, 'system', null, content.action, content.entityType, content.entityId, content.changes, null, null]);
  return createHmac('sha256', key).update(bytes, 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------------
// A small valid PDF (one page, one line of text), unique per run.

function minimalPdf(text) {
  const content = `BT /F1 18 Tf 40 100 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

// ---------------------------------------------------------------------------------------------
// State shared with the clean-up

const state = {
  tmp: null,
  api: null, // { child, stdout, stderr, exited }
  admin: null, // pg.Client on CHECK_DATABASE_URL
  dbName: null,
  roles: [],
};

function startApi(cmdline, env, cwd) {
  const [cmd, args] = asUnprivileged(cmdline[0], cmdline.slice(1));
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const api = { child, stdout: '', stderr: '', exit: null };
  const keep = (k) => (chunk) => {
    api[k] = (api[k] + chunk.toString('utf8')).slice(-64 * 1024);
  };
  child.stdout.on('data', keep('stdout'));
  child.stderr.on('data', keep('stderr'));
  api.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((api.exit = { code, signal }))));
  child.once('error', (error) => {
    api.stderr += `\nspawn failed: ${error.message}`;
  });
  state.api = api;
  return api;
}

const apiOutput = (api) => [api.stderr.trim() && `--- API stderr ---\n${api.stderr.trim().split('\n').slice(-40).join('\n')}`, api.stdout.trim() && `--- API stdout ---\n${api.stdout.trim().split('\n').slice(-20).join('\n')}`].filter(Boolean).join('\n');

async function waitHealthy(api, base) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (api.exit) fail(`the API exited (${api.exit.code ?? api.exit.signal}) before answering: ${api.stderr.trim().split('\n').at(-1)?.slice(0, 300) ?? ''}\n${apiOutput(api)}`);
    try {
      const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  fail(`GET /api/v1/health: no 200 within ${HEALTH_TIMEOUT_MS / 1000} s\n${apiOutput(api)}`);
}

async function stopApi(api, timeoutMs = STOP_TIMEOUT_MS) {
  if (api.exit) return { ...api.exit, forced: false };
  api.child.kill('SIGTERM');
  const done = await Promise.race([api.exited, sleep(timeoutMs).then(() => null)]);
  if (done) return { ...done, forced: false };
  try {
    process.kill(-api.child.pid, 'SIGKILL');
  } catch {
    api.child.kill('SIGKILL');
  }
  await Promise.race([api.exited, sleep(5000)]);
  return { code: null, signal: 'SIGKILL', forced: true };
}

/** JSON (or raw bytes) over HTTP with a timeout; throws unless the status is expected. */
async function http(base, method, url, { token, json, form, expect = [200], raw = false } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) body = form;
  const res = await fetch(base + url, { method, headers, body, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  const buf = Buffer.from(await res.arrayBuffer());
  if (!expect.includes(res.status)) fail(`${method} ${url} → ${res.status} ${buf.toString('utf8').slice(0, 600)}`);
  if (raw) return { status: res.status, headers: res.headers, buf };
  return { status: res.status, headers: res.headers, body: buf.length ? JSON.parse(buf.toString('utf8')) : null };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (process.getuid?.() !== 0) fail('run as root: the check creates files as root and runs the API as uid 65534');
  const dockerfilePath = path.join(REPO, 'Dockerfile');
  const composePath = path.join(REPO, 'docker-compose.yml');
  const rolesScript = path.join(REPO, 'deploy/postgres/10-sidh-roles.sh');
  for (const f of [dockerfilePath, composePath, rolesScript]) if (!fs.existsSync(f)) fail(`${rel(f)} not found: run from the repository root`);

  console.log(`SIDH production layout check — ${REPO}`);
  const id = randomBytes(4).toString('hex');

  // --- 1. What the image contains -------------------------------------------------------------
  const image = await step('Dockerfile: runtime stage read', (ctx) => {
    const df = parseDockerfile(fs.readFileSync(dockerfilePath, 'utf8'));
    if (!df.cmd) fail('the runtime stage has no CMD');
    if (!df.user || ['root', '0', '0:0'].includes(df.user)) fail(`the runtime stage runs as ${df.user ?? 'root (no USER)'}`);
    for (const [dir, w] of df.writable) {
      if (!w.created) fail(`RUN chown/chmod on ${dir}, which it does not create`);
      if (!w.owner || w.owner.split(':')[0] !== df.user) fail(`${dir} is not chowned to the image's user ${df.user} (chown ${w.owner ?? 'missing'})`);
    }
    const buildStages = new Set(df.copies.map((c) => c.from));
    df.buildRoots = {};
    for (const name of buildStages) {
      const stage = df.stages.find((s) => s.name === name) ?? fail(`COPY --from=${name}: no such stage`);
      df.buildRoots[name] = buildStageRoot(stage);
      df.prunes = stage.instructions.some((i) => i.keyword === 'RUN' && /\bnpm prune\b[^&]*--omit=dev/.test(i.args));
    }
    ctx.detail = `ENV ${Object.keys(df.env).join(' ')}; ${df.copies.length} COPY --from=build; writable ${[...df.writable.keys()].join(' ')}; USER ${df.user}; CMD ${df.cmd.join(' ')}`;
    return df;
  });

  const compose = await step('docker-compose.yml: app service wiring', (ctx) => {
    const c = parseCompose(fs.readFileSync(composePath, 'utf8'));
    const problems = [];
    const targets = c.app.volumes.map((v) => v.target);
    const under = (p, dir) => p === dir || p.startsWith(dir + '/');
    for (const key of ['UPLOAD_DIR', 'AUDIT_ANCHOR_DIR']) {
      const values = { image: image.env[key], compose: c.app.env[key] };
      for (const [where, v] of Object.entries(values)) {
        if (v === undefined) {
          if (where === 'image') problems.push(`the image sets no ${key}`);
          continue;
        }
        const abs = path.posix.resolve(image.workdir, v);
        if (!targets.some((t) => under(abs, t))) problems.push(`${key}=${v} (${where}) is not on a volume (${targets.join(', ') || 'none'}): files written there are lost when the container is recreated`);
        if (![...image.writable.keys()].some((d) => under(abs, d))) problems.push(`${key}=${v} (${where}) is not under a directory the image creates for ${image.user}`);
      }
    }
    for (const t of targets) if (!image.writable.has(t)) problems.push(`volume target ${t} is not created and chowned by the image (the volume would be root-owned)`);
    // Roles and database: the URLs must name what the roles script and the db service create.
    const script = fs.readFileSync(rolesScript, 'utf8');
    const owner = /owner="\$\{SIDH_OWNER_ROLE:-(\w+)\}"/.exec(script)?.[1];
    const app = /app="\$\{SIDH_APP_ROLE:-(\w+)\}"/.exec(script)?.[1];
    for (const [key, role] of [['DATABASE_URL', app], ['DATABASE_OWNER_URL', owner]]) {
      const u = c.app.env[key] && new URL(c.app.env[key].replace(/\$\{[^}]*\}/g, 'x'));
      if (!u) problems.push(`app service sets no ${key}`);
      else {
        if (u.username !== role) problems.push(`${key} signs in as ${u.username}, the roles script creates ${role}`);
        if (u.pathname.slice(1) !== c.db.env['POSTGRES_DB']) problems.push(`${key} names database ${u.pathname.slice(1)}, the db service creates ${c.db.env['POSTGRES_DB']}`);
      }
    }
    if (problems.length) fail(problems.join('; '));
    ctx.detail = `${Object.keys(c.app.env).length} variables; volumes ${c.app.volumes.map((v) => `${v.source}:${v.target}`).join(' ')}`;
    return c;
  });

  await step('build output present', (ctx) => {
    const main = path.join(REPO, 'dist/apps/api/main.js');
    if (!fs.existsSync(main)) fail('dist/apps/api/main.js is missing: run `npm run build` first (NX_DAEMON=false NX_NO_CLOUD=true npm run build)');
    const stale = spawnSync('find', ['apps/api/src', 'libs/shared/domain/src', '-name', '*.ts', '-newer', main, '-print', '-quit'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
    if (stale) notes.push(`the build may be stale: ${stale} is newer than dist/apps/api/main.js`);
    ctx.detail = `dist/apps/api/main.js of ${new Date(fs.statSync(main).mtimeMs).toISOString()}`;
  });

  // --- 2. The layout under <tmp>/app ----------------------------------------------------------
  const tmp = (state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sidh-layout-')));
  fs.chmodSync(tmp, 0o755); // the container's `/`: traversable by everyone
  const inImage = (p) => path.join(tmp, p); // a container path → its place under <tmp>
  const appDir = inImage(image.workdir);
  const writableDirs = [...image.writable.keys()].map(inImage);
  // HOME and TMPDIR are in the container's own layer: whatever lands there is lost on recreation.
  const homeDir = inImage('/home/node');
  const tmpDir = inImage('/tmp');

  let nodeModules = null;
  await step('copy the build outputs (COPY --from=build)', (ctx) => {
    fs.mkdirSync(appDir, { recursive: true });
    let n = 0;
    for (const c of image.copies) {
      const buildRoot = image.buildRoots[c.from];
      const srcPath = path.posix.resolve(buildRoot, c.src);
      if (!(srcPath + '/').startsWith(buildRoot === '/' ? '/' : buildRoot + '/')) fail(`${c.text}: ${c.src} is outside the build context copied to ${buildRoot}`);
      const inRepo = path.join(REPO, path.posix.relative(buildRoot, srcPath));
      if (!fs.existsSync(inRepo)) fail(`${c.text}: ${rel(inRepo)} does not exist in the checkout (run npm run build?)`);
      const real = fs.realpathSync(inRepo); // the build stage has real directories where the checkout may have links
      const dst = inImage(c.dst);
      if (path.posix.relative(buildRoot, srcPath) === 'node_modules') {
        nodeModules = { real, dst }; // copied in the next step (timed on its own)
        continue;
      }
      if (fs.statSync(real).isDirectory()) {
        fs.mkdirSync(dst, { recursive: true });
        run('cp', ['-a', `${real}/.`, dst]);
      } else {
        const file = c.dst.endsWith('/') || (fs.existsSync(dst) && fs.statSync(dst).isDirectory()) ? path.join(dst, path.basename(srcPath)) : dst;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        run('cp', ['-a', real, file]);
      }
      n++;
    }
    ctx.detail = `${n} COPY into ${tmp}/app`;
  });

  if (nodeModules) {
    await step('copy node_modules (cp -a)', (ctx) => {
      fs.mkdirSync(nodeModules.dst, { recursive: true });
      run('cp', ['-a', `${nodeModules.real}/.`, nodeModules.dst], { timeout: 900_000 });
      ctx.detail = `${run('du', ['-sm', nodeModules.dst]).split('\t')[0]} MB`;
    });
    if (image.prunes) {
      await step('npm prune --omit=dev (as the build stage)', (ctx) => {
        // npm needs the lock file and the workspaces' package.json files at that moment.
        const temporary = [];
        const place = (file) => {
          const dst = path.join(appDir, file);
          if (fs.existsSync(dst)) return;
          fs.mkdirSync(path.dirname(dst), { recursive: true });
          fs.copyFileSync(path.join(REPO, file), dst);
          temporary.push(dst);
        };
        place('package.json');
        place('package-lock.json');
        for (const ws of JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).workspaces ?? []) {
          if (/[*?[]/.test(ws)) fail(`workspace pattern ${ws} not supported by this check`);
          place(path.join(ws, 'package.json'));
        }
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') || ['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'].includes(k)));
        const out = run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], { cwd: appDir, env, timeout: 300_000 });
        for (const f of temporary) fs.rmSync(f);
        ctx.detail = `${out.trim().split('\n').filter(Boolean).at(-1) ?? 'done'}; ${run('du', ['-sm', nodeModules.dst]).split('\t')[0]} MB left${temporary.length ? `; removed again: ${temporary.map((f) => path.relative(appDir, f)).join(', ')}` : ''}`;
      });
    }
  }

  await step('writable directories and permissions', (ctx) => {
    // COPY creates root-owned files; the RUN line creates and hands over the writable directories.
    if (spawnSync('find', [appDir, '!', '-uid', '0', '-print', '-quit'], { encoding: 'utf8' }).stdout.trim()) run('chown', ['-R', '-h', '0:0', appDir]);
    for (const [dir, w] of image.writable) {
      const p = inImage(dir);
      fs.mkdirSync(p, { recursive: true });
      fs.chownSync(p, UNPRIVILEGED, UNPRIVILEGED);
      if (w.mode) fs.chmodSync(p, parseInt(w.mode, 8));
    }
    for (const [p, mode] of [[homeDir, 0o755], [tmpDir, 0o1777]]) {
      fs.mkdirSync(p, { recursive: true });
      fs.chownSync(p, p === homeDir ? UNPRIVILEGED : 0, p === homeDir ? UNPRIVILEGED : 0);
      fs.chmodSync(p, mode);
    }
    const pruneArgs = writableDirs.flatMap((d) => ['-path', d, '-prune', '-o']);
    const loose = run('find', [appDir, ...pruneArgs, '!', '-type', 'l', '(', '!', '-uid', '0', '-o', '-perm', '/022', ')', '-print']).trim();
    if (loose) fail(`not root-owned or writable by group/others: ${loose.split('\n').slice(0, 5).join(', ')}`);
    const probe = (flag, p) => spawnSync(...asUnprivileged('test', [flag, p]), { stdio: 'ignore' }).status === 0;
    for (const p of [appDir, path.join(appDir, 'dist/apps/api'), path.join(appDir, 'node_modules'), path.join(appDir, 'dist/apps/api/main.js')]) {
      if (probe('-w', p)) fail(`uid ${UNPRIVILEGED} can write ${p}`);
    }
    if (!probe('-r', path.join(appDir, 'dist/apps/api/main.js'))) fail(`uid ${UNPRIVILEGED} cannot read dist/apps/api/main.js`);
    for (const d of writableDirs) if (!probe('-w', d)) fail(`uid ${UNPRIVILEGED} cannot write ${d}`);
    ctx.detail = `${image.writable.size} directories owned by ${UNPRIVILEGED}:${UNPRIVILEGED} (${[...image.writable.values()].map((w) => w.mode ?? 'default').join(', ')}); the rest root-owned, not writable by uid ${UNPRIVILEGED}`;
  });

  // --- 3. Database and environment --------------------------------------------------------------
  const serverUrl = new URL(process.env['CHECK_DATABASE_URL'] || DEFAULT_DB_URL);
  const dbName = `sidh_check_${id}`;
  const ownerRole = `sidh_owner_${id}`;
  const appRole = `sidh_app_${id}`;
  const ownerPassword = randomBytes(18).toString('hex');
  const appPassword = randomBytes(18).toString('hex');
  const roleUrl = (role, password) => {
    const u = new URL(serverUrl.href);
    u.username = role;
    u.password = password;
    u.pathname = `/${dbName}`;
    return u.href;
  };

  await step('database created, roles by deploy/postgres/10-sidh-roles.sh', async (ctx) => {
    const admin = new pg.Client({ connectionString: serverUrl.href, connectionTimeoutMillis: 10_000, statement_timeout: 30_000 });
    await admin.connect();
    state.admin = admin;
    await admin.query(`CREATE DATABASE "${dbName}"`);
    state.dbName = dbName;
    state.roles = [ownerRole, appRole];
    run('sh', [rolesScript], {
      timeout: 30_000,
      env: {
        PATH: process.env['PATH'],
        POSTGRES_USER: decodeURIComponent(serverUrl.username) || 'postgres',
        POSTGRES_DB: dbName,
        PGHOST: serverUrl.hostname,
        PGPORT: serverUrl.port || '5432',
        ...(serverUrl.password ? { PGPASSWORD: decodeURIComponent(serverUrl.password) } : {}),
        SIDH_OWNER_ROLE: ownerRole,
        SIDH_APP_ROLE: appRole,
        SIDH_OWNER_PASSWORD: ownerPassword,
        SIDH_APP_PASSWORD: appPassword,
      },
    });
    const { rows } = await admin.query(`SELECT rolname, rolsuper FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`, [[ownerRole, appRole]]);
    if (rows.length !== 2 || rows.some((r) => r.rolsuper)) fail(`roles not created as expected: ${JSON.stringify(rows)}`);
    ctx.detail = `${dbName} on ${serverUrl.host}; roles ${ownerRole}, ${appRole}`;
  });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { privateKey: signingKey } = generateKeyPairSync('ed25519');
  const signingPem = signingKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // What the operator exports before `docker compose up` (COOKIE_SECURE=false: plain http on loopback).
  const operator = {
    JWT_SECRET: randomBytes(36).toString('base64url'),
    POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    SIDH_OWNER_PASSWORD: ownerPassword,
    SIDH_APP_PASSWORD: appPassword,
    AUDIT_SIGNING_KEY: signingPem,
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'warn',
  };
  const apiEnv = await step('API environment (image ENV + Compose app service)', (ctx) => {
    const env = { PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin', HOME: homeDir, TMPDIR: tmpDir, ...image.env };
    for (const [k, v] of Object.entries(compose.app.env)) env[k] = interpolate(v, operator, k);
    // Only the network differs from Compose: this server's database and a loopback port.
    Object.assign(env, { DATABASE_URL: roleUrl(appRole, appPassword), DATABASE_OWNER_URL: roleUrl(ownerRole, ownerPassword), HOST: '127.0.0.1', PORT: String(port) });
    delete env['SMTP_URL'];
    for (const [k, v] of Object.entries(env)) {
      if (v === image.workdir || v.startsWith(image.workdir + '/')) env[k] = inImage(v);
    }
    for (const k of ['UPLOAD_DIR', 'AUDIT_ANCHOR_DIR']) if (!env[k]) fail(`${k} is not set`);
    ctx.detail = `NODE_ENV=${env['NODE_ENV']} UPLOAD_DIR=${env['UPLOAD_DIR']} AUDIT_ANCHOR_DIR=${env['AUDIT_ANCHOR_DIR']} PORT=${port}`;
    return env;
  });
  const uploadDir = apiEnv['UPLOAD_DIR'];
  const anchorDir = apiEnv['AUDIT_ANCHOR_DIR'];

  // Files changed after this moment outside the writable directories are the bug this check hunts.
  const marker = path.join(tmp, '.started');
  fs.writeFileSync(marker, '');
  await sleep(20);

  // --- 4. First start and the journey ---------------------------------------------------------------
  const command = [...(image.entrypoint ?? []), ...image.cmd];
  await step(`API started as uid ${UNPRIVILEGED} (${command.join(' ')})`, async (ctx) => {
    const api = startApi(command, apiEnv, appDir);
    await waitHealthy(api, base);
    ctx.detail = `healthy on ${base} (migrations as ${ownerRole}, runs as ${appRole})`;
  });

  const adminEmail = 'admin@check.sidh';
  const adminPassword = randomBytes(15).toString('base64url');
  await step('first administrator (cli.js create-admin, as uid 65534)', (ctx) => {
    const [cmd, args] = asUnprivileged('node', ['dist/apps/api/cli.js', 'create-admin', adminEmail, 'Check Admin']);
    const out = run(cmd, args, { cwd: appDir, env: { ...apiEnv, ADMIN_PASSWORD: adminPassword }, timeout: 60_000 });
    ctx.detail = out.trim();
  });

  /** Recovery codes of the administrator's two-factor sign-in (required of administrators in production). */
  const adminRecovery = [];
  const login = async (email, password) => {
    const first = await http(base, 'POST', '/api/v1/auth/login', { json: { email, password }, expect: [200, 202] });
    if (first.status === 200) return first.body.accessToken ?? fail('no accessToken');
    // 202: two-factor sign-in; the check answers with a single-use recovery code (a code of the current step may have been used).
    const code = adminRecovery.shift() ?? fail(`${email}: two-factor asked, no recovery code left`);
    return (await http(base, 'POST', '/api/v1/auth/login/totp', { json: { mfaToken: first.body.mfaToken, code } })).body.accessToken ?? fail('no accessToken');
  };
  let adminToken = await step('sign in as the administrator, who must enrol two-factor sign-in first (TOTP)', async (ctx) => {
    const token = await login(adminEmail, adminPassword);
    await http(base, 'GET', '/api/v1/recommendations?pageSize=1', { token, expect: [403] });
    const { body: enrolment } = await http(base, 'POST', '/api/v1/auth/totp/enrol', { token, expect: [200, 201] });
    const totp = OTPAuth.URI.parse(enrolment.uri);
    const { body: confirmed } = await http(base, 'POST', '/api/v1/auth/totp/confirm', { token, json: { code: totp.generate() }, expect: [200, 201] });
    adminRecovery.push(...confirmed.recoveryCodes);
    await http(base, 'GET', '/api/v1/recommendations?pageSize=1', { token });
    ctx.detail = `403 before enrolling, 200 after; ${adminRecovery.length} recovery codes`;
    return token;
  });

  /** The events around a break, for the report (read as the owner role). */
  const describeEvents = async (brokenId) => {
    const db = new pg.Client({ connectionString: roleUrl(ownerRole, ownerPassword), connectionTimeoutMillis: 10_000 });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT id, action, entity_type, actor_role, mac IS NOT NULL AS has_mac FROM audit_event WHERE id BETWEEN $1::bigint - 1 AND $1::bigint + 1 ORDER BY id`, [brokenId]);
      return rows.map((r) => `#${r.id} ${r.action} ${r.entity_type} (${r.actor_role ?? 'no role'}, ${r.has_mac ? 'MAC' : 'no MAC'})`).join(', ');
    } finally {
      await db.end();
    }
  };

  const checkpoint = await step('sign an audit checkpoint (writes to AUDIT_ANCHOR_DIR)', async (ctx) => {
    const res = await http(base, 'POST', '/api/v1/audit/checkpoints', { token: adminToken, expect: [201, 409] });
    if (res.status === 409) fail(`409 ${res.body.code} ${JSON.stringify(res.body.details)}${res.body.details?.firstBrokenEventId ? `: ${await describeEvents(res.body.details.firstBrokenEventId)}` : ''}`);
    const body = res.body;
    ctx.detail = `${body.file} (seq ${body.seq})`;
    return body;
  });

  const csv = fs.readFileSync(path.join(REPO, IMPORT_FIXTURE));
  const importJob = await step(`import ${path.basename(IMPORT_FIXTURE)} (commit)`, async (ctx) => {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), path.basename(IMPORT_FIXTURE));
    form.append('mapping', JSON.stringify(IMPORT_MAPPING));
    form.append('dryRun', 'false');
    const { body: job } = await http(base, 'POST', '/api/v1/imports', { token: adminToken, form, expect: [202] });
    const deadline = Date.now() + IMPORT_TIMEOUT_MS;
    let detail = job;
    while (detail.status === 'running') {
      if (Date.now() > deadline) fail(`import ${job.id} still running after ${IMPORT_TIMEOUT_MS / 1000} s`);
      await sleep(200);
      detail = (await http(base, 'GET', `/api/v1/imports/${job.id}`, { token: adminToken })).body;
    }
    if (detail.status !== 'succeeded') fail(`import ended ${detail.status}: ${JSON.stringify(detail.error ?? detail.report?.rejections ?? {}).slice(0, 400)}`);
    // New recommendations carry no id in the report; the database is fresh, so they are all there is.
    const { body: list } = await http(base, 'GET', '/api/v1/recommendations?pageSize=100', { token: adminToken });
    const recommendationIds = (list.items ?? []).map((r) => r.id);
    if (!recommendationIds.length || recommendationIds.length !== detail.counts?.new) fail(`${recommendationIds.length} recommendations listed after the import, counts ${JSON.stringify(detail.counts)}`);
    ctx.detail = `job ${job.id} ${detail.status}, ${recommendationIds.length} new recommendations`;
    return { id: job.id, recommendationIds };
  });

  const downloadImport = async (token) => (await http(base, 'GET', `/api/v1/imports/${importJob.id}/file`, { token, raw: true })).buf;
  await step('download the import original', async (ctx) => {
    const got = await downloadImport(adminToken);
    if (sha256(got) !== sha256(csv)) fail(`different bytes (${got.length} bytes, sha256 ${sha256(got)}; sent ${csv.length}, ${sha256(csv)})`);
    ctx.detail = `${got.length} bytes, sha256 ${sha256(got).slice(0, 16)}… identical`;
  });

  const focal = { email: `focal.mj.${id}@check.sidh`, password: randomBytes(15).toString('base64url') };
  const mj = await step('focal point of MJ (as the owner role, with its audit event)', async (ctx) => {
    const owner = new pg.Client({ connectionString: roleUrl(ownerRole, ownerPassword), connectionTimeoutMillis: 10_000, statement_timeout: 30_000 });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      const inst = (await owner.query(`SELECT id FROM institution WHERE code = 'MJ'`)).rows[0] ?? fail('no institution MJ in the reference data');
      const hash = await argon2.hash(focal.password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
      const user = (await owner.query(`INSERT INTO app_user (email, name, role, institution_id, password_hash) VALUES ($1, 'Check Focal Point', 'focal_point', $2, $3) RETURNING id`, [focal.email, inst.id, hash])).rows[0];
      const changes = { email: { before: null, after: focal.email }, role: { before: null, after: 'focal_point' }, institutionId: { before: null, after: inst.id } };
      const eventKey = randomUUID();
      const mac = auditMac(signingKey, { eventKey, action: 'user.create', entityType: 'user', entityId: user.id, changes });
      await owner.query(`INSERT INTO audit_event (actor_role, action, entity_type, entity_id, changes, event_key, mac) VALUES ('system', 'user.create', 'user', $1, $2::jsonb, $3, $4)`, [user.id, JSON.stringify(changes), eventKey, mac]);
      await owner.query('COMMIT');
      ctx.detail = `user ${user.id}`;
      return { institutionId: inst.id, userId: user.id };
    } catch (error) {
      await owner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await owner.end();
    }
  });

  const recommendationId = importJob.recommendationIds[0];
  await step('assign the recommendation to MJ (lead)', async (ctx) => {
    const { body } = await http(base, 'POST', '/api/v1/assignments', { token: adminToken, json: { recommendationId, institutionId: mj.institutionId, role: 'lead' }, expect: [201] });
    ctx.detail = `assignment ${body.id}`;
  });

  await step('open a campaign', async (ctx) => {
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const { body } = await http(base, 'POST', '/api/v1/campaigns', {
      token: adminToken,
      json: { title: `Production layout check ${id}`, deadline, scope: { recommendationIds: [recommendationId] }, institutionIds: [mj.institutionId] },
      expect: [201],
    });
    ctx.detail = `campaign ${body.id}, deadline ${deadline}`;
  });

  let focalToken = await step('sign in as the focal point', () => login(focal.email, focal.password));

  const contributionId = await step('find the contribution (mine=true)', async (ctx) => {
    const { body } = await http(base, 'GET', '/api/v1/contributions?mine=true', { token: focalToken });
    const item = body.items?.[0] ?? fail(`no contribution awaiting the focal point: ${JSON.stringify(body).slice(0, 300)}`);
    ctx.detail = `contribution ${item.id} (${item.status})`;
    return item.id;
  });

  const pdf = minimalPdf(`SIDH production layout check ${id}`);
  const evidenceId = await step('upload evidence (PDF)', async (ctx) => {
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'preuve-verification.pdf');
    form.append('title', 'Production layout check');
    form.append('confidentiality', 'internal');
    const { body } = await http(base, 'POST', `/api/v1/contributions/${contributionId}/evidence`, { token: focalToken, form, expect: [201] });
    ctx.detail = `evidence ${body.id}, ${pdf.length} bytes`;
    return body.id;
  });

  const downloadEvidence = async (token) => (await http(base, 'GET', `/api/v1/evidence/${evidenceId}/download`, { token, raw: true })).buf;
  await step('download the evidence', async (ctx) => {
    const got = await downloadEvidence(focalToken);
    if (sha256(got) !== sha256(pdf)) fail(`different bytes (${got.length} bytes, sha256 ${sha256(got)})`);
    ctx.detail = `${got.length} bytes, sha256 ${sha256(got).slice(0, 16)}… identical`;
  });

  // --- 5. Restart -----------------------------------------------------------------------------------
  await step('stop the API (SIGTERM)', async (ctx) => {
    const exit = await stopApi(state.api);
    if (exit.forced) fail(`still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM (docker stop would SIGKILL it)`);
    // main.ts exits 0 after app.close(); Nest's enableShutdownHooks re-raises the signal after its own close.
    ctx.detail = `exited ${exit.code ?? exit.signal}`;
    if (exit.code !== 0 && exit.signal !== 'SIGTERM') notes.push(`the API exited ${exit.code ?? exit.signal} on SIGTERM (expected 0 or SIGTERM)`);
  });

  await step('API started again (same environment)', async (ctx) => {
    const api = startApi(command, apiEnv, appDir);
    await waitHealthy(api, base);
    ctx.detail = `healthy on ${base}`;
  });

  adminToken = await step('sign in again (administrator, focal point)', async () => {
    focalToken = await login(focal.email, focal.password);
    return login(adminEmail, adminPassword);
  });

  await step('download both files again', async (ctx) => {
    const a = await downloadImport(adminToken);
    const b = await downloadEvidence(focalToken);
    const bad = [sha256(a) !== sha256(csv) && 'import original', sha256(b) !== sha256(pdf) && 'evidence'].filter(Boolean);
    if (bad.length) fail(`different bytes after the restart: ${bad.join(', ')}`);
    ctx.detail = `import ${sha256(a).slice(0, 12)}…, evidence ${sha256(b).slice(0, 12)}…: same SHA-256 as uploaded`;
  });

  await step('the checkpoint after the restart', async (ctx) => {
    const { body: list } = await http(base, 'GET', '/api/v1/audit/checkpoints', { token: adminToken });
    const found = list.items?.find((c) => c.file === checkpoint.file) ?? fail(`checkpoint ${checkpoint.file} no longer listed`);
    if (!found.signatureValid) fail(`checkpoint ${checkpoint.file}: signature not valid`);
    ctx.detail = `${checkpoint.file} listed, signature valid`;
    // The chain itself is not about files: reported, not failed.
    const { body: verify } = await http(base, 'GET', '/api/v1/audit/verify', { token: adminToken });
    if (!verify.intact) notes.push(`GET /audit/verify: chain not intact (${verify.reason} at event ${verify.firstBrokenEventId}: ${verify.firstBrokenEventId ? await describeEvents(verify.firstBrokenEventId) : '?'})`);
    else ctx.detail += `; chain intact (${verify.eventsChecked} events, checkpoint ${verify.checkpointStatus})`;
  });

  await step(`files on disk under UPLOAD_DIR, owned by uid ${UNPRIVILEGED}`, (ctx) => {
    const found = {};
    for (const f of walkFiles(uploadDir)) {
      const h = sha256(fs.readFileSync(f));
      if (h === sha256(csv)) found.import = f;
      if (h === sha256(pdf)) found.evidence = f;
    }
    const anchor = path.join(anchorDir, checkpoint.file);
    if (fs.existsSync(anchor)) found.checkpoint = anchor;
    const missing = ['import', 'evidence', 'checkpoint'].filter((k) => !found[k]);
    if (missing.length) fail(`not found on disk: ${missing.join(', ')}`);
    const wrongOwner = Object.values(found).filter((f) => fs.statSync(f).uid !== UNPRIVILEGED);
    if (wrongOwner.length) fail(`not owned by uid ${UNPRIVILEGED}: ${wrongOwner.join(', ')}`);
    ctx.detail = Object.values(found).map((f) => path.relative(appDir, f)).join(', ');
  });

  await step('nothing written outside the writable directories', (ctx) => {
    const pruneArgs = [...writableDirs, marker].flatMap((d) => ['-path', d, '-prune', '-o']);
    const changed = run('find', [tmp, ...pruneArgs, '(', '-newer', marker, '-o', '-cnewer', marker, ')', '-print']).trim();
    if (changed) fail(`changed since the first start (lost when the container is recreated): ${changed.split('\n').slice(0, 10).map((p) => '/' + path.relative(tmp, p)).join(', ')}`);
    ctx.detail = `none under ${tmp} (HOME and TMPDIR included) outside ${writableDirs.map((d) => '/' + path.relative(tmp, d)).join(', ')}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Clean-up: always, on failure and on Ctrl-C too.

let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    const t0 = performance.now();
    const problems = [];
    const timing = [];
    if (state.api && !state.api.exit) {
      const exit = await stopApi(state.api, 5000).catch((e) => problems.push(`stop API: ${e.message}`));
      if (exit?.forced) problems.push('the API needed SIGKILL');
    }
    if (state.admin) {
      const t = performance.now();
      try {
        if (state.dbName) {
          await state.admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [state.dbName]);
          await state.admin.query(`DROP DATABASE IF EXISTS "${state.dbName}"`);
        }
        for (const role of state.roles) await state.admin.query(`DROP ROLE IF EXISTS "${role}"`);
      } catch (error) {
        problems.push(`database: ${error.message}`);
      }
      await state.admin.end().catch(() => undefined);
      timing.push(`database ${fmt(performance.now() - t)}`);
    }
    if (state.tmp) {
      if (process.env['CHECK_KEEP_TMP']) notes.push(`kept ${state.tmp} (CHECK_KEEP_TMP)`);
      else {
        const t = performance.now();
        spawnSync("rm", ["-rf", state.tmp], { timeout: 300_000 });
        timing.push(`temporary files ${fmt(performance.now() - t)}`);
      }
    }
    const s = { ok: problems.length === 0, name: 'clean-up (API stopped, database and roles dropped, temporary files removed)', ms: performance.now() - t0, detail: [...problems, timing.join(', ')].filter(Boolean).join('; ') };
    steps.push(s);
    console.log(line(s));
  })();
  return cleaning;
}

function report() {
  const failedStep = steps.find((s) => !s.ok);
  const total = performance.now() - started;
  const diskBound = steps.filter((s) => /^(copy node_modules|clean-up)/.test(s.name));
  console.log('\nReport');
  for (const s of steps) console.log(line(s).split('\n')[0]);
  for (const n of notes) console.log(`  note: ${n}`);
  console.log(
    `${failedStep ? 'FAIL' : 'PASS'}: ${steps.filter((s) => s.ok).length}/${steps.length} steps in ${fmt(total)}` +
      ` (${fmt(total - diskBound.reduce((sum, s) => sum + s.ms, 0))} without copying node_modules and removing the temporary files)`,
  );
  return !failedStep;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.log(`\n${signal}: cleaning up`);
    interrupted = signal;
    steps.push({ ok: false, name: `interrupted (${signal})`, ms: 0, detail: '' });
    void cleanup().then(() => {
      report();
      process.exit(130);
    });
  });
}

let ok = false;
try {
  await main();
  ok = true;
} catch (error) {
  if (!(error instanceof StepError)) {
    steps.push({ ok: false, name: 'check aborted', ms: 0, detail: error instanceof Error ? error.message : String(error) });
    console.log(line(steps.at(-1)));
  }
  if (state.api && (state.api.stderr || state.api.stdout) && !String(error?.message).includes('--- API')) console.log(apiOutput(state.api));
}
await cleanup();
process.exit(report() && ok ? 0 : 1);
