import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { RequestContext } from '@tongxin/context';
import type { Scope } from '@tongxin/database';
import { notFound, isUuid, permissionMissing } from '@tongxin/http';
import { canOn } from './ability.factory';

/**
 * Loads a scoped row by id for `permission`. Rows of other tenants are invisible (RLS) and rows
 * outside the caller's scope answer the same 404, so neither existence leaks. When the caller may
 * read the row but lacks `permission` on it (e.g. may read but not write), the answer is 403.
 */
export async function findInScope<T extends ObjectLiteral & Scope>(
  em: EntityManager,
  entity: EntityTarget<T>,
  ctx: RequestContext,
  id: string,
  permission: string,
  entityName: string,
  readPermission?: string,
): Promise<T> {
  if (!isUuid(id)) throw notFound(entityName);
  const row = await em.findOneBy(entity, { tenantId: ctx.tenantId, id } as never);
  if (!row) throw notFound(entityName);
  if (canOn(ctx.ability, permission, row)) return row;
  if (readPermission && canOn(ctx.ability, readPermission, row)) throw permissionMissing(permission);
  throw notFound(entityName);
}
