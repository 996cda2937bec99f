import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';
import { retryAfterOf } from './auth.errors.js';

/**
 * Adds `Retry-After` to the 429 and 503 answers of the sign-in routes (`AuthException` locks,
 * `UnavailableException`) before the error filter writes the body. The guard sets it itself for
 * the errors it raises (guards run before interceptors).
 */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        setRetryAfter(context.switchToHttp().getResponse<Response>(), error);
        return throwError(() => error);
      }),
    );
  }
}

/** Sets `Retry-After` (whole seconds) on the response when the error carries one. */
export function setRetryAfter(res: Response, error: unknown): void {
  const seconds = retryAfterOf(error);
  if (seconds !== null && !res.headersSent) res.setHeader('Retry-After', String(seconds));
}
