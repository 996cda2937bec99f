import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { execute } from '../../database/sql.js';

@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Resolves when the database answers a trivial statement; rejects otherwise. */
  async ping(): Promise<void> {
    await execute(this.dataSource, 'SELECT 1');
  }
}
