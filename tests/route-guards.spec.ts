import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { AppConfig } from '@tongxin/config';
import {
  AUTHENTICATED_KEY,
  OPERATOR_KEY,
  PERMISSION_ALTERNATIVES_KEY,
  PERMISSION_KEY,
  PLUGIN_PUBLIC_ROUTE_KEY,
  PUBLIC_KEY,
} from '@tongxin/context';
import { PermissionRegistry } from '@tongxin/access';
import { pluginPermission } from '@tongxin/plugin-sdk';
import { AppModule } from '../apps/api/src/app.module';
import { testCatalog } from './support/test-app';

interface Route {
  route: string;
  declared: string[];
  permission?: string;
  /** The permission and its alternatives: holding any one opens the route. */
  permissions?: string[];
}

/** Every route of the real application with the access declarations on it. */
async function routes(): Promise<Route[]> {
  const config = AppConfig.fromEnv({ JWT_SECRET: 'route-guard-test-secret-0123456789abcdef' });
  const catalog = await testCatalog();
  const app = await NestFactory.create(
    AppModule.forRoot({
      databaseUrl: 'postgres://unused@127.0.0.1:1/x',
      config,
      catalog,
      queue: { kind: 'redis', url: 'redis://127.0.0.1:1' },
      runWorker: false,
    }),
    { preview: true, logger: false },
  );
  const found: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!cls) continue;
      const base = Reflect.getMetadata(PATH_METADATA, cls) as string;
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const keys = { PUBLIC_KEY, OPERATOR_KEY, AUTHENTICATED_KEY, PERMISSION_KEY };
        const declared = Object.entries(keys)
          .filter(([, key]) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, cls))
          .map(([k]) => k);
        // A plugin's public controller: the host opens it for the tenant in the path (set on the class).
        if (Reflect.getMetadata(PLUGIN_PUBLIC_ROUTE_KEY, cls)) declared.push('PLUGIN_PUBLIC_ROUTE_KEY');
        const permission = Reflect.getMetadata(PERMISSION_KEY, handler) as string | undefined;
        const alternatives = (Reflect.getMetadata(PERMISSION_ALTERNATIVES_KEY, handler) as string[] | undefined) ?? [];
        found.push({
          route: `${method} /${base}/${path}`.replace(/\/+/g, '/'),
          declared,
          ...(permission ? { permission, permissions: [permission, ...alternatives] } : {}),
        });
      }
    }
  }
  await app.close();
  return found;
}

describe('route access declarations', () => {
  let all: Route[];
  beforeAll(async () => {
    all = await routes();
  });

  it('finds the application’s routes', () => {
    expect(all.length).toBeGreaterThan(25);
    expect(all.map((r) => r.route)).toContain('POST /api/v1/auth/login');
  });

  it('gives every route exactly one access declaration, so none is open by accident', () => {
    const undeclared = all.filter((r) => r.declared.length !== 1).map((r) => `${r.route} [${r.declared.join(', ')}]`);
    expect(undeclared).toEqual([]);
  });

  it('declares only permissions the registry knows', async () => {
    // The core's, and those of the installed plugins (as the plugin host registers them at boot).
    const registry = new PermissionRegistry();
    for (const m of (await testCatalog()).installed())
      for (const p of m.permissions ?? [])
        registry.register({ key: pluginPermission(m.id, p.key), 'zh-CN': p.names['zh-CN'], en: p.names.en });
    const unknown = all.flatMap((r) =>
      (r.permissions ?? []).filter((p) => !registry.has(p)).map((p) => `${r.route}: ${p}`),
    );
    expect(unknown).toEqual([]);
  });

  it('keeps public routes to login, refresh, platform login and health', () => {
    const open = all
      .filter((r) => r.declared.includes('PUBLIC_KEY'))
      .map((r) => r.route)
      .sort();
    expect(open).toEqual(
      [
        'GET /health',
        'GET /ready',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/platform/auth/login',
      ].sort(),
    );
  });
});
