import { createRootLogger, PinoNestLogger } from './logging.js';

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
