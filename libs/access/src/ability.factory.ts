import { AbilityBuilder, createMongoAbility, subject as asSubject } from '@casl/ability';
import type { AppAbility, ScopeGrant } from '@tongxin/context';
import { scopeColumnOfLevel, type Scope } from '@tongxin/database';
import { splitPermission } from './permission-registry';

/**
 * One CASL rule per (permission, assignment): `can(action, subject, { <level>Id: unitId })`,
 * i.e. the permission holds on rows whose scope column for the assignment's level names that unit.
 */
export function buildAbility(grants: ScopeGrant[]): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const grant of grants) {
    const column = scopeColumnOfLevel(grant.level);
    for (const permission of grant.permissions) {
      const { subject, action } = splitPermission(permission);
      // Conditions are only ever one scope column equal to one unit id (see scope-filter.ts).
      can(action, subject, { [column]: grant.unitId } as never);
    }
  }
  return build();
}

/** Does the ability grant `permission` on a row with this scope? */
export function canOn(ability: AppAbility, permission: string, scope: Scope): boolean {
  const { subject, action } = splitPermission(permission);
  return ability.can(action, asSubject(subject, { ...scope }) as unknown as string);
}

/** Does the ability grant `permission` anywhere at all (the route-level check)? */
export function canSomewhere(ability: AppAbility, permission: string): boolean {
  const { subject, action } = splitPermission(permission);
  return ability.can(action, subject);
}
