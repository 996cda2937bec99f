import { HttpStatus, Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { HealthDto } from './dto/health.dto.js';
import { HealthRepository } from './health.repository.js';

@Injectable()
export class HealthService {
  constructor(private readonly health: HealthRepository) {}

  /** Ready only when the database answers: else 503 `common.service_unavailable`. */
  async check(): Promise<HealthDto> {
    try {
      await this.health.ping();
    } catch {
      throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, 'Database unavailable');
    }
    return { status: 'ok', database: 'up' };
  }
}
