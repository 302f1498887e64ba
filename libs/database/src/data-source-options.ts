import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export function dataSourceOptions(
  url: string,
  entities: MixedList<Function | string | EntitySchema>,
  extra: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'core_migrations',
    extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 20) },
    ...extra,
  } as DataSourceOptions;
}
