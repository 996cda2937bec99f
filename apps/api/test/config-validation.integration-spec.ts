import { ConfigError, DEFAULT_JWT_SECRET, loadConfig } from '../src/config/app-config.js';

/**
 * Start-up configuration (docs/security.md#f-errors-logs-and-configuration). A unit test (no database), named *.integration-spec.ts only
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

  it.each(['abc', '70000', '-1', '3000abc'])('throws naming PORT for PORT=%s', (port) => {
    expectRefused({ PORT: port }, /\bPORT\b/);
  });

  it('accepts PORT=8080', () => {
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
  });

  it.each([
    ['short-secret', 'short-secret'],
    ['31 characters', 'x'.repeat(31)],
  ])('throws naming JWT_SECRET when it is shorter than 32 characters (%s)', (_, secret) => {
    expectRefused({ JWT_SECRET: secret }, /\bJWT_SECRET\b/);
  });

  it('accepts a JWT_SECRET of 32 characters', () => {
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toHaveLength(32);
  });

  it.each([
    ['NODE_ENV', 'staging'],
    ['JWT_ACCESS_TTL_SECONDS', '86400'],
    ['LOGIN_MAX_FAILURES', '0'],
    ['DEMO_SEED', 'yes please'],
    ['TRUST_PROXY', 'maybe'],
    ['DATABASE_URL', 'mysql://root@localhost/db'],
    ['LOG_LEVEL', 'verbose'],
  ])('throws naming %s for the invalid value %j', (variable, value) => {
    expectRefused({ [variable]: value }, new RegExp(`\\b${variable}\\b`));
  });

  it('refuses production without a JWT secret (the default one is implied)', () => {
    expectRefused({ NODE_ENV: 'production' }, /\bJWT_SECRET\b/);
  });

  it('refuses the default JWT secret given explicitly in production', () => {
    expectRefused({ NODE_ENV: 'production', JWT_SECRET: DEFAULT_JWT_SECRET }, /\bJWT_SECRET\b/);
  });

  it.each(['true', '1'])('refuses DEMO_SEED=%s in production', (demoSeed) => {
    expectRefused({ NODE_ENV: 'production', JWT_SECRET: SECRET, DEMO_SEED: demoSeed }, /\bDEMO_SEED\b/);
  });

  // Anchoring off: production otherwise also needs AUDIT_SIGNING_KEY (audit-anchor.integration-spec.ts).
  it('defaults DEMO_SEED to false and COOKIE_SECURE to true in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, AUDIT_ANCHOR_ENABLED: 'false' });
    expect(config.DEMO_SEED).toBe(false);
    expect(config.COOKIE_SECURE).toBe(true);
  });

  it('reads an empty DEMO_SEED as false in production', () => {
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
