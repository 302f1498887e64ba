import type { INestApplication, Type } from '@nestjs/common';
import { ApiSchema, DECORATORS } from '@nestjs/swagger';
import { PLUGIN_ROUTE_KEY } from '@tongxin/context';
import * as sdk from '@tongxin/plugin-sdk';

/** Where @nestjs/swagger keeps what its decorators declare. */
const SWAGGER = {
  response: DECORATORS.API_RESPONSE,
  parameters: DECORATORS.API_PARAMETERS,
  extraModels: DECORATORS.API_EXTRA_MODELS,
  properties: DECORATORS.API_MODEL_PROPERTIES_ARRAY,
  property: DECORATORS.API_MODEL_PROPERTIES,
  schema: DECORATORS.API_SCHEMA,
};

/** Who describes a class: the core (its own controllers, the SDK's shared DTOs) or one plugin. */
type Owner = { kind: 'core' } | { kind: 'plugin'; id: string };

export interface SchemaNameClash {
  name: string;
  classes: string[];
}

/** `dual-report` → `DualReport`. */
export const pascal = (id: string) =>
  id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

const isClass = (value: unknown): value is Type<unknown> =>
  typeof value === 'function' && value.prototype !== undefined && value !== Object && value !== Array;

/** A property's or a response's `type`: a class, `[Class]`, a lazy `() => Class`, or a primitive's name. */
function typesOf(type: unknown, out: Type<unknown>[]): void {
  if (Array.isArray(type)) for (const t of type) typesOf(t, out);
  else if (typeof type === 'function' && type.prototype === undefined) typesOf((type as () => unknown)(), out);
  else if (isClass(type) && ![String, Number, Boolean, Date].includes(type as never)) out.push(type);
}

/** Every class a controller's operations describe (responses, bodies, queries, extra models), directly. */
function operationModels(controller: Type<unknown>): Type<unknown>[] {
  const out: Type<unknown>[] = [];
  const fromResponses = (target: object) => {
    const responses = (Reflect.getMetadata(SWAGGER.response, target) ?? {}) as Record<string, { type?: unknown }>;
    for (const r of Object.values(responses)) typesOf(r.type, out);
  };
  const fromExtra = (target: object) => typesOf(Reflect.getMetadata(SWAGGER.extraModels, target) ?? [], out);
  fromResponses(controller);
  fromExtra(controller);
  const proto = controller.prototype as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === 'constructor') continue;
    const method = Object.getOwnPropertyDescriptor(proto, key)?.value as unknown;
    if (typeof method !== 'function') continue;
    fromResponses(method);
    fromExtra(method);
    for (const p of (Reflect.getMetadata(SWAGGER.parameters, method) ?? []) as { type?: unknown }[])
      typesOf(p.type, out);
    typesOf(Reflect.getMetadata('design:paramtypes', proto, key) ?? [], out);
  }
  return out;
}

/** The classes a model's properties refer to, its base classes included (their properties are its own). */
function propertyModels(model: Type<unknown>): Type<unknown>[] {
  const out: Type<unknown>[] = [];
  const proto = model.prototype as object;
  const keys = (Reflect.getMetadata(SWAGGER.properties, proto) ?? []) as string[];
  for (const key of keys) {
    if (typeof key !== 'string' || !key.startsWith(':')) continue;
    const meta = Reflect.getMetadata(SWAGGER.property, proto, key.slice(1)) as
      { type?: unknown; items?: { type?: unknown } } | undefined;
    typesOf(meta?.type, out);
    typesOf(meta?.items?.type, out);
  }
  return out;
}

/** Models the SDK hands plugins (pages, queries): shared, so named as the core names them. */
const SHARED = new Set<unknown>(Object.values(sdk).filter(isClass));

/**
 * Gives every model that only a plugin's routes describe the schema name `<PluginPascal><Class>`
 * (`DualReportCallView`; `GridDetailView` stays as it is), so two plugins, or a plugin and the core, may both have a `CallView`
 * without one silently standing for the other in the document (Nest names schemas by class name
 * and keeps whichever it met last). A model the core describes, or the SDK exports, keeps its
 * name; one with an explicit `@ApiSchema({ name })` keeps that. A model several plugins describe
 * is named for the first of them in catalog order (the one the others depend on).
 *
 * Returns every schema name that two different classes would still share: the document would
 * describe one of them wrongly, so `openapi check` fails on it.
 */
export function assignPluginSchemaNames(app: INestApplication): SchemaNameClash[] {
  const owners = new Map<Type<unknown>, Owner>();
  const visit = (model: Type<unknown>, owner: Owner) => {
    const known = owners.get(model);
    // The core's claim wins over a plugin's; a plugin's first claim over later ones.
    if (known && (known.kind === 'core' || owner.kind === 'plugin')) return;
    owners.set(model, SHARED.has(model) ? { kind: 'core' } : owner);
    for (const child of propertyModels(model)) visit(child, owner);
    let base = Object.getPrototypeOf(model) as unknown;
    while (isClass(base) && base !== Function.prototype) {
      visit(base, owner);
      base = Object.getPrototypeOf(base) as unknown;
    }
  };

  const controllers = [...modulesOf(app)].flatMap((m) => [...m.controllers.values()].map((w) => w.metatype));
  const core = controllers.filter((c) => !pluginOf(c));
  const plugins = controllers.filter((c) => pluginOf(c));
  // The core first, so its claims are final before any plugin's.
  for (const c of core) for (const model of operationModels(c)) visit(model, { kind: 'core' });
  for (const c of plugins) for (const model of operationModels(c)) visit(model, { kind: 'plugin', id: pluginOf(c)! });

  const byName = new Map<string, Set<Type<unknown>>>();
  for (const [model, owner] of owners) {
    if (owner.kind === 'plugin' && !Reflect.hasOwnMetadata(SWAGGER.schema, model))
      ApiSchema({ name: pluginSchemaName(owner.id, model.name) })(model);
    const name = schemaName(model);
    byName.set(name, (byName.get(name) ?? new Set()).add(model));
  }
  return [...byName]
    .filter(([, classes]) => classes.size > 1)
    .map(([name, classes]) => ({
      name,
      classes: [...classes].map((model) => {
        const owner = owners.get(model)!;
        return `${model.name} (${owner.kind === 'core' ? 'core' : `plugin ${owner.id}`})`;
      }),
    }));
}

/** `DualReport` + `CallView`; a class already named for its plugin (the grid's `GridDetailView`) is not prefixed twice. */
export function pluginSchemaName(pluginId: string, className: string): string {
  const prefix = pascal(pluginId);
  return new RegExp(`^${prefix}[A-Z]`).test(className) ? className : `${prefix}${className}`;
}

function schemaName(model: Type<unknown>): string {
  const own = Reflect.getOwnMetadata(SWAGGER.schema, model) as { name?: string }[] | undefined;
  return own?.[own.length - 1]?.name ?? model.name;
}

const pluginOf = (controller: Type<unknown>) => Reflect.getMetadata(PLUGIN_ROUTE_KEY, controller) as string | undefined;

interface ModuleLike {
  controllers: Map<unknown, { metatype: Type<unknown> }>;
}

/** The application's modules, as @nestjs/swagger itself reads them (in preview mode too). */
function modulesOf(app: INestApplication): Iterable<ModuleLike> {
  const container = (app as unknown as { container: { getModules(): Map<string, ModuleLike> } }).container;
  return container.getModules().values();
}
