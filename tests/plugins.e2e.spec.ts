import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@tongxin/config';
import { definePlugin } from '@tongxin/plugin-sdk';
import { AppModule } from '../apps/api/src/app.module';
import { buildOpenApi } from '../apps/api/src/create-app';
import probe from './fixtures/plugins/probe/src/index';
import { OwnerDb } from './support/owner-db';
import {
  bearer,
  buildDistrict,
  createStaff,
  createUnit,
  enablePlugin,
  operatorToken,
  provisionTenant,
  startTestApp,
  testCatalog,
  TEST_JWT_SECRET,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError, expectStatus } from './support/expect';

type District = Awaited<ReturnType<typeof buildDistrict>>;

interface PluginView {
  id: string;
  version: string | null;
  name: string;
  nameZh: string;
  nameEn: string;
  source: string;
  state: 'enabled' | 'disabled' | 'quarantined';
  dependsOn: Record<string, string>;
  settings: Record<string, unknown>;
  permissions: string[];
  problems: { field: string; message: string }[];
  enabledAt: string | null;
}

interface ProbeRecordView {
  id: string;
  origin: string;
  label: string;
  unitId: string;
}

interface RoleView {
  id: string;
  key: string;
  name: string;
  system: boolean;
  permissions: string[];
}

interface NotificationView {
  id: string;
  kind: string;
  pluginId: string | null;
  title: string;
  read: boolean;
  readAt: string | null;
}

/** Needs the probe enabled first. */
const probeExtra = definePlugin({
  id: 'probe-extra',
  version: '1.0.0',
  names: { 'zh-CN': '探针扩展', en: 'Probe extra' },
  sdk: '^1.0.0',
  dependsOn: { probe: '^1.0.0' },
});

/** Written against an SDK this core does not implement: quarantined at boot. */
const futureSdk = definePlugin({
  id: 'future-sdk',
  version: '1.0.0',
  names: { 'zh-CN': '未来插件', en: 'Future plugin' },
  sdk: '^2.0.0',
});

const CJK = /[\u4e00-\u9fff]/;
const HOUR = 3600 * 1000;

describe('plugins: switched on and off per district at run time', () => {
  let t: TestApp;
  /** The main district, with streets, communities, grids and staff. */
  let a: TestTenant;
  let d: District;
  /** A district that never enables anything. */
  let b: TestTenant;
  /** A district used for the catalogue and audit checks, starting from nothing enabled. */
  let c: TestTenant;

  const plugins = async (token: string, lang?: string): Promise<PluginView[]> => {
    const req = t.http.get('/api/v1/plugins?limit=200').set(bearer(token));
    if (lang) void req.set('Accept-Language', lang);
    const res = await req;
    expectStatus(res, 200);
    return res.body.items as PluginView[];
  };
  const pluginOf = async (token: string, id: string) => (await plugins(token)).find((p) => p.id === id)!;

  const enable = (token: string, id: string) => t.http.post(`/api/v1/plugins/${id}/enable`).set(bearer(token));
  const disable = (token: string, id: string) => t.http.post(`/api/v1/plugins/${id}/disable`).set(bearer(token));
  const patchSettings = (token: string, id: string, body: unknown, lang?: string) => {
    const req = t.http.patch(`/api/v1/plugins/${id}/settings`).set(bearer(token));
    if (lang) void req.set('Accept-Language', lang);
    return req.send(body as object);
  };

  /** Brings a plugin to the wanted state whatever earlier tests left, through the API. */
  const ensure = async (tenant: TestTenant, id: string, state: 'enabled' | 'disabled') => {
    const current = await pluginOf(tenant.adminToken, id);
    if (current.state === state) return;
    const res = state === 'enabled' ? await enable(tenant.adminToken, id) : await disable(tenant.adminToken, id);
    expectStatus(res, 200);
  };

  const postRecord = (token: string, unitId: string, label: string) =>
    t.http.post('/api/v1/plugins/probe/records').set(bearer(token)).send({ unitId, label });
  const createRecord = async (token: string, unitId: string, label: string): Promise<string> => {
    const res = await postRecord(token, unitId, label);
    expectStatus(res, 201);
    return res.body.id as string;
  };
  const getRecords = (token: string) => t.http.get('/api/v1/plugins/probe/records').set(bearer(token));
  const records = async (token: string): Promise<ProbeRecordView[]> => {
    const res = await getRecords(token);
    expectStatus(res, 200);
    return res.body as ProbeRecordView[];
  };
  const labelsWithPrefix = async (token: string, prefix: string) =>
    (await records(token))
      .map((r) => r.label)
      .filter((l) => l.startsWith(prefix))
      .sort();

  const roles = async (token: string): Promise<RoleView[]> => {
    const res = await t.http.get('/api/v1/roles?limit=200').set(bearer(token));
    expectStatus(res, 200);
    return res.body.items as RoleView[];
  };
  const permissionKeys = async (token: string): Promise<string[]> => {
    const res = await t.http.get('/api/v1/permissions?limit=200').set(bearer(token));
    expectStatus(res, 200);
    return (res.body.items as { key: string }[]).map((p) => p.key);
  };

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [probe, probeExtra, futureSdk] });
    a = await provisionTenant(t, 'plg-a');
    d = await buildDistrict(t, a);
    b = await provisionTenant(t, 'plg-b');
    c = await provisionTenant(t, 'plg-c');
  });
  afterAll(() => t.close());

  describe('catalogue', () => {
    it('lists every plugin: installed ones disabled with default settings, the invalid one quarantined', async () => {
      const list = await plugins(c.adminToken);
      expect(list.map((p) => p.id).sort()).toEqual(['future-sdk', 'probe', 'probe-extra']);
      expect(list.find((p) => p.id === 'probe')).toEqual({
        id: 'probe',
        version: '1.0.0',
        name: '探针',
        nameZh: '探针',
        nameEn: 'Probe',
        source: 'first-party',
        state: 'disabled',
        dependsOn: {},
        settings: { dailyLimit: 10, shout: false },
        permissions: ['plugin:probe.record.write', 'plugin:probe.record.read'],
        problems: [],
        enabledAt: null,
      });
      expect(list.find((p) => p.id === 'probe-extra')).toEqual(
        expect.objectContaining({ state: 'disabled', dependsOn: { probe: '^1.0.0' } }),
      );
      const quarantined = list.find((p) => p.id === 'future-sdk')!;
      expect(quarantined).toEqual(expect.objectContaining({ state: 'quarantined', settings: {}, permissions: [] }));
      expect(quarantined.problems).toEqual([{ field: 'sdk', message: expect.stringContaining('^2.0.0') }]);
      // Names in the caller's language.
      expect((await plugins(c.adminToken, 'en')).find((p) => p.id === 'probe')!.name).toBe('Probe');
    });

    it('shows the plugin enabled, with its effective settings, once a district admin enables it', async () => {
      const res = await enable(c.adminToken, 'probe');
      expectStatus(res, 200);
      expect(res.body).toEqual(
        expect.objectContaining({ id: 'probe', state: 'enabled', settings: { dailyLimit: 10, shout: false } }),
      );
      expect(typeof res.body.enabledAt).toBe('string');
      const listed = await pluginOf(c.adminToken, 'probe');
      expect(listed).toEqual(
        expect.objectContaining({
          state: 'enabled',
          enabledAt: res.body.enabledAt,
          settings: { dailyLimit: 10, shout: false },
        }),
      );
      // Another district is untouched.
      expect((await pluginOf(b.adminToken, 'probe')).state).toBe('disabled');
    });

    it('refuses to enable, disable or configure a quarantined plugin, giving its problems', async () => {
      const res = await enable(c.adminToken, 'future-sdk');
      expectError(res, 409, 'PLUGIN_QUARANTINED');
      expect(res.body.message).toContain('future-sdk');
      expect(res.body.details.problems).toEqual([expect.objectContaining({ field: 'sdk' })]);
      expectError(await disable(c.adminToken, 'future-sdk'), 409, 'PLUGIN_QUARANTINED');
      expectError(await patchSettings(c.adminToken, 'future-sdk', { x: 1 }), 409, 'PLUGIN_QUARANTINED');
      expect((await pluginOf(c.adminToken, 'future-sdk')).state).toBe('quarantined');
    });

    it('answers every route of a quarantined plugin with 409 PLUGIN_QUARANTINED and its problems, in the caller’s language', async () => {
      const zh = await t.http.get('/api/v1/plugins/future-sdk/items').set(bearer(c.adminToken));
      expectError(zh, 409, 'PLUGIN_QUARANTINED');
      expect(zh.body.message).toMatch(CJK);
      expect(zh.body.details.problems).toEqual([expect.objectContaining({ field: 'sdk' })]);
      const en = await t.http
        .post('/api/v1/plugins/future-sdk/items/1')
        .set(bearer(c.adminToken))
        .set('Accept-Language', 'en')
        .send({});
      expectError(en, 409, 'PLUGIN_QUARANTINED');
      expect(en.body.message).toBe(
        'The plugin "future-sdk" failed validation and is quarantined; it cannot be enabled or used',
      );
      // Its public routes too, whatever the tenant; an installed plugin's paths are untouched.
      expectError(await t.http.get(`/api/v1/public/${c.code}/plugins/future-sdk/ping`), 409, 'PLUGIN_QUARANTINED');
      expectError(
        await t.http.get('/api/v1/plugins/no-such-plugin/items').set(bearer(c.adminToken)),
        404,
        'ROUTE_NOT_FOUND',
      );
    });

    it('answers 404 UNKNOWN_PLUGIN for a plugin that does not exist', async () => {
      for (const res of [
        await enable(c.adminToken, 'no-such-plugin'),
        await disable(c.adminToken, 'no-such-plugin'),
        await patchSettings(c.adminToken, 'no-such-plugin', { dailyLimit: 5 }),
      ]) {
        expectError(res, 404, 'UNKNOWN_PLUGIN');
        expect(res.body.message).toContain('no-such-plugin');
      }
    });

    it('lets only district admins switch plugins and change settings', async () => {
      await ensure(a, 'probe', 'disabled');
      // Street staff may look at the catalogue but not change it.
      expect((await plugins(d.streetStaffA.token)).map((p) => p.id)).toContain('probe');
      // Holding plugin.manage below the district is not enough either.
      const managerRole = await t.http
        .post('/api/v1/roles')
        .set(bearer(a.adminToken))
        .send({
          key: 'street_plugin_manager',
          nameZh: '街道插件管理',
          nameEn: 'Street plugin manager',
          permissions: ['plugin.read', 'plugin.manage'],
        });
      expectStatus(managerRole, 201);
      const streetManager = await createStaff(t, a, 'plugin-mgr', 'street_plugin_manager', d.streetA.id);

      for (const token of [d.streetStaffA.token, d.communityStaffA.token, streetManager.token]) {
        expectError(await enable(token, 'probe'), 403, 'FORBIDDEN');
        expectError(await patchSettings(token, 'probe', { dailyLimit: 50 }), 403, 'FORBIDDEN');
      }
      expectError(await t.http.get('/api/v1/plugins').set(bearer(d.gridWorkerA.token)), 403, 'FORBIDDEN');
      const after = await pluginOf(a.adminToken, 'probe');
      expect(after.state).toBe('disabled');
      expect(after.settings).toEqual({ dailyLimit: 10, shout: false });

      await ensure(a, 'probe', 'enabled');
      for (const token of [d.streetStaffA.token, streetManager.token])
        expectError(await disable(token, 'probe'), 403, 'FORBIDDEN');
      expect((await pluginOf(a.adminToken, 'probe')).state).toBe('enabled');
    });

    it('records enabling, disabling and settings changes in the audit trail, by whom', async () => {
      const tenant = await provisionTenant(t, 'plg-aud');
      const audit = async (action: string) => {
        const res = await t.http.get('/api/v1/audit-events').query({ action }).set(bearer(tenant.adminToken));
        expectStatus(res, 200);
        return res.body.items as Record<string, unknown>[];
      };
      const enabled = await enable(tenant.adminToken, 'probe');
      expectStatus(enabled, 200);
      // A refused attempt leaves no trace.
      expectError(await enable(tenant.adminToken, 'probe'), 409, 'PLUGIN_ALREADY_ENABLED');
      expectStatus(await patchSettings(tenant.adminToken, 'probe', { dailyLimit: 30 }), 200);
      expectStatus(await disable(tenant.adminToken, 'probe'), 200);

      expect(await audit('plugin.enable')).toEqual([
        expect.objectContaining({
          actorId: tenant.adminUserId,
          actorType: 'user',
          entity: 'tenant_plugin',
          before: null,
          after: { pluginId: 'probe', enabled: true, version: '1.0.0' },
          requestId: enabled.headers['x-request-id'],
        }),
      ]);
      expect(await audit('plugin.settings')).toEqual([
        expect.objectContaining({
          actorId: tenant.adminUserId,
          before: { pluginId: 'probe', settings: { dailyLimit: 10, shout: false } },
          after: { pluginId: 'probe', settings: { dailyLimit: 30, shout: false } },
        }),
      ]);
      expect(await audit('plugin.disable')).toEqual([
        expect.objectContaining({
          actorId: tenant.adminUserId,
          before: { pluginId: 'probe', enabled: true },
          after: { pluginId: 'probe', enabled: false },
        }),
      ]);
      // Another district's trail holds none of it.
      const other = await t.http
        .get('/api/v1/audit-events')
        .query({ action: 'plugin.settings' })
        .set(bearer(b.adminToken));
      expectStatus(other, 200);
      expect(other.body.items).toEqual([]);
    });
  });

  describe('lifecycle', () => {
    it('refuses repeated switches and keeps dependencies consistent', async () => {
      await ensure(a, 'probe-extra', 'disabled');
      await ensure(a, 'probe', 'disabled');

      const needsProbe = await enable(a.adminToken, 'probe-extra');
      expectError(needsProbe, 409, 'PLUGIN_DEPENDENCY_DISABLED');
      expect(needsProbe.body.details).toEqual({ dependency: 'probe' });
      expect(needsProbe.body.message).toContain('probe');

      expectStatus(await enable(a.adminToken, 'probe'), 200);
      expectError(await enable(a.adminToken, 'probe'), 409, 'PLUGIN_ALREADY_ENABLED');
      const extra = await enable(a.adminToken, 'probe-extra');
      expectStatus(extra, 200);
      expect(extra.body.state).toBe('enabled');

      const inUse = await disable(a.adminToken, 'probe');
      expectError(inUse, 409, 'PLUGIN_IN_USE');
      expect(inUse.body.details).toEqual({ dependent: 'probe-extra' });
      expect(inUse.body.message).toContain('probe-extra');
      expect((await pluginOf(a.adminToken, 'probe')).state).toBe('enabled');

      expectStatus(await disable(a.adminToken, 'probe-extra'), 200);
      expectError(await disable(a.adminToken, 'probe-extra'), 409, 'PLUGIN_ALREADY_DISABLED');
      const off = await disable(a.adminToken, 'probe');
      expectStatus(off, 200);
      expect(off.body).toEqual(expect.objectContaining({ state: 'disabled', enabledAt: null }));
      expectError(await disable(a.adminToken, 'probe'), 409, 'PLUGIN_ALREADY_DISABLED');

      const list = await plugins(a.adminToken);
      expect(list.filter((p) => p.id.startsWith('probe')).map((p) => [p.id, p.state])).toEqual([
        ['probe', 'disabled'],
        ['probe-extra', 'disabled'],
      ]);
    });

    it("hides a disabled plugin's routes, keeps its data, and brings it back on enable without a restart", async () => {
      await ensure(a, 'probe', 'enabled');
      const kept1 = await createRecord(a.adminToken, d.communityA.id, 'kept-1');
      const kept2 = await createRecord(d.communityStaffA.token, d.gridA.id, 'kept-2');
      expect(await labelsWithPrefix(a.adminToken, 'kept-')).toEqual(['kept-1', 'kept-2']);

      expectStatus(await disable(a.adminToken, 'probe'), 200);
      // The same tokens, the same server: the routes are gone for everyone, permitted or not.
      for (const token of [a.adminToken, d.communityStaffA.token, d.gridWorkerA.token]) {
        const list = await getRecords(token);
        expectError(list, 404, 'PLUGIN_DISABLED');
        expect(list.body.message).toContain('probe');
        expectError(await postRecord(token, d.communityA.id, 'while-off'), 404, 'PLUGIN_DISABLED');
      }

      expectStatus(await enable(a.adminToken, 'probe'), 200);
      const back = await records(a.adminToken);
      expect(back.filter((r) => r.label.startsWith('kept-'))).toEqual([
        { id: kept1, origin: 'request', label: 'kept-1', unitId: d.communityA.id },
        { id: kept2, origin: 'request', label: 'kept-2', unitId: d.gridA.id },
      ]);
      expect(back.some((r) => r.label === 'while-off')).toBe(false);
      // The seed hook runs on every enable but is idempotent: one seed row, at the district.
      expect(back.filter((r) => r.origin === 'seed')).toEqual([
        expect.objectContaining({ label: 'seed', unitId: a.rootUnitId }),
      ]);
    });

    it('leaves other districts alone: never enabled there means 404 there', async () => {
      await ensure(a, 'probe', 'enabled');
      expectStatus(await getRecords(a.adminToken), 200);

      const list = await getRecords(b.adminToken);
      expectError(list, 404, 'PLUGIN_DISABLED');
      expectError(await postRecord(b.adminToken, b.rootUnitId, 'b-1'), 404, 'PLUGIN_DISABLED');
      expect((await pluginOf(b.adminToken, 'probe')).state).toBe('disabled');

      // A district that enabled it on its own sees only its own rows.
      await ensure(c, 'probe', 'enabled');
      const own = await records(c.adminToken);
      expect(own).toEqual([{ id: expect.any(String), origin: 'seed', label: 'seed', unitId: c.rootUnitId }]);
    });
  });

  describe('settings', () => {
    it('applies a valid change, shown in the catalogue and to the plugin itself, and keeps it across disable', async () => {
      await ensure(a, 'probe', 'enabled');
      const first = await patchSettings(a.adminToken, 'probe', { dailyLimit: 25 });
      expectStatus(first, 200);
      expect(first.body.settings).toEqual({ dailyLimit: 25, shout: false });
      // Only the keys sent change.
      const second = await patchSettings(a.adminToken, 'probe', { shout: true });
      expectStatus(second, 200);
      expect(second.body.settings).toEqual({ dailyLimit: 25, shout: true });
      expect((await pluginOf(a.adminToken, 'probe')).settings).toEqual({ dailyLimit: 25, shout: true });

      const created = await postRecord(a.adminToken, d.communityA.id, 'with-settings');
      expectStatus(created, 201);
      expect(created.body.settings).toEqual({ dailyLimit: 25, shout: true });

      expectStatus(await disable(a.adminToken, 'probe'), 200);
      expect((await pluginOf(a.adminToken, 'probe')).settings).toEqual({ dailyLimit: 25, shout: true });
      expectStatus(await enable(a.adminToken, 'probe'), 200);
      const again = await postRecord(a.adminToken, d.communityA.id, 'with-settings-2');
      expectStatus(again, 201);
      expect(again.body.settings).toEqual({ dailyLimit: 25, shout: true });
    });

    it('refuses unknown keys and invalid values, naming the field, and changes nothing', async () => {
      await ensure(a, 'probe', 'enabled');
      expectStatus(await patchSettings(a.adminToken, 'probe', { dailyLimit: 40, shout: false }), 200);

      const unknown = await patchSettings(a.adminToken, 'probe', { colour: 'red' });
      expectError(unknown, 400, 'UNKNOWN_SETTING');
      expect(unknown.body.message).toContain('colour');
      // One bad key refuses the whole change.
      expectError(
        await patchSettings(a.adminToken, 'probe', { dailyLimit: 50, colour: 'red' }),
        400,
        'UNKNOWN_SETTING',
      );
      // Names every object inherits are not settings either.
      // Names of Object.prototype are no settings; the ones that reach a prototype are refused before any handler.
      for (const [raw, code] of [
        ['{"toString": 1}', 'UNKNOWN_SETTING'],
        ['{"constructor": 1}', 'FORBIDDEN_FIELD_NAME'],
        ['{"hasOwnProperty": "x"}', 'UNKNOWN_SETTING'],
        ['{"__proto__": {"a": 1}}', 'FORBIDDEN_FIELD_NAME'],
      ]) {
        const res = await t.http
          .patch('/api/v1/plugins/probe/settings')
          .set(bearer(a.adminToken))
          .set('Content-Type', 'application/json')
          .send(raw);
        expectError(res, 400, code!);
      }
      // A plugin without settings has none to change.
      expectError(await patchSettings(a.adminToken, 'probe-extra', { dailyLimit: 5 }), 400, 'UNKNOWN_SETTING');
      const none = await patchSettings(a.adminToken, 'probe-extra', {});
      expectStatus(none, 200);
      expect(none.body.settings).toEqual({});

      const cases: [Record<string, unknown>, string, string][] = [
        [{ dailyLimit: 0 }, 'dailyLimit', 'min'],
        [{ dailyLimit: 101 }, 'dailyLimit', 'max'],
        [{ dailyLimit: 2.5 }, 'dailyLimit', 'isInt'],
        [{ shout: 'yes' }, 'shout', 'isBoolean'],
      ];
      for (const [body, field, constraint] of cases) {
        const res = await patchSettings(a.adminToken, 'probe', body, 'en');
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.message).toBe('The request failed validation');
        expect(res.body.details).toContainEqual({ field, constraint, message: expect.any(String) });
        for (const detail of res.body.details as { message: string }[]) expect(detail.message).not.toMatch(CJK);
      }
      // Chinese by default.
      const zh = await patchSettings(a.adminToken, 'probe', { dailyLimit: 0 });
      expectError(zh, 400, 'VALIDATION_FAILED');
      expect(zh.body.message).toMatch(CJK);

      expectError(await patchSettings(a.adminToken, 'probe', [{ dailyLimit: 5 }]), 400, 'VALIDATION_FAILED');
      expect((await pluginOf(a.adminToken, 'probe')).settings).toEqual({ dailyLimit: 40, shout: false });
    });
  });

  describe('permissions and roles', () => {
    it("offers a plugin's permissions and roles only while it is enabled", async () => {
      const tenant = await provisionTenant(t, 'plg-perm');
      const admin = tenant.adminToken;
      const isProbe = (key: string) => key.startsWith('plugin:probe.');
      const readerRole = {
        key: 'probe_reader',
        nameZh: '探针只读',
        nameEn: 'Probe reader',
        permissions: ['plugin:probe.record.read'],
      };

      // Disabled: not listed, not grantable, its role hidden, not held by default.
      expect((await permissionKeys(admin)).filter(isProbe)).toEqual([]);
      const refused = await t.http.post('/api/v1/roles').set(bearer(admin)).send(readerRole);
      expectError(refused, 400, 'UNKNOWN_PERMISSION');
      expect(refused.body.message).toContain('plugin:probe.record.read');
      let list = await roles(admin);
      expect(list.map((r) => r.key)).not.toContain('plugin:probe.observer');
      expect(list.find((r) => r.key === 'district_admin')!.permissions.filter(isProbe)).toEqual([]);

      // Enabled: all of it appears, default grants included.
      expectStatus(await enable(admin, 'probe'), 200);
      const perms = await t.http.get('/api/v1/permissions?limit=200').set(bearer(admin));
      expect(perms.body.items).toEqual(
        expect.arrayContaining([
          { key: 'plugin:probe.record.write', description: '写记录' },
          { key: 'plugin:probe.record.read', description: '读记录' },
        ]),
      );
      list = await roles(admin);
      const observer = list.find((r) => r.key === 'plugin:probe.observer')!;
      expect(observer).toEqual(
        expect.objectContaining({ name: '观察员', system: true, permissions: ['plugin:probe.record.read'] }),
      );
      const probePermsOf = (key: string) =>
        list
          .find((r) => r.key === key)!
          .permissions.filter(isProbe)
          .sort();
      expect(probePermsOf('district_admin')).toEqual(['plugin:probe.record.read', 'plugin:probe.record.write']);
      expect(probePermsOf('community_staff')).toEqual(['plugin:probe.record.read', 'plugin:probe.record.write']);
      expect(probePermsOf('street_staff')).toEqual(['plugin:probe.record.read']);
      expect(probePermsOf('grid_worker')).toEqual([]);
      const created = await t.http.post('/api/v1/roles').set(bearer(admin)).send(readerRole);
      expectStatus(created, 201);
      expect(created.body.permissions).toEqual(['plugin:probe.record.read']);

      // Disabled again: the custom role keeps its definition but grants nothing of the plugin.
      expectStatus(await disable(admin, 'probe'), 200);
      expect((await permissionKeys(admin)).filter(isProbe)).toEqual([]);
      expect((await roles(admin)).map((r) => r.key)).not.toContain('plugin:probe.observer');
      const dormant = await t.http.get(`/api/v1/roles/${created.body.id}`).set(bearer(admin));
      expectStatus(dormant, 200);
      expect(dormant.body.permissions).toEqual([]);
      expectError(
        await t.http
          .post('/api/v1/roles')
          .set(bearer(admin))
          .send({ ...readerRole, key: 'probe_reader_2' }),
        400,
        'UNKNOWN_PERMISSION',
      );

      // And back, with the same role ids.
      expectStatus(await enable(admin, 'probe'), 200);
      const revived = await roles(admin);
      expect(revived.find((r) => r.key === 'plugin:probe.observer')!.id).toBe(observer.id);
      expect(revived.find((r) => r.id === created.body.id)!.permissions).toEqual(['plugin:probe.record.read']);
    });

    it('lets community staff write within their community by default, and nobody without the permission', async () => {
      await ensure(a, 'probe', 'enabled');
      const staff = d.communityStaffA.token;
      await createRecord(staff, d.communityA.id, 'cw-community');
      await createRecord(staff, d.groupA.id, 'cw-group');
      // Outside their subtree: above it, or in another street.
      expectError(await postRecord(staff, d.streetA.id, 'cw-street'), 403, 'FORBIDDEN');
      expectError(await postRecord(staff, d.communityB.id, 'cw-other'), 403, 'FORBIDDEN');
      expectError(await postRecord(staff, b.rootUnitId, 'cw-other-tenant'), 404, 'NOT_FOUND');
      expectError(await postRecord(staff, '01939d7c-0000-7000-8000-00000000dead', 'cw-none'), 404, 'NOT_FOUND');
      // Grid workers and street staff hold no write permission.
      expectError(await postRecord(d.gridWorkerA.token, d.gridA.id, 'cw-worker'), 403, 'FORBIDDEN');
      expectError(await getRecords(d.gridWorkerA.token), 403, 'FORBIDDEN');
      expectError(await postRecord(d.streetStaffA.token, d.communityA.id, 'cw-street-staff'), 403, 'FORBIDDEN');

      expect(await labelsWithPrefix(a.adminToken, 'cw-')).toEqual(['cw-community', 'cw-group']);
    });

    it('lists to each reader only the records in their scope', async () => {
      await ensure(a, 'probe', 'enabled');
      await createRecord(a.adminToken, d.gridA2.id, 'sc-a-grid2');
      await createRecord(a.adminToken, d.communityA.id, 'sc-a-community');
      await createRecord(a.adminToken, d.communityB.id, 'sc-b-community');
      await createRecord(a.adminToken, d.gridB.id, 'sc-b-grid');
      await createRecord(a.adminToken, a.rootUnitId, 'sc-district');

      expect(await labelsWithPrefix(d.streetStaffA.token, 'sc-')).toEqual(['sc-a-community', 'sc-a-grid2']);
      expect(await labelsWithPrefix(d.streetStaffB.token, 'sc-')).toEqual(['sc-b-community', 'sc-b-grid']);
      expect(await labelsWithPrefix(d.communityStaffA.token, 'sc-')).toEqual(['sc-a-community', 'sc-a-grid2']);
      expect(await labelsWithPrefix(a.adminToken, 'sc-')).toEqual([
        'sc-a-community',
        'sc-a-grid2',
        'sc-b-community',
        'sc-b-grid',
        'sc-district',
      ]);
      // The district's seed row is beyond a street's reach.
      expect((await records(d.streetStaffA.token)).some((r) => r.origin === 'seed')).toBe(false);

      // The plugin's own role, granted at street B: reads there, writes nowhere.
      const observer = await createStaff(t, a, 'observer-b', 'plugin:probe.observer', d.streetB.id);
      expect(await labelsWithPrefix(observer.token, 'sc-')).toEqual(['sc-b-community', 'sc-b-grid']);
      expectError(await postRecord(observer.token, d.gridB.id, 'sc-observer'), 403, 'FORBIDDEN');

      // Disabling takes the role's reach away too: the route is gone.
      expectStatus(await disable(a.adminToken, 'probe'), 200);
      expectError(await getRecords(observer.token), 404, 'PLUGIN_DISABLED');
      expectStatus(await enable(a.adminToken, 'probe'), 200);
      expect(await labelsWithPrefix(observer.token, 'sc-')).toEqual(['sc-b-community', 'sc-b-grid']);
    });
  });

  describe('indicators', () => {
    const indicator = (token: string, query: Record<string, string>, lang?: string) => {
      const req = t.http.get('/api/v1/indicators/probe/records').query(query).set(bearer(token));
      if (lang) void req.set('Accept-Language', lang);
      return req;
    };
    const around = () => ({
      from: new Date(Date.now() - HOUR).toISOString(),
      to: new Date(Date.now() + HOUR).toISOString(),
    });

    it("lists and computes a plugin's indicators only while it is enabled", async () => {
      await ensure(a, 'probe', 'disabled');
      const off = await t.http.get('/api/v1/indicators?limit=200').set(bearer(a.adminToken));
      expectStatus(off, 200);
      expect((off.body.items as { key: string }[]).map((i) => i.key)).not.toContain('probe.records');
      expectError(await indicator(a.adminToken, { unitId: a.rootUnitId, ...around() }), 404, 'PLUGIN_DISABLED');

      await ensure(a, 'probe', 'enabled');
      const on = await t.http
        .get('/api/v1/indicators?limit=200')
        .set(bearer(a.adminToken))
        .set('Accept-Language', 'en');
      expectStatus(on, 200);
      expect(on.body.items).toContainEqual({
        key: 'probe.records',
        pluginId: 'probe',
        name: 'Records',
        unit: 'count',
        permission: 'plugin:probe.record.read',
      });
      // Never enabled in district B.
      const inB = await t.http.get('/api/v1/indicators?limit=200').set(bearer(b.adminToken));
      expect((inB.body.items as { key: string }[]).map((i) => i.key)).not.toContain('probe.records');
      expectError(await indicator(b.adminToken, { unitId: b.rootUnitId, ...around() }), 404, 'PLUGIN_DISABLED');
    });

    it("counts a unit's subtree within the period, for callers whose scope covers the unit", async () => {
      await ensure(a, 'probe', 'enabled');
      // A street of its own, so nothing else in this file counts towards it.
      const street = await createUnit(t, a.adminToken, a.rootUnitId, `${a.code}-X`, '街道X');
      const community = await createUnit(t, a.adminToken, street.id, `${a.code}-X1`, '社区X1');
      const community2 = await createUnit(t, a.adminToken, street.id, `${a.code}-X2`, '社区X2');
      const grid = await createUnit(t, a.adminToken, community.id, `${a.code}-X1-1`, '网格X1-1');
      await createRecord(a.adminToken, grid.id, 'ind-1');
      await createRecord(a.adminToken, grid.id, 'ind-2');
      await createRecord(a.adminToken, community.id, 'ind-3');
      await createRecord(a.adminToken, community2.id, 'ind-4');

      const period = around();
      const valueOf = async (unitId: string, token = a.adminToken, p: { from: string; to: string } = period) => {
        const res = await indicator(token, { unitId, ...p });
        expectStatus(res, 200);
        return res.body as { key: string; unitId: string; from: string; to: string; value: number; unit: string };
      };
      expect(await valueOf(street.id)).toEqual({
        key: 'probe.records',
        unitId: street.id,
        from: period.from,
        to: period.to,
        value: 4,
        unit: 'count',
      });
      expect((await valueOf(community.id)).value).toBe(3);
      expect((await valueOf(grid.id)).value).toBe(2);
      expect((await valueOf(community2.id)).value).toBe(1);
      // A period before any of it.
      const past = { from: '2020-01-01T00:00:00.000Z', to: '2020-07-01T00:00:00.000Z' };
      expect((await valueOf(street.id, a.adminToken, past)).value).toBe(0);
      // A street's staff gets their own street's figure: the records they can list there.
      const inStreetA = (await records(d.streetStaffA.token)).length;
      expect((await valueOf(d.streetA.id, d.streetStaffA.token)).value).toBe(inStreetA);

      const outOfScope: [string, string][] = [
        [d.streetStaffA.token, street.id],
        [d.streetStaffA.token, d.streetB.id],
        [d.communityStaffA.token, a.rootUnitId],
        [d.gridWorkerA.token, d.gridA.id],
        [a.adminToken, b.rootUnitId],
        [a.adminToken, '01939d7c-0000-7000-8000-00000000dead'],
      ];
      for (const [token, unitId] of outOfScope)
        expectError(await indicator(token, { unitId, ...period }), 404, 'NOT_FOUND');
    });

    it('refuses a bad period or query', async () => {
      await ensure(a, 'probe', 'enabled');
      const now = new Date().toISOString();
      const later = new Date(Date.now() + HOUR).toISOString();
      const unitId = a.rootUnitId;
      const bad: Record<string, string>[] = [
        { unitId, from: now, to: now },
        { unitId, from: later, to: now },
        { unitId, from: '2020-01-01T00:00:00Z', to: '2021-06-01T00:00:00Z' },
      ];
      for (const query of bad) {
        const res = await indicator(a.adminToken, query, 'en');
        expectError(res, 400, 'INVALID_PERIOD');
        expect(res.body.message).not.toMatch(CJK);
      }
      expectError(await indicator(a.adminToken, { from: now, to: later }), 400, 'VALIDATION_FAILED');
      expectError(await indicator(a.adminToken, { unitId, from: 'yesterday', to: later }), 400, 'VALIDATION_FAILED');
      const unknown = await t.http
        .get('/api/v1/indicators/probe/nothing')
        .query({ unitId, from: now, to: later })
        .set(bearer(a.adminToken));
      expectError(unknown, 404, 'UNKNOWN_INDICATOR');
    });
  });

  describe('notifications', () => {
    const inbox = async (token: string, query: Record<string, string> = {}): Promise<NotificationView[]> => {
      const res = await t.http.get('/api/v1/notifications').query(query).set(bearer(token));
      expectStatus(res, 200);
      return res.body.items as NotificationView[];
    };
    const unread = async (token: string): Promise<number> => {
      const res = await t.http.get('/api/v1/notifications/unread-count').set(bearer(token));
      expectStatus(res, 200);
      return res.body.unread as number;
    };
    const markRead = (token: string, id: string) => t.http.post(`/api/v1/notifications/${id}/read`).set(bearer(token));
    const readAll = (token: string) => t.http.post('/api/v1/notifications/read-all').set(bearer(token));

    it("delivers the plugin's message to the caller's inbox, which only they can mark read", async () => {
      await ensure(a, 'probe', 'enabled');
      const user = await createStaff(t, a, 'notified', 'community_staff', d.communityA.id);
      expect(await inbox(user.token)).toEqual([]);
      expect(await unread(user.token)).toBe(0);

      await createRecord(user.token, d.communityA.id, 'ping-1');
      const [message] = await inbox(user.token);
      expect(message).toEqual(
        expect.objectContaining({
          kind: 'probe.recorded',
          pluginId: 'probe',
          title: '记录 ping-1',
          read: false,
          readAt: null,
        }),
      );
      expect(await unread(user.token)).toBe(1);
      expect(await inbox(user.token, { unread: 'true' })).toHaveLength(1);

      // Nobody else can touch it: not a colleague, not the district admin, not another district.
      for (const token of [d.communityStaffA.token, a.adminToken, b.adminToken])
        expectError(await markRead(token, message!.id), 404, 'NOT_FOUND');
      expectError(await markRead(user.token, 'not-an-id'), 404, 'NOT_FOUND');
      expect(await unread(user.token)).toBe(1);
      expect((await inbox(d.communityStaffA.token)).map((n) => n.id)).not.toContain(message!.id);

      const marked = await markRead(user.token, message!.id);
      expectStatus(marked, 200);
      expect(marked.body).toEqual(expect.objectContaining({ id: message!.id, read: true, readAt: expect.any(String) }));
      expect(await unread(user.token)).toBe(0);
      expect(await inbox(user.token, { unread: 'true' })).toEqual([]);
      // Marking again changes nothing.
      const again = await markRead(user.token, message!.id);
      expectStatus(again, 200);
      expect(again.body.readAt).toBe(marked.body.readAt);
    });

    it('marks everything read at once', async () => {
      await ensure(a, 'probe', 'enabled');
      const user = await createStaff(t, a, 'notified-2', 'community_staff', d.communityA.id);
      const colleague = await createStaff(t, a, 'notified-3', 'community_staff', d.communityA.id);
      await createRecord(user.token, d.communityA.id, 'bulk-1');
      await createRecord(user.token, d.gridA.id, 'bulk-2');
      await createRecord(colleague.token, d.gridA.id, 'bulk-3');
      expect(await unread(user.token)).toBe(2);
      expect((await inbox(user.token)).map((n) => n.title)).toEqual(['记录 bulk-2', '记录 bulk-1']);

      const res = await readAll(user.token);
      expectStatus(res, 200);
      expect(res.body).toEqual({ marked: 2 });
      expect(await unread(user.token)).toBe(0);
      expect((await inbox(user.token)).every((n) => n.read)).toBe(true);
      expect((await readAll(user.token)).body).toEqual({ marked: 0 });
      // The colleague's message is still unread.
      expect(await unread(colleague.token)).toBe(1);
    });
  });

  describe('public routes: /api/v1/public/<tenant code>/plugins/<id>/…', () => {
    const db = new OwnerDb();
    const url = (code: string, path: string) => `/api/v1/public/${encodeURIComponent(code)}/plugins/probe/${path}`;
    const ping = (code: string) => t.http.get(url(code, 'ping'));
    const echo = (code: string, body: Record<string, string>, query = '') =>
      t.http
        .post(url(code, `echo${query}`))
        .type('form')
        .send(body);
    /** What the database really holds for the tenant (as the owner, the tenant set). */
    const publicRows = async (tenantId: string) =>
      (
        await db.query<{ n: number }>(tenantId, `select count(*)::int as n from probe_records where origin = 'public'`)
      )[0]!.n;
    afterAll(() => db.close());

    it('answer anyone, with the tenant of the path, no actor and no permissions, once the district enabled the plugin', async () => {
      const x = await provisionTenant(t, 'pub-x');
      await enablePlugin(t, x, 'probe');
      const res = await ping(x.code);
      expectStatus(res, 200);
      expect(res.body).toEqual({ tenantCode: x.code, tenantId: x.id, actorIsNull: true, canRead: false, records: 1 });
      // A token changes nothing: public routes never look at it.
      const withToken = await ping(x.code).set(bearer(x.adminToken));
      expect(withToken.body).toEqual(res.body);
    });

    it('answer 404 PLUGIN_DISABLED where the plugin is off and 404 TENANT_NOT_FOUND for an unknown or suspended district, running nothing', async () => {
      // b never enabled the probe.
      expectError(await ping(b.code), 404, 'PLUGIN_DISABLED');
      expectError(await echo(b.code, { label: 'never' }), 404, 'PLUGIN_DISABLED');
      expect(await publicRows(b.id)).toBe(0);

      const unknown = await ping('no-such-district').set('Accept-Language', 'en');
      expectError(unknown, 404, 'TENANT_NOT_FOUND');
      expect(unknown.body.message).toBe('There is no active district "no-such-district"');
      expectError(await echo('no-such-district', { label: 'never' }), 404, 'TENANT_NOT_FOUND');

      const y = await provisionTenant(t, 'pub-y');
      await enablePlugin(t, y, 'probe');
      expectStatus(await ping(y.code), 200);
      // Disabled: gone at once; enabled again: back.
      expectStatus(await disable(y.adminToken, 'probe'), 200);
      expectError(await ping(y.code), 404, 'PLUGIN_DISABLED');
      expectError(await echo(y.code, { label: 'while-off' }), 404, 'PLUGIN_DISABLED');
      expectStatus(await enable(y.adminToken, 'probe'), 200);
      expectStatus(await ping(y.code), 200);
      // A suspended district answers like an unknown one.
      const ops = await operatorToken(t);
      await t.http.post(`/api/v1/platform/tenants/${y.id}/suspend`).set(bearer(ops)).expect(200);
      expectError(await ping(y.code), 404, 'TENANT_NOT_FOUND');
      await t.http.post(`/api/v1/platform/tenants/${y.id}/resume`).set(bearer(ops)).expect(200);
      expectStatus(await ping(y.code), 200);
      expect(await publicRows(y.id)).toBe(0);
    });

    it("keep districts apart: one district's code never reaches another's rows", async () => {
      const [x, y] = [await provisionTenant(t, 'pub-i'), await provisionTenant(t, 'pub-j')];
      await enablePlugin(t, x, 'probe');
      await enablePlugin(t, y, 'probe');
      for (const label of ['y-1', 'y-2']) expectStatus(await echo(y.code, { label }), 201);
      // Seed row plus what was written through each district's own code.
      expect((await ping(x.code)).body).toMatchObject({ tenantId: x.id, records: 1 });
      expect((await ping(y.code)).body).toMatchObject({ tenantId: y.id, records: 3 });
      expect([await publicRows(x.id), await publicRows(y.id)]).toEqual([0, 2]);
    });

    it('take a form-urlencoded body into the DTO, validate it, and audit the write with no actor', async () => {
      const x = await provisionTenant(t, 'pub-f');
      await enablePlugin(t, x, 'probe');
      const res = await echo(x.code, { label: '路灯 不亮 & 积水' });
      expectStatus(res, 201);
      expect(res.body).toEqual({ id: expect.any(String), label: '路灯 不亮 & 积水' });
      const audit = await db.query(
        x.id,
        `select actor_id as "actorId", actor_type as "actorType", action, after from audit_events where entity_id = $1`,
        [res.body.id],
      );
      expect(audit).toEqual([
        { actorId: null, actorType: 'anonymous', action: 'probe.record.create', after: { label: '路灯 不亮 & 积水' } },
      ]);
      // The validation pipe applies as to JSON: unknown fields and missing ones are refused.
      expectError(await echo(x.code, { label: 'x', extra: '1' }), 400, 'VALIDATION_FAILED');
      expectError(await echo(x.code, {}), 400, 'VALIDATION_FAILED');
      // Idempotency keys are per user: an anonymous write ignores one rather than failing.
      const keyed = await t.http
        .post(url(x.code, 'echo'))
        .set('Idempotency-Key', 'public-key-0001')
        .type('form')
        .send({ label: 'keyed' });
      expectStatus(keyed, 201);
      expect(await publicRows(x.id)).toBe(2);
    });

    it('are described in OpenAPI with the tenant parameter and the host’s errors, and no token', async () => {
      // As `npm run openapi:export` builds it: Nest's preview mode, nothing instantiated or connected.
      const preview = await NestFactory.create(
        AppModule.forRoot({
          databaseUrl: 'postgres://unused@127.0.0.1:1/x',
          config: AppConfig.fromEnv({ JWT_SECRET: TEST_JWT_SECRET }),
          catalog: await testCatalog([probe]),
          queue: { kind: 'redis', url: 'redis://127.0.0.1:1' },
          runWorker: false,
        }),
        { preview: true, logger: false },
      );
      const doc = buildOpenApi(preview, { publicUrl: 'https://tongxin.example' });
      await preview.close();
      expect(doc.paths['/api/v1/plugins/probe/records']?.get).toBeDefined();
      const op = doc.paths['/api/v1/public/{tenant}/plugins/probe/ping']?.get;
      expect(op?.parameters).toContainEqual(expect.objectContaining({ name: 'tenant', in: 'path', required: true }));
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '404']));
      expect(op?.security).toBeUndefined();
      expect(doc.paths['/api/v1/public/{tenant}/plugins/probe/echo']?.post).toBeDefined();
    });

    it('answer raw XML when the handler sets the content type and returns a string', async () => {
      const x = await provisionTenant(t, 'pub-xml');
      await enablePlugin(t, x, 'probe');
      const res = await echo(x.code, { label: '<a&b>' }, '?format=xml');
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(res.text).toMatch(
        /^<\?xml version="1.0" encoding="utf-8"\?><echo><id>[0-9a-f-]{36}<\/id><label>&lt;a&amp;b&gt;<\/label><\/echo>$/,
      );
    });
  });
});
