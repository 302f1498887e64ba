import path from 'node:path';
import { coreTables, coreTableUses, pluginDirOf } from '@tongxin/plugin-testing';
import { REPO_ROOT } from './support/test-app';

describe('conformance: plugin SQL naming core tables', () => {
  it('takes the core tables from the core migrations', () => {
    expect(coreTables()).toEqual(
      expect.arrayContaining([
        'audit_events',
        'notifications',
        'org_units',
        'partner_bodies',
        'role_assignments',
        'roles',
        'tenant_plugins',
        'tenants',
        'users',
      ]),
    );
    expect(coreTables()).not.toContain('sdk_units');
  });

  it('fails a fixture plugin whose SQL reads users, org_units and a quoted partner_bodies, and names where', () => {
    const dir = pluginDirOf('core-sql-reader')!;
    expect(dir).toBe(path.join(REPO_ROOT, 'tests/fixtures/plugins/core-sql-reader'));
    expect(coreTableUses(dir).map(({ file, line, table }) => `${file}:${line} ${table}`)).toEqual([
      'src/index.ts:8 users',
      'src/index.ts:15 org_units',
      'src/index.ts:16 partner_bodies',
    ]);
  });

  it.each(['grid', 'dual-report', 'volunteer-points', 'probe'])(
    'passes %s, which reads core data through the SDK',
    (id) => {
      expect(coreTableUses(pluginDirOf(id)!)).toEqual([]);
    },
  );
});
