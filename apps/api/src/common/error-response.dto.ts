import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { API_ERROR_CODES, type ApiErrorCode } from '@sidh/domain';

/** The body of every error response. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ enum: API_ERROR_CODES, enumName: 'ErrorCode', description: 'Stable code; the SPA translates it (errors.<code>).' })
  code!: ApiErrorCode;

  @ApiProperty({ description: 'English, for logs and developers; never shown as is to users.' })
  message!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'validation.failed: `fields` (field → message key); other codes document their own.' })
  details?: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true, description: 'Also in the X-Request-Id header and every log line of the request.' })
  requestId!: string | null;
}

/** Who last changed a record: in a 412 answer. */
export class LastChangeDto {
  @ApiProperty({ type: String, nullable: true })
  actorName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorRole!: string | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}

export class StaleErrorDetailsDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The resource as it is now (the same shape as its GET).' })
  current!: Record<string, unknown>;

  @ApiProperty({ type: LastChangeDto, nullable: true })
  lastChange!: LastChangeDto | null;
}

/** 412 `concurrency.stale`: someone changed the resource since the client read it. */
export class StaleErrorResponseDto extends ErrorResponseDto {
  @ApiProperty({ type: StaleErrorDetailsDto })
  declare details: StaleErrorDetailsDto & Record<string, unknown>;
}
