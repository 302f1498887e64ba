import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@tongxin/access';
import { AuditModule } from '@tongxin/audit';
import { AppConfig, ConfigModule } from '@tongxin/config';
import { DatabaseModule } from '@tongxin/database';
import { CORE_ENTITIES } from '@tongxin/core-schema';

/** What a worker process needs: configuration, the app-role database and the tenant transaction. */
@Module({})
export class WorkerModule {
  static forRoot(options: { databaseUrl: string; config: AppConfig }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot(options.databaseUrl, CORE_ENTITIES),
        AccessModule,
        AuditModule,
      ],
    };
  }
}
