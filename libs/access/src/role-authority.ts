import { Injectable } from '@nestjs/common';
import type { AppAbility, RequestContext } from '@tongxin/context';
import type { Scope } from '@tongxin/database';
import { DomainError } from '@tongxin/http';
import { buildAbility, canOn } from './ability.factory';
import { PermissionRegistry, type RoleGrantSource } from './permission-registry';

/** What a comparison needs of the caller: what they hold (as stored, when known) and their ability. */
export type Holder = Pick<RequestContext, 'ability' | 'heldRoles'>;

/**
 * The one rule behind granting, revoking, editing custom roles and managing someone's account:
 * acting on a role is as strong as holding it. The caller must hold, over the scope the role
 * applies to, every permission the role can grant — never only its stored list, which misses the
 * plugins' default grants to system roles (PermissionRegistry.effectivePermissions).
 *
 * Both sides are taken with every installed plugin enabled (`potentialPermissions`), not only the
 * tenant's enabled ones: a plugin switched off and on again would otherwise hand back, to what was
 * granted while it was off, permissions the granter never held. Enabling plugins only ever widens
 * both sides alike, so a comparison that holds now holds whichever plugins are on later.
 */
@Injectable()
export class RoleAuthority {
  /** The caller's ability with every installed plugin enabled, built once per request context. */
  private readonly potential = new WeakMap<Holder, AppAbility>();

  constructor(private readonly registry: PermissionRegistry) {}

  /** The first permission the role can grant that the caller could not hold over `scope`. */
  lacking(holder: Holder, role: RoleGrantSource, scope: Scope): string | undefined {
    return this.lackingOf(holder, this.registry.potentialPermissions(role), scope);
  }

  /** The first of these permissions the caller could not hold over `scope`. */
  lackingOf(holder: Holder, permissions: Iterable<string>, scope: Scope): string | undefined {
    const ability = this.potentialAbility(holder);
    for (const permission of permissions) if (!canOn(ability, permission, scope)) return permission;
    return undefined;
  }

  /** Throws 403 `code` naming the first permission the role can grant that the caller lacks over `scope`. */
  assertHolds(
    holder: Holder,
    role: RoleGrantSource,
    scope: Scope,
    code: 'PERMISSION_NOT_HELD' | 'USER_OUTRANKS_CALLER' = 'PERMISSION_NOT_HELD',
  ): void {
    const permission = this.lacking(holder, role, scope);
    if (permission) throw new DomainError(code, 403, { permission });
  }

  /** A context without its stored roles (a seeder's) holds exactly the grants it was given. */
  private potentialAbility(holder: Holder): AppAbility {
    if (!holder.heldRoles) return holder.ability;
    let ability = this.potential.get(holder);
    if (!ability) {
      ability = buildAbility(
        holder.heldRoles.map((held) => ({
          unitId: held.unitId,
          level: held.level,
          permissions: this.registry.potentialPermissions({
            key: held.roleKey,
            system: held.system,
            permissions: held.permissions,
          }),
        })),
      );
      this.potential.set(holder, ability);
    }
    return ability;
  }
}
