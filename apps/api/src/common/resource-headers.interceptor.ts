import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { etagOf } from './concurrency.js';

const API_PREFIX = '/api/v1';

/**
 * Every versioned resource a handler returns (an object with `id` and a numeric `version`) goes
 * out with its strong ETag. Set where Nest writes a handler's result (`reply`, which `@Res()`
 * handlers bypass), not by a global interceptor: a global interceptor put every request through
 * rxjs (defer, mergeAll, lastValueFrom), the largest fixed cost of a cached GET after the
 * framework's router (ADR 18). Handlers stay one line.
 */
export class ResourceHeadersAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (!response.headersSent && isVersioned(body)) response.setHeader('ETag', etagOf(body.version));
    return super.reply(response, body, statusCode);
  }
}

/**
 * A handler marked `@CreatedAt('collection')` also sets `Location` (`/api/v1/<collection>/<id>`):
 * the decorator applies this interceptor to that handler only.
 */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(private readonly collection: string) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        const response = context.switchToHttp().getResponse<Response>();
        if (!response.headersSent && isVersioned(body)) response.setHeader('Location', `${API_PREFIX}/${this.collection}/${body.id}`);
        return body;
      }),
    );
  }
}

function isVersioned(body: unknown): body is { id: string; version: number } {
  if (typeof body !== 'object' || body === null) return false;
  const { id, version } = body as { id?: unknown; version?: unknown };
  return typeof id === 'string' && typeof version === 'number';
}
