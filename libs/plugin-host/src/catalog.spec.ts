import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
import { Authenticated, PlatformOperatorOnly, Public, RequirePermission } from '@tongxin/context';
import { IsInt } from 'class-validator';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  defineEvent,
  definePlugin,
  definePluginErrors,
  on,
  PluginError,
  SDK_VERSION,
  type PluginManifest,
} from '@tongxin/plugin-sdk';
import probe from '../../../tests/fixtures/plugins/probe/src/index';
import { PluginCatalog, validateManifest, type PluginProblem } from './catalog';
import { givenPlugin, type DiscoveredPlugin } from './discovery';

/** A minimal manifest that passes every check; each case spoils one field. */
const valid = (overrides: Partial<PluginManifest> = {}): PluginManifest =>
  definePlugin({
    id: 'sample',
    version: '1.0.0',
    names: { 'zh-CN': '示例', en: 'Sample' },
    sdk: '^1.0.0',
    permissions: [{ key: 'item.read', names: { 'zh-CN': '查看', en: 'Read' }, defaultGrants: ['street_staff'] }],
    ...overrides,
  });

/** A table whose name does not start with the plugin's prefix. */
@Entity('unprefixed_items')
class UnprefixedItem {
  @PrimaryColumn('uuid') id!: string;
  @Column('varchar') label!: string;
}

/** Prefixed correctly for plugin `org`, but the core owns the table. */
@Entity('org_units_shadow')
class ShadowItem {
  @PrimaryColumn('uuid') id!: string;
}

/** Settings whose own defaults fail their validation. */
class BadDefaults {
  @IsInt() limit: unknown = 'ten';
}

/** A controller that would sit on the core's own `/api/v1/plugins/{id}/enable`. */
@Controller('enable')
class EnableController {}

/** A controller mounted at an absolute path. */
@Controller('api/v1/elsewhere')
class AbsoluteController {}

/** A valid public controller: no access declaration, the host opens it for the tenant in the path. */
@Controller('requests')
class OpenRequestsController {
  @Get()
  list() {
    return [];
  }
}

/** Public routes declaring what only a signed-in caller could satisfy, or the core's own openings. */
@Controller('requests')
class MisdeclaredPublicController {
  @Get()
  @RequirePermission('plugin:sample.item.read')
  list() {
    return [];
  }

  @Get('mine')
  @Authenticated()
  mine() {
    return [];
  }

  @Post()
  @Public()
  create() {
    return {};
  }

  @Post('admin')
  @PlatformOperatorOnly()
  admin() {
    return {};
  }
}

/** Public routes on the core's sub-paths, an absolute path, or the host's own :tenant parameter. */
@Controller()
class BadPathsPublicController {
  @Get('settings')
  settings() {
    return {};
  }

  @Get(':tenant/items')
  items() {
    return [];
  }
}

const fields = (problems: PluginProblem[]) => problems.map((p) => p.field);

/** The catalogue of these manifests as the server would build it (no core tables unless given). */
const catalogOf = (plugins: (PluginManifest | DiscoveredPlugin)[], coreTables: string[] = []) =>
  new PluginCatalog(
    plugins.map((p) => ('spec' in p ? p : givenPlugin(p))),
    coreTables,
  );

describe('validateManifest: what a vendor is told about a wrong manifest', () => {
  it('finds nothing wrong with a valid manifest, the probe fixture included', () => {
    expect(validateManifest(valid(), SDK_VERSION)).toEqual([]);
    expect(validateManifest(probe, SDK_VERSION)).toEqual([]);
  });

  it.each([
    ['uppercase and underscores', 'Bad_Id'],
    ['too short', 'ab'],
    ['starting with a digit', '1probe'],
    ['ending with a hyphen', 'probe-'],
  ])('refuses an id %s', (_why, id) => {
    const problems = validateManifest(valid({ id }), SDK_VERSION);
    expect(problems).toContainEqual({ field: 'id', message: expect.stringContaining('lowercase') });
  });

  it('refuses ids the core uses itself', () => {
    expect(validateManifest(valid({ id: 'platform' }), SDK_VERSION)).toContainEqual({
      field: 'id',
      message: expect.stringContaining('reserved'),
    });
  });

  it.each(['1.0', 'v-one', ''])('refuses version %p, which is not semver', (version) => {
    expect(fields(validateManifest(valid({ version }), SDK_VERSION))).toEqual(['version']);
  });

  it('refuses an SDK range this core does not satisfy, naming both versions', () => {
    const problems = validateManifest(valid({ sdk: '^2.0.0' }), '1.0.0');
    expect(problems).toEqual([{ field: 'sdk', message: expect.stringContaining('^2.0.0') }]);
    expect(problems[0]!.message).toContain('1.0.0');
    expect(fields(validateManifest(valid({ sdk: 'whatever' }), '1.0.0'))).toEqual(['sdk']);
    expect(validateManifest(valid({ sdk: '^1.0.0' }), '1.4.2')).toEqual([]);
  });

  it('needs names in both languages', () => {
    const missing = valid();
    delete (missing as Partial<PluginManifest>).names;
    expect(fields(validateManifest(missing, SDK_VERSION))).toEqual(['names']);
    expect(fields(validateManifest(valid({ names: { 'zh-CN': '示例', en: '' } }), SDK_VERSION))).toEqual(['names']);
    const noEnglishPermission = valid({
      permissions: [{ key: 'item.read', names: { 'zh-CN': '查看' } as PluginManifest['names'] }],
    });
    expect(fields(validateManifest(noEnglishPermission, SDK_VERSION))).toEqual(['permissions[0].names']);
  });

  it('needs every table to start with the plugin id (hyphens as underscores)', () => {
    const problems = validateManifest(valid({ id: 'my-plugin', entities: [UnprefixedItem] }), SDK_VERSION);
    expect(problems).toEqual([{ field: 'entities', message: expect.stringContaining('my_plugin_') }]);
    expect(problems[0]!.message).toContain('unprefixed_items');
  });

  it('refuses a controller on a path the core reserves, or an absolute one', () => {
    const problems = validateManifest(valid({ controllers: [EnableController, AbsoluteController] }), SDK_VERSION);
    expect(problems).toEqual([
      { field: 'controllers[0]', message: expect.stringContaining('reserved') },
      { field: 'controllers[1]', message: expect.stringContaining('relative') },
    ]);
  });

  it('accepts a public controller, and refuses one on a reserved, absolute or :tenant path', () => {
    expect(validateManifest(valid({ publicControllers: [OpenRequestsController] }), SDK_VERSION)).toEqual([]);
    const problems = validateManifest(
      valid({ publicControllers: [BadPathsPublicController, EnableController, AbsoluteController] }),
      SDK_VERSION,
    );
    expect(problems).toEqual([
      { field: 'publicControllers[0].settings', message: expect.stringContaining('reserved under /api/v1/public/') },
      { field: 'publicControllers[0].items', message: expect.stringContaining(':tenant') },
      { field: 'publicControllers[1]', message: expect.stringContaining('reserved') },
      { field: 'publicControllers[2]', message: expect.stringContaining('relative') },
    ]);
  });

  it('refuses permissions, @Authenticated, @Public and @PlatformOperatorOnly on public routes', () => {
    expect(validateManifest(valid({ publicControllers: [MisdeclaredPublicController] }), SDK_VERSION)).toEqual([
      { field: 'publicControllers[0].list', message: expect.stringContaining('could never be met') },
      { field: 'publicControllers[0].mine', message: expect.stringContaining('could never be met') },
      { field: 'publicControllers[0].create', message: expect.stringContaining('never @Public') },
      { field: 'publicControllers[0].admin', message: expect.stringContaining('never @Public') },
    ]);
    // And the core's openings stay refused on ordinary plugin routes.
    expect(fields(validateManifest(valid({ controllers: [MisdeclaredPublicController] }), SDK_VERSION))).toEqual([
      'controllers[0].create',
      'controllers[0].admin',
    ]);
  });

  it('refuses a controller listed both as public and not', () => {
    const problems = validateManifest(
      valid({ controllers: [OpenRequestsController], publicControllers: [OpenRequestsController] }),
      SDK_VERSION,
    );
    expect(problems).toEqual([
      { field: 'publicControllers[0]', message: expect.stringContaining('also in controllers') },
    ]);
  });

  it('refuses default grants to a role that is not a system role', () => {
    const problems = validateManifest(
      valid({
        permissions: [
          { key: 'item.read', names: { 'zh-CN': '查看', en: 'Read' }, defaultGrants: ['community_staff', 'mayor'] },
        ],
      }),
      SDK_VERSION,
    );
    expect(problems).toEqual([{ field: 'permissions[0].defaultGrants', message: expect.stringContaining('mayor') }]);
  });

  it('refuses an indicator guarded by a permission the plugin does not declare', () => {
    const problems = validateManifest(
      valid({
        indicators: [
          {
            key: 'items',
            names: { 'zh-CN': '数量', en: 'Items' },
            unit: 'count',
            permission: 'item.count',
            compute: () => Promise.resolve(0),
          },
        ],
      }),
      SDK_VERSION,
    );
    expect(problems).toEqual([{ field: 'indicators[0].permission', message: expect.stringContaining('item.count') }]);
  });

  it('refuses a role granting a permission the plugin does not declare, and duplicate keys', () => {
    const problems = validateManifest(
      valid({
        permissions: [
          { key: 'item.read', names: { 'zh-CN': '查看', en: 'Read' } },
          { key: 'item.read', names: { 'zh-CN': '查看', en: 'Read' } },
        ],
        roles: [{ key: 'keeper', names: { 'zh-CN': '管理员', en: 'Keeper' }, permissions: ['item.write'] }],
      }),
      SDK_VERSION,
    );
    expect(problems).toEqual([
      { field: 'permissions', message: expect.stringContaining('item.read') },
      { field: 'roles[0].permissions', message: expect.stringContaining('item.write') },
    ]);
  });

  it('refuses an error code without the plugin id as its prefix, typed or not, and a status that is no client error', () => {
    const problems = validateManifest(
      valid({
        id: 'volunteer-points',
        errors: {
          HOURS_NOT_POSITIVE: { 'zh-CN': '服务时长必须大于 0', en: 'Hours must be more than 0' },
          ...definePluginErrors('POINTS', { OUT_OF_STOCK: { status: 409, 'zh-CN': '库存不足', en: 'Out of stock' } }),
          ...definePluginErrors('VOLUNTEER_POINTS', {
            BROKEN: { status: 500 as 409, 'zh-CN': '出错了', en: 'Broken' },
            FINE: { status: 409, 'zh-CN': '可以', en: '' },
          }),
        },
      }),
      SDK_VERSION,
    );
    expect(problems).toEqual([
      {
        field: 'errors.HOURS_NOT_POSITIVE',
        message: expect.stringContaining('"HOURS_NOT_POSITIVE" must start with "VOLUNTEER_POINTS_"'),
      },
      {
        field: 'errors.OUT_OF_STOCK',
        message: expect.stringContaining('"POINTS_OUT_OF_STOCK" must start with "VOLUNTEER_POINTS_"'),
      },
      { field: 'errors.BROKEN', message: expect.stringContaining('status 500 is not one of 400') },
      { field: 'errors.FINE', message: 'needs non-empty "zh-CN" and "en" texts' },
    ]);
  });

  it('accepts typed errors under the prefix, whose factories carry code, status and params', () => {
    const errors = definePluginErrors('SAMPLE', {
      ITEM_TAKEN: { status: 409, 'zh-CN': '“{name}”已存在', en: '"{name}" exists already' },
    });
    expect(validateManifest(valid({ errors }), SDK_VERSION)).toEqual([]);
    const refusal = errors.ITEM_TAKEN({ name: '甲' });
    expect(refusal).toBeInstanceOf(PluginError);
    expect([refusal.code, refusal.status, refusal.params]).toEqual(['SAMPLE_ITEM_TAKEN', 409, { name: '甲' }]);
    expect(errors.ITEM_TAKEN.is(refusal)).toBe(true);
  });

  it('needs every notification text in both languages, with the same placeholders', () => {
    const problems = validateManifest(
      valid({
        notifications: {
          'item-due': { title: { 'zh-CN': '即将到期：{number}', en: 'Due soon: {number}' } },
          'item-late': { title: { 'zh-CN': '已超期：{number}' } as never },
          'item-moved': {
            title: { 'zh-CN': '已移交', en: 'Moved' },
            body: { 'zh-CN': '移交给{unit}', en: 'Moved to {target}' },
          },
          Bad_Kind: { title: { 'zh-CN': '甲', en: 'A' } },
        },
      }),
      SDK_VERSION,
    );
    expect(problems).toEqual([
      { field: 'notifications.item-late.title', message: 'needs non-empty "zh-CN" and "en" texts' },
      { field: 'notifications.item-moved.body', message: '"zh-CN" and "en" must use the same {placeholders}' },
      { field: 'notifications.Bad_Kind', message: 'kinds are lowercase letters, digits, hyphens' },
    ]);
  });

  it('refuses a published event token naming another plugin', () => {
    class Payload {}
    const problems = validateManifest(
      valid({ events: { publishes: [defineEvent('other.thing-done', 1, Payload)] } }),
      SDK_VERSION,
    );
    expect(problems).toEqual([{ field: 'events.publishes[0]', message: expect.stringContaining('"other"') }]);
  });

  it('refuses settings whose defaults do not validate', () => {
    const problems = validateManifest(valid({ settings: BadDefaults }), SDK_VERSION);
    expect(problems).toEqual([{ field: 'settings', message: expect.stringContaining('limit') }]);
  });
});

describe('PluginCatalog: which plugins install and which are quarantined', () => {
  const base = valid({ id: 'base', version: '1.2.0' });

  it('installs valid plugins with their dependencies first', () => {
    const top = valid({ id: 'top', dependsOn: { middle: '^1.0.0' } });
    const middle = valid({ id: 'middle', dependsOn: { base: '^1.0.0' } });
    const catalog = catalogOf([top, middle, base]);
    expect(catalog.entries.map((e) => [e.id, e.state, e.problems])).toEqual([
      ['base', 'installed', []],
      ['middle', 'installed', []],
      ['top', 'installed', []],
    ]);
    expect(catalog.installed().map((m) => m.id)).toEqual(['base', 'middle', 'top']);
    expect(catalog.dependents('base').map((m) => m.id)).toEqual(['middle']);
    expect(catalog.manifest('top')).toBe(top);
  });

  it('quarantines an invalid plugin but still lists it, with its problems, without failing the others', () => {
    const broken = valid({ id: 'broken', sdk: '^2.0.0' });
    const catalog = catalogOf([broken, base]);
    expect(catalog.get('broken')).toEqual(
      expect.objectContaining({ state: 'quarantined', problems: [expect.objectContaining({ field: 'sdk' })] }),
    );
    expect(catalog.manifest('broken')).toBeUndefined();
    expect(catalog.installed().map((m) => m.id)).toEqual(['base']);
  });

  it('shows a plugin whose entry exports nothing as quarantined, by its spec', () => {
    const catalog = catalogOf([
      { source: 'third-party', spec: '@vendor/empty', dir: null, manifest: undefined },
      { source: 'third-party', spec: '@vendor/crashes', dir: null, manifest: undefined, loadError: 'boom' },
    ]);
    expect(catalog.entries.map((e) => [e.id, e.state, fields(e.problems)])).toEqual([
      ['@vendor/empty', 'quarantined', ['entry']],
      ['@vendor/crashes', 'quarantined', ['entry']],
    ]);
    expect(catalog.get('@vendor/crashes')!.problems[0]!.message).toBe('boom');
  });

  it('quarantines both plugins claiming the same id, naming the other', () => {
    const a = valid({ id: 'twin', names: { 'zh-CN': '甲', en: 'A' } });
    const b = valid({ id: 'twin', names: { 'zh-CN': '乙', en: 'B' } });
    const catalog = catalogOf([
      { source: 'third-party', spec: '@vendor-a/twin', dir: null, manifest: a },
      { source: 'third-party', spec: '@vendor-b/twin', dir: null, manifest: b },
      base,
    ]);
    const twins = catalog.entries.filter((e) => e.id === 'twin');
    expect(twins.map((e) => e.state)).toEqual(['quarantined', 'quarantined']);
    expect(twins[0]!.problems).toEqual([{ field: 'id', message: expect.stringContaining('@vendor-b/twin') }]);
    expect(twins[1]!.problems).toEqual([{ field: 'id', message: expect.stringContaining('@vendor-a/twin') }]);
    expect(catalog.installed().map((m) => m.id)).toEqual(['base']);
  });

  it('quarantines two plugins declaring the same error code, and one reusing a core code', () => {
    const names = { 'zh-CN': '库存不足', en: 'Out of stock' };
    // `shop`'s prefix SHOP_ also covers shop-a's SHOP_A_: the one clash the prefix rule leaves possible.
    const catalog = catalogOf([
      valid({ id: 'shop-a', errors: { SHOP_A_OUT_OF_STOCK: names } }),
      valid({ id: 'shop', errors: definePluginErrors('SHOP', { A_OUT_OF_STOCK: { status: 409, ...names } }) }),
      valid({ id: 'shop-c', errors: { NOT_FOUND: names } }),
      valid({ id: 'shop-d', errors: { SHOP_D_CLOSED: names } }),
    ]);
    expect(catalog.get('shop-a')!.problems).toEqual([
      { field: 'errors', message: 'error code "SHOP_A_OUT_OF_STOCK" clashes with shop' },
    ]);
    expect(catalog.get('shop')!.state).toBe('quarantined');
    expect(catalog.get('shop-c')!.problems).toEqual([
      { field: 'errors.NOT_FOUND', message: '"NOT_FOUND" is the core\'s error code' },
    ]);
    expect(catalog.installed().map((m) => m.id)).toEqual(['shop-d']);
  });

  it('quarantines a subscription to an event no installed plugin declares, naming the event', () => {
    class DoneV1 {}
    const Done = defineEvent('shop.order-done', 1, DoneV1);
    const handle = async () => {};
    const catalog = catalogOf([
      valid({ id: 'shop', events: { publishes: [Done] } }),
      valid({ id: 'typed', events: { subscribes: [on(Done, handle)] } }),
      valid({ id: 'typo', events: { subscribes: [{ event: 'shop.order-dnoe', version: 1, handle }] } }),
      valid({ id: 'stale', events: { subscribes: [on(defineEvent('shop.order-done', 2, DoneV1), handle)] } }),
      valid({ id: 'ghostly', events: { subscribes: [on(defineEvent('ghost.boo', 1, DoneV1), handle)] } }),
      valid({ id: 'corey', events: { subscribes: [{ event: 'core.user-created', version: 1, handle }] } }),
      valid({
        id: 'lenient',
        events: { subscribes: [on(defineEvent('ghost.boo', 1, DoneV1), handle, { optional: true })] },
      }),
      valid({
        id: 'strict',
        events: { subscribes: [on(defineEvent('shop.order-lost', 1, DoneV1), handle, { optional: true })] },
      }),
    ]);
    expect(catalog.installed().map((m) => m.id)).toEqual(['shop', 'typed', 'lenient']);
    expect(catalog.get('typo')!.problems).toEqual([
      { field: 'events.subscribes[0]', message: 'subscribes to "shop.order-dnoe" v1, which "shop" does not declare' },
    ]);
    expect(catalog.get('stale')!.problems[0]!.message).toContain('"shop.order-done" v2');
    expect(catalog.get('ghostly')!.problems).toEqual([
      {
        field: 'events.subscribes[0]',
        message: 'subscribes to "ghost.boo" v1, which no installed plugin declares (nor the core)',
      },
    ]);
    expect(catalog.get('corey')!.state).toBe('quarantined');
    // Optional excuses an absent publisher, never an installed one that does not declare the event.
    expect(catalog.get('strict')!.problems[0]!.message).toContain('"shop" does not declare');
  });

  it("quarantines a plugin mapping an entity to one of the core's tables", () => {
    const catalog = catalogOf([valid({ id: 'org', entities: [ShadowItem] })], ['org_units_shadow', 'users']);
    expect(catalog.get('org')).toEqual(
      expect.objectContaining({
        state: 'quarantined',
        problems: [{ field: 'entities', message: expect.stringContaining('org_units_shadow') }],
      }),
    );
  });

  it('quarantines a plugin whose dependency is missing', () => {
    const catalog = catalogOf([valid({ id: 'needy', dependsOn: { ghost: '^1.0.0' } })]);
    expect(catalog.get('needy')).toEqual(
      expect.objectContaining({
        state: 'quarantined',
        problems: [{ field: 'dependsOn.ghost', message: expect.stringContaining('not installed') }],
      }),
    );
    expect(catalog.installed()).toEqual([]);
  });

  it('quarantines a plugin whose dependency is out of range, naming both versions', () => {
    const catalog = catalogOf([valid({ id: 'needy', dependsOn: { base: '^2.0.0' } }), base]);
    const problems = catalog.get('needy')!.problems;
    expect(problems).toEqual([{ field: 'dependsOn.base', message: expect.stringContaining('^2.0.0') }]);
    expect(problems[0]!.message).toContain('1.2.0');
    expect(catalog.installed().map((m) => m.id)).toEqual(['base']);
  });

  it('spreads quarantine to plugins depending on a quarantined one', () => {
    const broken = valid({ id: 'broken', version: 'nope' });
    const user = valid({ id: 'user-of-broken', dependsOn: { broken: '*' } });
    const userOfUser = valid({ id: 'third', dependsOn: { 'user-of-broken': '*' } });
    const catalog = catalogOf([userOfUser, user, broken]);
    expect(catalog.entries.every((e) => e.state === 'quarantined')).toBe(true);
    expect(catalog.get('user-of-broken')!.problems).toEqual([
      { field: 'dependsOn.broken', message: expect.stringContaining('quarantined') },
    ]);
    expect(catalog.get('third')!.problems).toEqual([
      { field: 'dependsOn.user-of-broken', message: expect.stringContaining('quarantined') },
    ]);
  });

  it('quarantines every plugin in a dependency cycle, and what depends on it', () => {
    const a = valid({ id: 'alpha', dependsOn: { beta: '^1.0.0' } });
    const b = valid({ id: 'beta', dependsOn: { alpha: '^1.0.0' } });
    const c = valid({ id: 'gamma', dependsOn: { alpha: '^1.0.0' } });
    const catalog = catalogOf([a, b, c, base]);
    for (const id of ['alpha', 'beta', 'gamma']) {
      const entry = catalog.get(id)!;
      expect(entry.state).toBe('quarantined');
      expect(entry.problems).toContainEqual({
        field: expect.stringMatching(/^dependsOn\./),
        message: expect.stringContaining('cycle'),
      });
    }
    expect(catalog.installed().map((m) => m.id)).toEqual(['base']);
  });

  it.each([
    ['permissions', { permissions: {} }],
    ['controllers', { controllers: {} }],
    ['publicControllers', { publicControllers: {} }],
    ['entities', { entities: 5 }],
    ['roles', { roles: 'observer' }],
  ])('quarantines a manifest whose %s is not a list instead of failing the boot', (field, spoilt) => {
    const manifest = { ...valid({ id: 'untyped' }), ...spoilt } as unknown as PluginManifest;
    const catalog = catalogOf([manifest, base]);
    expect(catalog.get('untyped')).toEqual(
      expect.objectContaining({ state: 'quarantined', problems: [{ field, message: 'must be an array' }] }),
    );
    expect(catalog.installed().map((m) => m.id)).toEqual(['base']);
  });

  it('quarantines a manifest that cannot be walked at all, with the reason', () => {
    const manifest = { ...valid({ id: 'holey' }), permissions: [null] } as unknown as PluginManifest;
    const catalog = catalogOf([manifest, base]);
    expect(catalog.get('holey')).toEqual(
      expect.objectContaining({
        state: 'quarantined',
        problems: [{ field: 'manifest', message: expect.stringContaining('cannot be validated') }],
      }),
    );
    expect(catalog.installed().map((m) => m.id)).toEqual(['base']);
  });

  it('refuses a plugin depending on itself', () => {
    const catalog = catalogOf([valid({ id: 'selfish', dependsOn: { selfish: '^1.0.0' } })]);
    expect(catalog.get('selfish')).toEqual(
      expect.objectContaining({
        state: 'quarantined',
        problems: [{ field: 'dependsOn.selfish', message: expect.stringContaining('itself') }],
      }),
    );
  });
});
