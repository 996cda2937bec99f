import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { expectedVersion } from './concurrency.js';
import { ErrorResponseDto, StaleErrorResponseDto } from './error-response.dto.js';

const ifMatchVersion = createParamDecorator((_: unknown, ctx: ExecutionContext): number => expectedVersion(ctx.switchToHttp().getRequest<Request>().headers['if-match']));

/**
 * The version the client last read, from `If-Match` (428 when missing, 412 when malformed), and
 * the OpenAPI description of both answers. Use on every conditional write.
 */
export function IfMatch(): ParameterDecorator {
  return (target, key, index) => {
    ifMatchVersion()(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the version you read', schema: { type: 'string', example: '"3"' } })(target, key, descriptor);
    ApiResponse({ status: 412, type: StaleErrorResponseDto, description: 'Changed by someone else: details.current and details.lastChange' })(target, key, descriptor);
    ApiResponse({ status: 428, type: ErrorResponseDto, description: 'If-Match missing' })(target, key, descriptor);
  };
}

export const LOCATION_KEY = 'sidh:location';

/** A created resource's `Location`: `/api/v1/<collection>/<id of the returned body>`. */
export const CreatedAt = (collection: string) => SetMetadata(LOCATION_KEY, collection);
