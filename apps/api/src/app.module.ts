import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from './access/access.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { PermissionGuard } from './auth/permission.guard.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { AppConfig } from './config/app-config.js';
import { buildDataSourceOptions } from './database/data-source.js';
import { HealthModule } from './modules/health/health.module.js';
import { AssignmentsModule } from './modules/assignments/assignments.module.js';
import { CampaignsModule } from './modules/campaigns/campaigns.module.js';
import { ContributionsModule } from './modules/contributions/contributions.module.js';
import { InvitationsModule } from './modules/invitations/invitations.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { MailModule } from './modules/mail/mail.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { DevModule } from './modules/dev/dev.module.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { InstitutionsModule } from './modules/institutions/institutions.module.js';
import { RecommendationsModule } from './modules/recommendations/recommendations.module.js';
import { ReferenceModule } from './modules/reference/reference.module.js';
import { SettingsModule } from './modules/settings/settings.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { StatsModule } from './modules/stats/stats.module.js';
import { UsersModule } from './modules/users/users.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** Server URL, or the embedded database's loopback URL. */
  databaseUrl: string;
  poolSize: number;
  /** The embedded engine (PGlite), which takes no connection startup options. */
  embedded?: boolean;
}

@Global()
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(
          buildDataSourceOptions({ url: options.databaseUrl, poolSize: options.poolSize, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS, embedded: options.embedded }),
        ),
        AccessModule,
        AuditModule,
        AuthModule,
        UsersModule,
        InstitutionsModule,
        ReferenceModule,
        SettingsModule,
        RecommendationsModule,
        ImportsModule,
        HealthModule,
        MailModule.register({ devRoutes: config.NODE_ENV !== 'production' }),
        NotificationsModule,
        DevModule.register({ enabled: config.NODE_ENV !== 'production' }),
        AssignmentsModule,
        ContributionsModule,
        CampaignsModule,
        ReportsModule,
        StatsModule,
        InvitationsModule,
        JobsModule,
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: APP_GUARD, useClass: PermissionGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [AppConfig],
    };
  }
}
