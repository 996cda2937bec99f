import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { Public } from '../../common/decorators.js';
import { HealthDto } from './dto/health.dto.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Ready only when the database answers. */
  @Get()
  @Public()
  @ApiOperation({ summary: 'Check that the API and its database answer' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer', type: ErrorResponseDto })
  check(): Promise<HealthDto> {
    return this.health.check();
  }
}
