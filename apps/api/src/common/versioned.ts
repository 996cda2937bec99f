import { createParamDecorator, UseInterceptors, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { expectedVersion } from './concurrency.js';
import { ErrorResponseDto, StaleErrorResponseDto } from './error-response.dto.js';
import { LocationInterceptor } from './resource-headers.interceptor.js';

const ifMatchHeader = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => ctx.switchToHttp().getRequest<Request>().headers['if-match']);

/**
 * Parses If-Match after the other parameters: Nest resolves a handler's parameters concurrently,
 * and a bad body or id must still answer 400 before a missing If-Match answers 428 (the order
 * clients relied on when handlers parsed the header themselves). One turn of the event loop lets
 * the validation pipes settle first.
 */
class IfMatchPipe implements PipeTransform<string | undefined, Promise<number | null>> {
  constructor(private readonly optional: boolean) {}

  async transform(header: string | undefined): Promise<number | null> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.optional && (header === undefined || header.trim() === '')) return null;
    return expectedVersion(header);
  }
}

/**
 * The version the client last read, from `If-Match` (428 when missing, 412 when malformed), and
 * the OpenAPI description of both answers. Use on every conditional write. With
 * `{ optional: true }` (workflow steps) a missing header gives `null`: no version check.
 */
export function IfMatch(options: { optional?: boolean } = {}): ParameterDecorator {
  const optional = options.optional ?? false;
  return (target, key, index) => {
    ifMatchHeader(undefined, new IfMatchPipe(optional))(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    ApiHeader({ name: 'If-Match', required: !optional, description: 'The ETag of the version you read', schema: { type: 'string', example: '"3"' } })(target, key, descriptor);
    ApiResponse({ status: 412, type: StaleErrorResponseDto, description: 'Changed by someone else: details.current and details.lastChange' })(target, key, descriptor);
    if (!optional) ApiResponse({ status: 428, type: ErrorResponseDto, description: 'If-Match missing' })(target, key, descriptor);
  };
}

/** A created resource's `Location`: `/api/v1/<collection>/<id of the returned body>` (an interceptor on this handler only). */
export const CreatedAt = (collection: string) => UseInterceptors(new LocationInterceptor(collection));
