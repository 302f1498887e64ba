import { Injectable } from '@nestjs/common';
import { DomainError, registerPermissionName } from '@tongxin/http';

/** A permission is `subject.action` (e.g. `org.write`); plugins register `plugin:<id>.<action>`. */
export interface PermissionDefinition {
  key: string;
  'zh-CN': string;
  en: string;
}

export const CORE_PERMISSIONS: PermissionDefinition[] = [
  { key: 'org.read', 'zh-CN': '查看组织架构', en: 'Read org units' },
  { key: 'org.write', 'zh-CN': '维护组织架构（新增、修改、移动、删除、导入）', en: 'Manage org units' },
  { key: 'user.read', 'zh-CN': '查看用户', en: 'Read users' },
  { key: 'user.write', 'zh-CN': '维护用户', en: 'Manage users' },
  { key: 'role.read', 'zh-CN': '查看角色', en: 'Read roles' },
  { key: 'role.write', 'zh-CN': '维护自定义角色', en: 'Manage custom roles' },
  { key: 'assignment.read', 'zh-CN': '查看角色授权', en: 'Read role assignments' },
  { key: 'assignment.write', 'zh-CN': '授予和撤销角色', en: 'Grant and revoke roles' },
  { key: 'partner.read', 'zh-CN': '查看共建单位', en: 'Read partner bodies' },
  { key: 'partner.write', 'zh-CN': '维护共建单位', en: 'Manage partner bodies' },
  { key: 'audit.read', 'zh-CN': '查看审计日志', en: 'Read the audit trail' },
  {
    key: 'tenant.manage',
    'zh-CN': '修改本区县信息（名称、区划代码、时区）和工作日历',
    en: 'Change the district’s profile (names, division code, time zone) and working-day calendar',
  },
  { key: 'plugin.read', 'zh-CN': '查看本区县的插件及其设置', en: 'See the district’s plugins and their settings' },
  {
    key: 'plugin.manage',
    'zh-CN': '启用、停用插件，修改插件设置',
    en: 'Enable and disable plugins, change their settings',
  },
];

/** What effectivePermissions reads of a role. */
export interface RoleGrantSource {
  key: string;
  system: boolean;
  permissions: string[];
}

/**
 * The tenant's own administrator: holds every permission active in the tenant, the core's and
 * every enabled plugin's, whatever the plugin's default grants say. Without it a plugin that left
 * the role out of one permission's grants would leave nobody able to grant that permission.
 */
export const TENANT_ADMIN_ROLE = 'district_admin';

const KEY_RE = /^(plugin:[a-z][a-z0-9-]*\.)?[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

/** Splits `subject.action` at the last dot: `plugin:grid.case.read` → subject `plugin:grid.case`, action `read`. */
export function splitPermission(key: string): { subject: string; action: string } {
  const dot = key.lastIndexOf('.');
  return { subject: key.slice(0, dot), action: key.slice(dot + 1) };
}

/** The plugin a permission belongs to (`plugin:grid.case.read` → `grid`), or null for the core's. */
export function pluginOfPermission(key: string): string | null {
  const match = /^plugin:([a-z][a-z0-9-]*)\./.exec(key);
  return match ? match[1]! : null;
}

/**
 * Every permission the platform knows. The core registers its own; the plugin host adds plugins',
 * with the system roles that hold them by default. A plugin's permissions count only in tenants
 * that enabled it: for everyone else they are not granted, not listed and not grantable.
 */
@Injectable()
export class PermissionRegistry {
  private readonly definitions = new Map<string, PermissionDefinition>();
  /** system role key → plugin permissions it holds by default (while the plugin is enabled). */
  private readonly defaultGrants = new Map<string, string[]>();
  /** installedPlugins(), computed once the registrations are in. */
  private pluginIds: string[] | undefined;

  constructor() {
    for (const p of CORE_PERMISSIONS) this.register(p);
  }

  register(definition: PermissionDefinition): void {
    if (!KEY_RE.test(definition.key)) throw new Error(`Malformed permission key: ${definition.key}`);
    if (this.definitions.has(definition.key)) throw new Error(`Permission registered twice: ${definition.key}`);
    this.definitions.set(definition.key, definition);
    registerPermissionName(definition.key, { 'zh-CN': definition['zh-CN'], en: definition.en });
    this.pluginIds = undefined;
  }

  /** A plugin permission held by default by these system roles wherever they are assigned. */
  grantByDefault(key: string, roleKeys: string[]): void {
    for (const role of roleKeys) this.defaultGrants.set(role, [...(this.defaultGrants.get(role) ?? []), key]);
  }

  /**
   * The system roles holding `key` without storing it: those it is a default grant of, and the
   * district administrator (for a known key). A plugin's key counts only where the plugin is enabled.
   */
  holdersByDefault(key: string): string[] {
    if (!this.definitions.has(key)) return [];
    const roles = [TENANT_ADMIN_ROLE];
    for (const [role, keys] of this.defaultGrants) if (keys.includes(key)) roles.push(role);
    return [...new Set(roles)];
  }

  has(key: string): boolean {
    return this.definitions.has(key);
  }

  /** Known, and either the core's or of a plugin enabled in the tenant. */
  isActive(key: string, enabledPlugins: readonly string[]): boolean {
    if (!this.definitions.has(key)) return false;
    const plugin = pluginOfPermission(key);
    return plugin === null || enabledPlugins.includes(plugin);
  }

  /**
   * What a role grants in a tenant: its stored permissions that are active there, plus the
   * default grants of the tenant's enabled plugins to this (system) role; for the district
   * administrator, every active permission.
   */
  effectivePermissions(role: RoleGrantSource, enabledPlugins: readonly string[]): string[] {
    if (role.system && role.key === TENANT_ADMIN_ROLE) return this.available(enabledPlugins).map((p) => p.key);
    const stored = role.permissions.filter((p) => this.isActive(p, enabledPlugins));
    const defaults = role.system
      ? (this.defaultGrants.get(role.key) ?? []).filter((p) => this.isActive(p, enabledPlugins))
      : [];
    return [...new Set([...stored, ...defaults])];
  }

  /**
   * What a role grants once every installed plugin is enabled: the most it can ever grant in any
   * tenant. Comparisons of authority use it on both sides, so what one may do with a role while a
   * plugin is off still holds when the plugin is switched back on.
   */
  potentialPermissions(role: RoleGrantSource): string[] {
    return this.effectivePermissions(role, this.installedPlugins());
  }

  /** Plugins whose permissions are registered (installed, not quarantined). */
  installedPlugins(): string[] {
    this.pluginIds ??= [
      ...new Set([...this.definitions.keys()].map(pluginOfPermission).filter((id): id is string => id !== null)),
    ];
    return this.pluginIds;
  }

  all(): PermissionDefinition[] {
    return [...this.definitions.values()];
  }

  /** The permissions role management offers in a tenant: the core's and its enabled plugins'. */
  available(enabledPlugins: readonly string[]): PermissionDefinition[] {
    return this.all().filter((p) => this.isActive(p.key, enabledPlugins));
  }

  assertKnown(keys: string[], enabledPlugins: readonly string[]): void {
    const unknown = keys.find((k) => !this.isActive(k, enabledPlugins));
    if (unknown) throw new DomainError('UNKNOWN_PERMISSION', 400, { permission: unknown });
  }
}
