import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { AppException, ErrorCode } from './app-exception.js';

interface ErrorBody {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  requestId: string | null;
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_QUERY_CANCELED = '57014';
/** Data exceptions (class 22): a value PostgreSQL refuses (impossible date, out of range, bad text). Input, not a fault. */
const PG_DATA_EXCEPTION = /^22/;
/** A required value was null (an optional field sent as null): 400 naming the column, in camelCase. */
const PG_NOT_NULL_VIOLATION = '23502';
const PG_CONNECTION_ERRORS = ['57P01', '57P02', '57P03', '08000', '08003', '08006'];
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** For error responses produced before helmet ran (e.g. the JSON body parser rejects the body). */
const FALLBACK_CSP = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The one place errors become responses: `{ status, code, message, details?, requestId }`.
 * Never a stack trace, SQL or driver message; unexpected errors are logged with the request id.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<Request & { id?: string }>();
    const response = ctx.getResponse<Response>();
    const body = this.toBody(exception, request);
    if (response.headersSent) return;
    // Errors raised by middleware that runs before helmet and the request logger (body parser:
    // malformed JSON, 413) would otherwise go out without a request id or security headers.
    if (!response.getHeader('X-Content-Type-Options')) response.setHeader('X-Content-Type-Options', 'nosniff');
    if (!response.getHeader('Content-Security-Policy')) response.setHeader('Content-Security-Policy', FALLBACK_CSP);
    const retryAfter = exception instanceof AppException ? exception.retryAfter() : null;
    if (retryAfter !== null && (body.status === 429 || body.status === 503)) response.setHeader('Retry-After', String(retryAfter));
    response
      .status(body.status)
      .setHeader('Cache-Control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(body));
  }

  private toBody(exception: unknown, request: Request & { id?: string }): ErrorBody {
    const requestId = requestIdOf(request);
    if (exception instanceof AppException) {
      return { status: exception.status, code: exception.code, message: exception.message, details: exception.details, requestId };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception, requestId);
    const pgCode = exception instanceof QueryFailedError ? (exception.driverError as { code?: string } | undefined)?.code : (exception as { code?: string } | null)?.code;
    if (pgCode === PG_UNIQUE_VIOLATION) return { status: 409, code: ErrorCode.Conflict, message: 'A record with the same identity already exists', requestId };
    if (pgCode === PG_FOREIGN_KEY_VIOLATION) return { status: 409, code: ErrorCode.Conflict, message: 'The record is referenced or references a missing record', requestId };
    if (pgCode === PG_NOT_NULL_VIOLATION) {
      const column = (exception instanceof QueryFailedError ? (exception.driverError as { column?: string } | undefined)?.column : (exception as { column?: string } | null)?.column) ?? '';
      const field = /^[a-z_][a-z0-9_]{0,62}$/.test(column) ? column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : 'body';
      return { status: 400, code: ErrorCode.ValidationFailed, message: 'Invalid input', details: { fields: { [field]: 'validation.required' } }, requestId };
    }
    if (pgCode && PG_DATA_EXCEPTION.test(pgCode)) return { status: 400, code: ErrorCode.ValidationFailed, message: 'A value is out of range or not valid', details: { fields: {} }, requestId };
    if (pgCode === PG_QUERY_CANCELED) return { status: 503, code: ErrorCode.ServiceUnavailable, message: 'The request took too long', requestId };
    if ((pgCode && PG_CONNECTION_ERRORS.includes(pgCode)) || (exception as { code?: string } | null)?.code === 'ECONNREFUSED') {
      return { status: 503, code: ErrorCode.ServiceUnavailable, message: 'The service is temporarily unavailable', requestId };
    }
    this.logger.error({ err: describe(exception), requestId }, 'Unexpected error');
    return { status: 500, code: ErrorCode.Internal, message: 'An unexpected error occurred', requestId };
  }

  private fromHttpException(exception: HttpException, requestId: string | null): ErrorBody {
    const status = exception.getStatus();
    if ((exception.cause as { type?: string } | undefined)?.type === 'entity.parse.failed') {
      return { status, code: ErrorCode.MalformedJson, message: 'The request body is not valid JSON', requestId };
    }
    if (status === HttpStatus.NOT_FOUND) return { status, code: ErrorCode.RouteNotFound, message: 'No such route', requestId };
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) return { status, code: ErrorCode.PayloadTooLarge, message: 'The request body is too large', requestId };
    if (status === HttpStatus.TOO_MANY_REQUESTS) return { status, code: ErrorCode.TooManyRequests, message: 'Too many requests', requestId };
    if (status === HttpStatus.BAD_REQUEST) return { status, code: ErrorCode.ValidationFailed, message: 'Invalid request', requestId };
    if (status === HttpStatus.UNAUTHORIZED) return { status, code: ErrorCode.Unauthenticated, message: 'Authentication required', requestId };
    if (status === HttpStatus.FORBIDDEN) return { status, code: ErrorCode.Forbidden, message: 'You are not allowed to do this', requestId };
    return { status, code: status >= 500 ? ErrorCode.Internal : ErrorCode.Conflict, message: status >= 500 ? 'An unexpected error occurred' : 'Request refused', requestId };
  }
}

/** The logger's request id; when the error came before the logger ran, the client's (if well-formed) or a new one. */
function requestIdOf(request: Request & { id?: string }): string {
  if (typeof request.id === 'string') return request.id;
  const given = request.headers['x-request-id'];
  request.id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  return request.id;
}

/** Error class and a short message only: never a stack trace, SQL, parameters or bodies. */
function describe(exception: unknown): { type: string; message: string } {
  if (exception instanceof Error) return { type: exception.constructor.name, message: exception.message.slice(0, 200) };
  return { type: typeof exception, message: 'non-error thrown' };
}
