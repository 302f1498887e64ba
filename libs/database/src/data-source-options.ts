import { readVariable } from '@tongxin/config';
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
    extra: { max: readVariable('DATABASE_POOL_SIZE') },
    ...extra,
  } as DataSourceOptions;
}
