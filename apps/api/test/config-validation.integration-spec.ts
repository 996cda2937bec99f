import { ConfigError, DEFAULT_JWT_SECRET, loadConfig } from '../src/config/app-config.js';

/**
 * Start-up configuration (SECURITY.md F). A unit test (no database), named *.integration-spec.ts only
 * because the Jest config picks up test/ files with that suffix alone.
 */
describe('loadConfig', () => {
  const SECRET = 'a-real-production-secret-with-enough-entropy-0123456789';
  const expectRefused = (env: Record<string, string>, variable: RegExp) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(variable);
    // The message names the variable, never a secret's value.
    for (const key of ['JWT_SECRET', 'DATABASE_URL']) if (env[key]) expect((error as Error).message).not.toContain(env[key]);
  };

  it('accepts an empty environment with development defaults', () => {
    const config = loadConfig({});
    expect(config.NODE_ENV).toBe('development');
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.TRUST_PROXY).toBe(false);
    expect(config.JSON_BODY_LIMIT_BYTES).toBe(100 * 1024);
    expect(config.JWT_ACCESS_TTL_SECONDS).toBeLessThanOrEqual(900);
  });

  it('throws naming PORT for PORT=abc, and for out-of-range ports', () => {
    expectRefused({ PORT: 'abc' }, /\bPORT\b/);
    expectRefused({ PORT: '70000' }, /\bPORT\b/);
    expectRefused({ PORT: '-1' }, /\bPORT\b/);
    expectRefused({ PORT: '3000abc' }, /\bPORT\b/);
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('throws naming JWT_SECRET when it is shorter than 32 characters', () => {
    expectRefused({ JWT_SECRET: 'short-secret' }, /\bJWT_SECRET\b/);
    expectRefused({ JWT_SECRET: 'x'.repeat(31) }, /\bJWT_SECRET\b/);
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toHaveLength(32);
  });

  it('throws naming the variable for other invalid values', () => {
    expectRefused({ NODE_ENV: 'staging' }, /\bNODE_ENV\b/);
    expectRefused({ JWT_ACCESS_TTL_SECONDS: '86400' }, /\bJWT_ACCESS_TTL_SECONDS\b/);
    expectRefused({ LOGIN_MAX_FAILURES: '0' }, /\bLOGIN_MAX_FAILURES\b/);
    expectRefused({ DEMO_SEED: 'yes please' }, /\bDEMO_SEED\b/);
    expectRefused({ TRUST_PROXY: 'maybe' }, /\bTRUST_PROXY\b/);
    expectRefused({ DATABASE_URL: 'mysql://root@localhost/db' }, /\bDATABASE_URL\b/);
    expectRefused({ LOG_LEVEL: 'verbose' }, /\bLOG_LEVEL\b/);
  });

  it('refuses the default JWT secret in production (explicit or implied)', () => {
    expectRefused({ NODE_ENV: 'production' }, /\bJWT_SECRET\b/);
    expectRefused({ NODE_ENV: 'production', JWT_SECRET: DEFAULT_JWT_SECRET }, /\bJWT_SECRET\b/);
  });

  it('refuses DEMO_SEED=true in production', () => {
    expectRefused({ NODE_ENV: 'production', JWT_SECRET: SECRET, DEMO_SEED: 'true' }, /\bDEMO_SEED\b/);
    expectRefused({ NODE_ENV: 'production', JWT_SECRET: SECRET, DEMO_SEED: '1' }, /\bDEMO_SEED\b/);
  });

  it('defaults DEMO_SEED to false and COOKIE_SECURE to true in production', () => {
    // Anchoring off: production otherwise also needs AUDIT_SIGNING_KEY (audit-anchor.integration-spec.ts).
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, AUDIT_ANCHOR_ENABLED: 'false' });
    expect(config.DEMO_SEED).toBe(false);
    expect(config.COOKIE_SECURE).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, DEMO_SEED: '', AUDIT_ANCHOR_ENABLED: 'false' }).DEMO_SEED).toBe(false);
  });

  it('ignores unknown variables and does not read process.env when given an environment', () => {
    const previous = process.env['PORT'];
    process.env['PORT'] = 'abc';
    try {
      expect(loadConfig({ SOMETHING_ELSE: 'x' }).PORT).toBe(3000);
    } finally {
      if (previous === undefined) delete process.env['PORT'];
      else process.env['PORT'] = previous;
    }
  });
});
