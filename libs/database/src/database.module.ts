import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EntitySchema, MixedList } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { TenantTransaction } from './tenant-transaction';

/** The server's DataSource, connected as the application role, and the tenant transaction helper. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(appUrl: string, entities: MixedList<Function | string | EntitySchema>): DynamicModule {
    return {
      module: DatabaseModule,
      // No TypeORM query logging: refusals are expected, and real failures are logged once by the error filter.
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(appUrl, entities), logging: false })],
      providers: [TenantTransaction],
      exports: [TenantTransaction],
    };
  }
}
