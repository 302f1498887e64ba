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

/**
 * Disables or re-enables an operator through the owner connection. A disabled operator cannot log
 * in, and every request with a token they already hold is refused (the guard reads the live row).
 * Returns false when there is no such operator.
 */
export async function setOperatorStatus(
  ownerUrl: string,
  username: string,
  status: 'active' | 'disabled',
): Promise<boolean> {
  const ds = new DataSource(dataSourceOptions(ownerUrl, CORE_ENTITIES));
  await ds.initialize();
  try {
    const result = await ds.manager.update(PlatformOperator, { username }, { status });
    return result.affected === 1;
  } finally {
    await ds.destroy();
  }
}
