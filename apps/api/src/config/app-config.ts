import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';
import { parseSigningKey } from './signing-key.js';

export const DEFAULT_JWT_SECRET = 'dev-only-secret-change-me-dev-only-secret';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1' ? true : value === false || value === 'false' || value === '0' ? false : value;

/**
 * Every environment variable the API reads, validated once at start-up. `.env.example`
 * documents each of them; keep both in step.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /** A PostgreSQL server; when absent the API runs an embedded PGlite database. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * The owner role's connection (migrations, grants). With it, DATABASE_URL should sign in as a
   * least-privilege role: production refuses to start when DATABASE_URL's role is a superuser or
   * owns the schema's objects. Unset: DATABASE_URL does everything (development, tests).
   */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_OWNER_URL?: string;

  @IsString()
  PGLITE_DATA_DIR = './data/pglite';

  @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET = DEFAULT_JWT_SECRET;

  @Transform(toInt) @IsInt() @Min(60) @Max(900)
  JWT_ACCESS_TTL_SECONDS = 600;

  /** Idle lifetime of a refresh token. */
  @Transform(toInt) @IsInt() @Min(1) @Max(720)
  REFRESH_TOKEN_TTL_HOURS = 12;

  /** Absolute lifetime of a session, however active. */
  @Transform(toInt) @IsInt() @Min(1) @Max(2160)
  SESSION_MAX_HOURS = 168;

  @Transform(toBool) @IsBoolean()
  COOKIE_SECURE = false;

  /** Seed demo data and demo accounts on first start. Refused in production. */
  @Transform(toBool) @IsBoolean()
  DEMO_SEED = true;

  /** Comma-separated origins allowed by CORS; empty means same-origin only. */
  @IsString() @MaxLength(2000)
  CORS_ORIGINS = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt) @IsInt() @Min(1024) @Max(10 * 1024 * 1024)
  JSON_BODY_LIMIT_BYTES = 100 * 1024;

  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt) @IsInt() @Min(1) @Max(1440)
  LOGIN_LOCK_MINUTES = 15;

  @Transform(toBool) @IsBoolean()
  TRUST_PROXY = false;

  /** Cancels runaway queries. */
  @Transform(toInt) @IsInt() @Min(100) @Max(600000)
  DB_STATEMENT_TIMEOUT_MS = 15000;

  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 10;

  /** Root folder of uploaded files (import originals under `imports/`, evidence under `evidence/`), stored under server-generated names. */
  @IsString() @MinLength(1)
  UPLOAD_DIR = './data/uploads';

  /** Largest import upload, in bytes; larger uploads are cut off while streaming (413). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1024 * 1024 * 1024)
  IMPORT_MAX_BYTES = 20 * 1024 * 1024;

  /** Most data rows one import may hold. */
  @Transform(toInt) @IsInt() @Min(1) @Max(5_000_000)
  IMPORT_MAX_ROWS = 200_000;

  /** XLSX: the largest total uncompressed size of the archive, checked before anything is inflated. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(4 * 1024 * 1024 * 1024 - 1)
  IMPORT_MAX_UNCOMPRESSED_BYTES = 250 * 1024 * 1024;

  /** Largest evidence file, in bytes; larger uploads are aborted while streaming (413). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(200 * 1024 * 1024)
  EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

  /** Days before a campaign deadline when focal points get a reminder. */
  @Transform(toInt) @IsInt() @Min(1) @Max(90)
  REMINDER_DAYS_BEFORE = 7;

  /** Outgoing mail server, e.g. smtp://user:pass@mail.example.org:587. Unset outside production: a local capture server. */
  @IsOptional() @Matches(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString() @MaxLength(254)
  MAIL_FROM = 'SIDH <no-reply@sidh.local>';

  /** Port of the local capture SMTP server (used when SMTP_URL is unset outside production); 0 = any free port. */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  DEV_SMTP_PORT = 1025;

  /** Run the PostgreSQL-backed job scheduler (reminders, mail retries). Off by default in tests. */
  @Transform(toBool) @IsBoolean()
  JOBS_ENABLED = true;

  /** Address of the web application, for links in e-mails (invitations, contributions). */
  @Matches(/^https?:\/\//, { message: 'must be an http(s):// URL' })
  APP_PUBLIC_URL = 'http://localhost:3000';

  /** Lifetime of an invitation link, in hours. */
  @Transform(toInt) @IsInt() @Min(1) @Max(720)
  INVITATION_TTL_HOURS = 72;

  /**
   * Roles that must sign in with a TOTP second factor (comma-separated; `none`: nobody). A user of
   * such a role without TOTP may sign in, but the session may only enrol until it is done.
   */
  @Matches(/^none$|^(?:(?:admin|coordinator|validator|focal_point|auditor)(?:,(?:admin|coordinator|validator|focal_point|auditor))*)?$/, {
    message: 'must be none or a comma-separated list of roles (admin, coordinator, validator, focal_point, auditor)',
  })
  AUTH_TOTP_REQUIRED_ROLES = 'admin,coordinator';

  /**
   * Requests per client address, per RATE_LIMIT_WINDOW_SECONDS, on each unauthenticated route other
   * than sign-in (password reset request and confirmation, invitation acceptance, the sign-in's code
   * step); the refresh route allows RATE_LIMIT_REFRESH_MAX. Beyond: 429 + Retry-After until the window ends.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000)
  RATE_LIMIT_PUBLIC_MAX = 30;

  @Transform(toInt) @IsInt() @Min(1) @Max(100_000)
  RATE_LIMIT_REFRESH_MAX = 300;

  @Transform(toInt) @IsInt() @Min(1) @Max(86_400)
  RATE_LIMIT_WINDOW_SECONDS = 300;

  /** Password-reset mails per account per hour (further requests get the same 202 and send nothing). */
  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  PASSWORD_RESET_PER_ACCOUNT_HOUR = 3;

  /** Sign checkpoints of the audit chain (hourly job, POST /audit/checkpoints, CLI audit-anchor). Off by default in tests. */
  @Transform(toBool) @IsBoolean()
  AUDIT_ANCHOR_ENABLED = true;

  /** Folder of the signed checkpoint files (one file per checkpoint, never overwritten). Put it on WORM or off-host storage. */
  @IsString() @MinLength(1)
  AUDIT_ANCHOR_DIR = './data/audit-anchors';

  /** Ed25519 private key (PKCS#8 PEM; `\\n` escapes accepted) that signs checkpoints. Required in production when anchoring is on. */
  @IsOptional() @IsString() @MaxLength(8192)
  AUDIT_SIGNING_KEY?: string;

  /** Worker threads that check audit events' hashes and MACs during GET /audit/verify (0: none, on the request's thread). Unset: one per core. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(64)
  AUDIT_VERIFY_THREADS?: number;

  /**
   * Failed sign-ins allowed from one client address (req.ip, so behind TRUST_PROXY the proxy's
   * client; IPv6 grouped by /64) across all accounts within LOGIN_IP_WINDOW_SECONDS; beyond, the
   * address gets 429 for LOGIN_IP_WINDOW_SECONDS. Counted in PostgreSQL (holds across instances).
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000)
  LOGIN_IP_MAX_FAILURES = 30;

  @Transform(toInt) @IsInt() @Min(1) @Max(86_400)
  LOGIN_IP_WINDOW_SECONDS = 300;

  /** Password hashes (argon2id, ~19 MiB each) computed at once by one API process; more wait in the queue below. */
  @Transform(toInt) @IsInt() @Min(1) @Max(64)
  AUTH_MAX_CONCURRENT_HASHES = 4;

  /** Password hashes waiting for a slot; beyond, sign-in and invitation acceptance answer 503 with Retry-After. */
  @Transform(toInt) @IsInt() @Min(0) @Max(10_000)
  AUTH_HASH_QUEUE_SIZE = 16;

  /** Recommendation exports (GET /recommendations/export) one user may run at once; one more answers 429 with Retry-After. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  EXPORT_MAX_CONCURRENT = 2;

  /** Recommendation exports one API process runs at once, all users together; one more answers 503 with Retry-After. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  EXPORT_MAX_CONCURRENT_TOTAL = 4;

  /** Import files (POST /imports) one API process reads and plans at once; one more answers 503 with Retry-After. */
  @Transform(toInt) @IsInt() @Min(1) @Max(64)
  IMPORT_MAX_CONCURRENT_PARSES = 2;

  /**
   * Heap (V8 old generation, in MB) of the worker thread that reads one import file (CSV, JSON,
   * XLSX). A file whose parsed form needs more ends that worker only: 422 import.file_too_complex.
   */
  @Transform(toInt) @IsInt() @Min(16) @Max(16_384)
  IMPORT_PARSE_MAX_HEAP_MB = 512;

  /** Seconds one import file may take to be read; beyond, its worker thread is terminated: 422 import.file_too_complex. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  IMPORT_PARSE_TIMEOUT_SECONDS = 120;

  /**
   * A running import's lease: its process renews the job's heartbeat every few seconds; at start-up
   * only `running` jobs whose heartbeat is older than this are marked failed (another live API
   * instance may be running the others).
   */
  @Transform(toInt) @IsInt() @Min(10) @Max(3600)
  IMPORT_LEASE_SECONDS = 60;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw = Object.fromEntries(known.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]));
  if (env['NODE_ENV'] === 'production' && raw['DEMO_SEED'] === undefined) raw['DEMO_SEED'] = 'false';
  if (env['NODE_ENV'] === 'production' && raw['COOKIE_SECURE'] === undefined) raw['COOKIE_SECURE'] = 'true';
  if (env['NODE_ENV'] === 'test' && raw['JOBS_ENABLED'] === undefined) raw['JOBS_ENABLED'] = 'false';
  if (env['NODE_ENV'] === 'test' && raw['DEV_SMTP_PORT'] === undefined) raw['DEV_SMTP_PORT'] = '0';
  if (env['NODE_ENV'] === 'test' && raw['AUDIT_ANCHOR_ENABLED'] === undefined) raw['AUDIT_ANCHOR_ENABLED'] = 'false';
  // Tests and benchmarks sign in as the demo administrator and coordinator without a second factor; a test about TOTP sets it.
  if (env['NODE_ENV'] === 'test' && raw['AUTH_TOTP_REQUIRED_ROLES'] === undefined) raw['AUTH_TOTP_REQUIRED_ROLES'] = 'none';
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    const message = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigError(`Invalid configuration: ${first.property} ${message}`);
  }
  if (config.NODE_ENV === 'production') {
    if (config.JWT_SECRET === DEFAULT_JWT_SECRET) throw new ConfigError('Invalid configuration: JWT_SECRET must be set to a secret of your own in production');
    if (config.DEMO_SEED) throw new ConfigError('Invalid configuration: DEMO_SEED cannot be true in production');
  }
  if (config.DATABASE_OWNER_URL && !config.DATABASE_URL) throw new ConfigError('Invalid configuration: DATABASE_OWNER_URL needs DATABASE_URL (the API role on the same server)');
  if (config.AUDIT_SIGNING_KEY) {
    try {
      parseSigningKey(config.AUDIT_SIGNING_KEY);
    } catch {
      throw new ConfigError('Invalid configuration: AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM');
    }
  } else if (config.NODE_ENV === 'production' && config.AUDIT_ANCHOR_ENABLED) {
    throw new ConfigError('Invalid configuration: AUDIT_SIGNING_KEY must be set in production while AUDIT_ANCHOR_ENABLED=true');
  }
  return config;
}
