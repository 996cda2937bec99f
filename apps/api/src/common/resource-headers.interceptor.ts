import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { etagOf } from './concurrency.js';
import { LOCATION_KEY } from './versioned.js';

const API_PREFIX = '/api/v1';

/**
 * Every versioned resource a handler returns (an object with `id` and a numeric `version`) goes
 * out with its strong ETag; a handler marked `@CreatedAt('collection')` also sets `Location`.
 * Handlers stay one line.
 */
@Injectable()
export class ResourceHeadersInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const collection = this.reflector.get<string | undefined>(LOCATION_KEY, context.getHandler());
    return next.handle().pipe(
      map((body: unknown) => {
        const response = context.switchToHttp().getResponse<Response>();
        if (!response.headersSent && isVersioned(body)) {
          response.setHeader('ETag', etagOf(body.version));
          if (collection) response.setHeader('Location', `${API_PREFIX}/${collection}/${body.id}`);
        }
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
