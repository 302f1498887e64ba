import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@tongxin/context';
import type { Scope } from '@tongxin/database';
import { DomainError } from '@tongxin/http';
import { canOn } from './ability.factory';
import { PermissionRegistry, type RoleGrantSource } from './permission-registry';

/** What a comparison needs of the caller: what they hold, and which plugins count in their tenant. */
export type Holder = Pick<RequestContext, 'ability' | 'enabledPlugins'>;

/**
 * The one rule behind granting, revoking, editing custom roles and managing someone's account:
 * acting on a role is as strong as holding it. The caller must hold, over the scope the role
 * applies to, every permission the role grants *in this tenant* — its effective permissions
 * (PermissionRegistry.effectivePermissions: stored permissions of active plugins plus enabled
 * plugins' default grants to system roles), never only the stored list, which misses the plugin
 * grants. The principal is loaded per request, so enabling or disabling a plugin changes both
 * sides of the comparison on the next request.
 */
@Injectable()
export class RoleAuthority {
  constructor(private readonly registry: PermissionRegistry) {}

  /** The first permission the role grants in the caller's tenant that the caller lacks over `scope`. */
  lacking(holder: Holder, role: RoleGrantSource, scope: Scope): string | undefined {
    return this.lackingOf(holder, this.registry.effectivePermissions(role, holder.enabledPlugins), scope);
  }

  /** The first of these permissions the caller lacks over `scope`. */
  lackingOf(holder: Holder, permissions: Iterable<string>, scope: Scope): string | undefined {
    for (const permission of permissions) if (!canOn(holder.ability, permission, scope)) return permission;
    return undefined;
  }

  /** Throws 403 `code` naming the first permission the role grants that the caller lacks over `scope`. */
  assertHolds(
    holder: Holder,
    role: RoleGrantSource,
    scope: Scope,
    code: 'PERMISSION_NOT_HELD' | 'USER_OUTRANKS_CALLER' = 'PERMISSION_NOT_HELD',
  ): void {
    const permission = this.lacking(holder, role, scope);
    if (permission) throw new DomainError(code, 403, { permission });
  }
}
