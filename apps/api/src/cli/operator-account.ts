import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@tongxin/database';
import { newOperatorRow } from '@tongxin/platform';
import { PlatformOperator } from '@tongxin/tenancy';
import { CORE_ENTITIES } from '@tongxin/core-schema';

/**
 * Creates a platform operator through the owner connection (the app role may only read
 * operators). Returns false when the username is taken.
 */
export async function createOperator(
  ownerUrl: string,
  username: string,
  password: string,
  displayName: string,
): Promise<boolean> {
  const ds = new DataSource(dataSourceOptions(ownerUrl, CORE_ENTITIES));
  await ds.initialize();
  try {
    if (await ds.manager.existsBy(PlatformOperator, { username })) return false;
    await ds.manager.insert(PlatformOperator, await newOperatorRow(username, password, displayName));
    return true;
  } finally {
    await ds.destroy();
  }
}
