import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service.js';

/** Record-level access (institution scope) for every feature module. */
@Global()
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
