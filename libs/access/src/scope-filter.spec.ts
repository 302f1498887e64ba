import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import type { AppAbility } from '@tongxin/context';
import { buildAbility, canOn, canSomewhere } from './ability.factory';
import { scopeBranches, scopeFilter } from './scope-filter';

const STREET = '01939d7c-0000-7000-8000-000000000002';
const COMMUNITY = '01939d7c-0000-7000-8000-000000000003';
const OTHER_COMMUNITY = '01939d7c-0000-7000-8000-000000000004';

const abilityWith = (define: (can: AbilityBuilder<AppAbility>['can']) => void): AppAbility => {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  define(builder.can);
  return builder.build();
};

describe('scopeFilter: what a list endpoint may return, as SQL', () => {
  it('turns each assignment into an equality on the scope column of its level, OR-ed together', () => {
    const ability = buildAbility([
      { permissions: ['org.read'], unitId: STREET, level: 2 },
      { permissions: ['org.read', 'user.read'], unitId: COMMUNITY, level: 3 },
      { permissions: ['org.read'], unitId: OTHER_COMMUNITY, level: 3 },
    ]);
    const filter = scopeFilter(ability, 'org.read', 'o');
    expect(filter.sql).toBe('(o.street_id IN (:...scope_o_streetId) OR o.community_id IN (:...scope_o_communityId))');
    expect(filter.params).toEqual({ scope_o_streetId: [STREET], scope_o_communityId: [COMMUNITY, OTHER_COMMUNITY] });
  });

  it('splits the same scope into one indexed equality per unit, for lists that merge ordered scans', () => {
    const ability = buildAbility([
      { permissions: ['org.read'], unitId: STREET, level: 2 },
      { permissions: ['org.read'], unitId: OTHER_COMMUNITY, level: 3 },
      { permissions: ['org.read'], unitId: COMMUNITY, level: 3 },
    ]);
    expect(scopeBranches(ability, 'org.read', 'o')).toEqual([
      { sql: 'o.street_id = :scope_o_streetId_0', params: { scope_o_streetId_0: STREET } },
      { sql: 'o.community_id = :scope_o_communityId_0', params: { scope_o_communityId_0: COMMUNITY } },
      { sql: 'o.community_id = :scope_o_communityId_1', params: { scope_o_communityId_1: OTHER_COMMUNITY } },
    ]);
    expect(scopeBranches(ability, 'user.read', 'o')).toEqual([]);
  });

  it('returns nothing at all for a permission the caller holds nowhere', () => {
    const ability = buildAbility([{ permissions: ['org.read'], unitId: STREET, level: 2 }]);
    expect(scopeFilter(ability, 'user.read', 'u')).toEqual({ sql: 'FALSE', params: {} });
  });

  it('refuses rules it cannot translate rather than widening the query', () => {
    const unconditional = abilityWith((can) => can('read', 'org'));
    expect(() => scopeFilter(unconditional, 'org.read', 'o')).toThrow(/exactly one condition/);
    const notScope = abilityWith((can) => can('read', 'org', { name: 'x' } as never));
    expect(() => scopeFilter(notScope, 'org.read', 'o')).toThrow(/not a scope column/);
    const operator = abilityWith((can) => can('read', 'org', { streetId: { $ne: STREET } } as never));
    expect(() => scopeFilter(operator, 'org.read', 'o')).toThrow(/unsupported scope condition/);
    const injection = abilityWith((can) => can('read', 'org', { streetId: "x' OR '1'='1" } as never));
    expect(() => scopeFilter(injection, 'org.read', 'o')).toThrow(/unsupported scope condition/);
  });
});

describe('canOn / canSomewhere: single rows and routes', () => {
  const ability = buildAbility([{ permissions: ['org.write'], unitId: COMMUNITY, level: 3 }]);
  const row = (communityId: string) => ({
    districtId: 'd',
    streetId: STREET,
    communityId,
    gridId: null,
    groupId: null,
  });

  it('grants a permission on rows inside the assigned subtree only', () => {
    expect(canOn(ability, 'org.write', row(COMMUNITY))).toBe(true);
    expect(canOn(ability, 'org.write', row(OTHER_COMMUNITY))).toBe(false);
    expect(canOn(ability, 'org.read', row(COMMUNITY))).toBe(false);
  });

  it('lets a route through when the permission is held anywhere', () => {
    expect(canSomewhere(ability, 'org.write')).toBe(true);
    expect(canSomewhere(ability, 'audit.read')).toBe(false);
  });
});
