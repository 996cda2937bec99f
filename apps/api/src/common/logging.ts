import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * Structured logs with pino: one JSON line per request (id, method, path, status — never headers,
 * bodies, cookies or tokens) and every Nest log line bound to the request it happened in. This is
 * the little nestjs-pino did for us, written here because its releases for NestJS 12 require Node 22.
 */
export interface LoggingOptions {
  level: string;
  /** Request lines (off under test: the suites make thousands of requests). */
  autoLogging: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** The request a Nest log line belongs to: its logger is made on the first line it logs. */
interface RequestLogScope {
  readonly log: Logger;
}
const requestLog = new AsyncLocalStorage<RequestLogScope>();

/** The process's logger: JSON lines on stdout (or on `destination`, for tests). */
export function createRootLogger(options: LoggingOptions, destination?: DestinationStream): Logger {
  const settings = { level: options.level, base: { service: 'sidh-api' } };
  return destination ? pino(settings, destination) : pino(settings);
}

const requestId = (req: IncomingMessage): string => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
};

/** What a request's log lines say about it (never headers, bodies, cookies or tokens). */
const requestFields = (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] });

/**
 * Express middleware: a request id (a well-formed `X-Request-Id` or a new UUID), the request line, and the request's logger for the Nest logger below.
 * Without request lines (a level above info) pino-http is left out: it builds a child logger and
 * serialises the request for every request (ADR 18); here the child is made on the first line the
 * request logs, with the same fields.
 */
export function requestLogging(root: Logger, options: LoggingOptions): (req: Request, res: Response, next: NextFunction) => void {
  // The request line is written at info: below that level pino-http would still build it (and hook
  // every response's finish) for nothing.
  if (!options.autoLogging || !root.isLevelEnabled('info')) {
    return (req, _res, next) => {
      const id = requestId(req);
      (req as Request & { id: string }).id = id;
      let log: Logger | undefined;
      const scope: RequestLogScope = {
        get log() {
          return (log ??= root.child({ req: requestFields({ id, method: req.method, url: req.originalUrl ?? req.url }) }));
        },
      };
      requestLog.run(scope, next);
    };
  }
  const http = pinoHttp({
    logger: root,
    genReqId: requestId,
    serializers: { req: requestFields, res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }) },
    autoLogging: true,
  });
  return (req, res, next) => http(req, res, () => requestLog.run({ log: req.log }, next));
}

/**
 * Nest's logger interface over pino. `logger.warn({ event: 'x', … }, 'message')` logs the object's
 * fields and the message; a string message logs only itself — Nest passes an error's stack as an
 * extra argument, and stacks stay out of the logs. Errors are logged by type and message.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: Level, message: unknown, optional: unknown[]): void {
    const logger = requestLog.getStore()?.log ?? this.root;
    if (!logger.isLevelEnabled(level)) return;
    const params = [...optional];
    // Nest appends the context (the class that logged) as the last string argument.
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const bindings: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      logger[level]({ ...bindings, error: { type: message.constructor.name, message: message.message.slice(0, 300) } }, message.message.slice(0, 300));
    } else if (typeof message === 'object' && message !== null) {
      const text = typeof params[0] === 'string' && !params[0].includes('\n') ? params[0] : undefined;
      logger[level]({ ...bindings, ...(message as Record<string, unknown>) }, text);
    } else {
      logger[level](bindings, String(message));
    }
  }
}
