import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { UnavailableException } from './auth.errors.js';
import { hashPassword, verifyPassword } from './password.js';

/** What the slots have done, for tests and diagnostics. */
export interface HashSlotStats {
  /** Operations running now. */
  running: number;
  /** Operations waiting for a slot now. */
  queued: number;
  /** The most operations ever running at once. */
  peakRunning: number;
  /** Operations started (each one argon2 computation). */
  started: number;
  /** Operations refused because every slot and queue place was taken. */
  refused: number;
}

/**
 * At most `maxRunning` tasks at once, at most `maxQueued` waiting (first come, first served);
 * beyond, `run` throws 503 at once instead of letting CPU and memory pile up.
 */
export class HashSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private peakRunning = 0;
  private started = 0;
  private refused = 0;

  constructor(
    private readonly maxRunning: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.maxRunning) {
      this.running += 1;
    } else if (this.waiting.length < this.maxQueued) {
      // The slot is handed over by the task that frees it (`running` stays the same).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.refused += 1;
      throw UnavailableException.hashingSaturated();
    }
    this.started += 1;
    this.peakRunning = Math.max(this.peakRunning, this.running);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  get stats(): HashSlotStats {
    return { running: this.running, queued: this.waiting.length, peakRunning: this.peakRunning, started: this.started, refused: this.refused };
  }
}

/**
 * Password hashing for requests: every argon2 computation of sign-in and invitation acceptance
 * goes through here, so that one process runs at most AUTH_MAX_CONCURRENT_HASHES of them at once
 * (each takes ~19 MiB and a libuv thread) and answers 503 + Retry-After beyond
 * AUTH_HASH_QUEUE_SIZE waiting ones. The CLI and the seeder call `password.ts` directly.
 */
@Injectable()
export class PasswordHasher {
  private readonly logger = new Logger(PasswordHasher.name);
  private readonly slots: HashSlots;

  constructor(config: AppConfig) {
    this.slots = new HashSlots(config.AUTH_MAX_CONCURRENT_HASHES, config.AUTH_HASH_QUEUE_SIZE);
  }

  hash(password: string): Promise<string> {
    return this.run(() => hashPassword(password));
  }

  /** See `verifyPassword`: a null hash (unknown account) costs the same work and is false. */
  verify(passwordHash: string | null, password: string): Promise<boolean> {
    return this.run(() => verifyPassword(passwordHash, password));
  }

  get stats(): HashSlotStats {
    return this.slots.stats;
  }

  private async run<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await this.slots.run(task);
    } catch (error) {
      if (error instanceof UnavailableException) this.logger.warn({ event: 'authn_hashing_saturated', ...this.slots.stats });
      throw error;
    }
  }
}
