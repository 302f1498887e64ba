import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessModule } from '@tongxin/access';
import { AuditModule, AuditQueryModule } from '@tongxin/audit';
import { AppConfig, ConfigModule } from '@tongxin/config';
import { DatabaseModule } from '@tongxin/database';
import { HealthModule } from '@tongxin/health';
import { IdempotencyModule } from '@tongxin/idempotency';
import { AccessGuard, IdentityModule } from '@tongxin/identity';
import { OrgModule } from '@tongxin/org';
import { PartnersModule } from '@tongxin/partners';
import { PlatformModule } from '@tongxin/platform';
import { RolesModule } from '@tongxin/roles';
import { UsersModule } from '@tongxin/users';
import { CORE_ENTITIES } from '@tongxin/core-schema';

export interface AppOptions {
  /** The app role's connection: row-level security applies to everything the server does. */
  databaseUrl: string;
  config: AppConfig;
}

/** The API server: the core capabilities, one module each, behind one global access guard. */
@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot(options.databaseUrl, CORE_ENTITIES),
        AccessModule,
        AuditModule,
        AuditQueryModule,
        IdentityModule,
        OrgModule,
        UsersModule,
        RolesModule,
        PartnersModule,
        PlatformModule,
        HealthModule,
        IdempotencyModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
    };
  }
}
