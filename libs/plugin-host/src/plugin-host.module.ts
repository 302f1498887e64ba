import {
  Global,
  Injectable,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
  type Provider,
  type Type,
} from '@nestjs/common';
import { MODULE_PATH, PATH_METADATA } from '@nestjs/common/constants.js';
import { APP_INTERCEPTOR, RouterModule } from '@nestjs/core';
import { PermissionRegistry } from '@tongxin/access';
import { AuditModule } from '@tongxin/audit';
import { PLUGIN_ROUTE_KEY, PluginPublicRoutes } from '@tongxin/context';
import { FileDownloadInterceptor, FileStore, fileStoreFromEnv } from '@tongxin/files';
import {
  ERROR_RENDERER_KEY,
  ErrorRenderers,
  registerEntityNames,
  registerErrorMessages,
  type ErrorRenderer,
} from '@tongxin/http';
import { TaskRouting, TaskRunner } from '@tongxin/jobs';
import { declaredPluginErrors, pluginPermission, Tongxin, type PluginManifest } from '@tongxin/plugin-sdk';
import { ReferralDirectory, ReferralService, ReferralsController } from '@tongxin/referrals';
import { PluginCatalog } from './catalog';
import { PluginReferralDirectory } from './plugin-referral-directory';
import { IndicatorService } from './indicator.service';
import { PluginRuntime } from './plugin-runtime';
import { PluginTaskRouting, PluginTaskRunner } from './plugin-task-runner';
import { QuarantinedPluginRoutes } from './quarantined-routes';
import { IndicatorsController, PluginsController } from './plugins.controller';
import { SettingsStore } from './settings-store';
import { TenantPluginService } from './tenant-plugin.service';

/** Adds the installed plugins' permissions (with their default grants) to the registry at boot. */
@Injectable()
class PluginPermissions implements OnModuleInit {
  constructor(
    private readonly catalog: PluginCatalog,
    private readonly registry: PermissionRegistry,
  ) {}

  onModuleInit(): void {
    for (const m of this.catalog.installed()) {
      for (const p of m.permissions ?? []) {
        const key = pluginPermission(m.id, p.key);
        this.registry.register({ key, 'zh-CN': p.names['zh-CN'], en: p.names.en });
        this.registry.grantByDefault(key, p.defaultGrants ?? []);
      }
    }
  }
}

const moduleClass = (name: string) => {
  const module = class {} as Type<unknown>;
  Object.defineProperty(module, 'name', { value: name });
  return module;
};

/**
 * One Nest module per installed plugin: its controllers (tagged with the plugin id, which the
 * access guard checks against the tenant's enabled plugins) and providers, plus a `Tongxin`
 * bound to it. The router mounts it under `/api/v1/plugins/{id}`. Its public controllers sit in a
 * second module, mounted under `/api/v1/public/:tenant/plugins/{id}`, that imports the first
 * (which exports every provider), so they share the plugin's providers and `Tongxin`.
 */
function pluginModules(manifest: PluginManifest): { main: DynamicModule; open: DynamicModule | null } {
  const name = `Plugin_${manifest.id.replace(/-/g, '_')}`;
  for (const controller of manifest.controllers ?? [])
    Reflect.defineMetadata(PLUGIN_ROUTE_KEY, manifest.id, controller);
  for (const controller of manifest.publicControllers ?? []) PluginPublicRoutes(manifest.id)(controller);
  const providers: Provider[] = [
    ...(manifest.providers ?? []),
    {
      provide: Tongxin,
      useFactory: (runtime: PluginRuntime) => runtime.forPlugin(manifest),
      inject: [PluginRuntime],
    },
  ];
  const main: DynamicModule = {
    module: moduleClass(name),
    controllers: manifest.controllers ?? [],
    providers,
    exports: providers.map((p) => (typeof p === 'function' ? p : p.provide)),
  };
  const open = manifest.publicControllers?.length
    ? { module: moduleClass(`${name}_public`), imports: [main], controllers: manifest.publicControllers }
    : null;
  return { main, open };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The error renderers public controllers declare (`RenderErrors`), by the path they are mounted
 * at: `/api/v1/public/<any tenant>/plugins/<id>/<controller path>`. The error filter renders
 * every refusal under that path with it, the host's own (unknown tenant, plugin disabled, bad
 * body, no such route) included.
 */
function publicErrorRenderers(installed: PluginManifest[]): ErrorRenderers {
  const renderers = new ErrorRenderers();
  for (const m of installed)
    for (const controller of m.publicControllers ?? []) {
      const renderer = Reflect.getMetadata(ERROR_RENDERER_KEY, controller) as ErrorRenderer | undefined;
      if (typeof renderer !== 'function') continue;
      const path = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '').replace(/^\/+|\/+$/g, '');
      const mount = `/api/v1/public/[^/]+/plugins/${escapeRegExp(m.id)}${path ? `/${escapeRegExp(path)}` : ''}`;
      renderers.add(new RegExp(`^${mount}(?:/|$)`), renderer);
    }
  return renderers;
}

/** Installed plugins, per-tenant enablement, and the runtime behind the SDK. */
@Global()
@Module({})
export class PluginHostModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only under the plugin prefixes: a middleware route sets Express's `req.route`, and a catch-all
    // one would label every unmatched request's metrics with its pattern instead of `(unmatched)`.
    consumer
      .apply(QuarantinedPluginRoutes)
      .forRoutes(
        { path: 'api/v1/plugins/{*path}', method: RequestMethod.ALL },
        { path: 'api/v1/public/{*path}', method: RequestMethod.ALL },
      );
  }

  static forRoot(catalog: PluginCatalog): DynamicModule {
    const installed = catalog.installed();
    for (const m of installed) {
      registerErrorMessages(Object.fromEntries(declaredPluginErrors(m.errors).map((e) => [e.code, e.names])));
      if (m.entityNames) registerEntityNames(m.entityNames);
    }
    const modules = installed.map(pluginModules);
    const routes = installed.flatMap((m, i) => {
      const { main, open } = modules[i]!;
      return [
        { path: `api/v1/plugins/${m.id}`, module: main.module },
        ...(open ? [{ path: `api/v1/public/:tenant/plugins/${m.id}`, module: open.module }] : []),
      ];
    });
    // RouterModule sets the paths when it is instantiated, which Nest's preview mode (the OpenAPI
    // export) never does: the same paths as plain module metadata, which Nest falls back to.
    for (const route of routes) Reflect.defineMetadata(MODULE_PATH, `/${route.path}`, route.module);
    return {
      module: PluginHostModule,
      imports: [
        AuditModule,
        ...modules.flatMap(({ main, open }) => (open ? [main, open] : [main])),
        RouterModule.register(routes),
      ],
      controllers: [PluginsController, IndicatorsController, ReferralsController],
      providers: [
        { provide: PluginCatalog, useValue: catalog },
        { provide: ErrorRenderers, useValue: publicErrorRenderers(installed) },
        // Every route that answers a stored file sends it with nosniff, a disposition and a sandboxing CSP.
        { provide: APP_INTERCEPTOR, useClass: FileDownloadInterceptor },
        { provide: FileStore, useFactory: () => fileStoreFromEnv(process.env) },
        PluginRuntime,
        SettingsStore,
        TenantPluginService,
        IndicatorService,
        PluginPermissions,
        PluginTaskRunner,
        { provide: TaskRunner, useExisting: PluginTaskRunner },
        PluginTaskRouting,
        { provide: TaskRouting, useExisting: PluginTaskRouting },
        ReferralService,
        { provide: ReferralDirectory, useClass: PluginReferralDirectory },
      ],
      exports: [
        PluginCatalog,
        PluginRuntime,
        TenantPluginService,
        TaskRunner,
        TaskRouting,
        FileStore,
        ErrorRenderers,
        ReferralService,
      ],
    };
  }
}
