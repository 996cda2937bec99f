import type { NextFunction, Request, Response } from 'express';
import { createRootLogger, PinoNestLogger, requestLogging } from './logging.js';

describe('PinoNestLogger (Nest log calls as pino JSON lines)', () => {
  const capture = () => {
    const lines: Array<Record<string, unknown>> = [];
    const root = createRootLogger({ level: 'info', autoLogging: false }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    return { lines, logger: new PinoNestLogger(root) };
  };

  it("logs an object's fields, the message and the context (the class that logged)", () => {
    const { lines, logger } = capture();
    logger.warn({ event: 'import_parses_saturated', running: 2 }, 'import refused', 'ImportsService');
    expect(lines).toEqual([expect.objectContaining({ level: 40, event: 'import_parses_saturated', running: 2, msg: 'import refused', context: 'ImportsService', service: 'sidh-api' })]);
  });

  it('keeps stacks out: the stack Nest passes beside an error message is dropped, an Error is logged by type and message', () => {
    const { lines, logger } = capture();
    logger.error('request failed', 'Error: boom\n    at secret (/app/dist/file.js:1:1)', 'ExceptionsHandler');
    logger.error(new TypeError('bad thing'));
    expect(lines[0]).toMatchObject({ level: 50, msg: 'request failed', context: 'ExceptionsHandler' });
    expect(lines[1]).toMatchObject({ level: 50, msg: 'bad thing', error: { type: 'TypeError', message: 'bad thing' } });
    expect(JSON.stringify(lines)).not.toMatch(/ at |\/app\/dist/);
  });

  it('writes nothing below the level', () => {
    const { lines, logger } = capture();
    logger.debug('noise');
    logger.verbose('more noise');
    expect(lines).toEqual([]);
  });
});

describe('requestLogging without request lines (level above info)', () => {
  const run = (headers: Record<string, string>, inside: (logger: PinoNestLogger) => void) => {
    const lines: Array<Record<string, unknown>> = [];
    const root = createRootLogger({ level: 'warn', autoLogging: true }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const logger = new PinoNestLogger(root);
    const req = { method: 'GET', url: '/api/v1/x?token=secret', originalUrl: '/api/v1/x?token=secret', headers } as unknown as Request & { id?: string };
    requestLogging(root, { level: 'warn', autoLogging: true })(req, {} as Response, (() => inside(logger)) as NextFunction);
    return { lines, req };
  };

  it('gives the request an id and binds it (method, path without the query) to the lines logged during the request', () => {
    const { lines, req } = run({ 'x-request-id': 'abc-123' }, (logger) => logger.warn({ event: 'authz_fail' }, 'refused', 'PermissionGuard'));
    expect(req.id).toBe('abc-123');
    expect(lines).toEqual([expect.objectContaining({ level: 40, event: 'authz_fail', context: 'PermissionGuard', req: { id: 'abc-123', method: 'GET', path: '/api/v1/x' } })]);
  });

  it('makes a new UUID for a missing or malformed X-Request-Id, and writes no request line', () => {
    const { lines, req } = run({ 'x-request-id': 'bad id\n' }, () => undefined);
    expect(req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([]);
  });
});
