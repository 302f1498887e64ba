import { Injectable } from '@nestjs/common';
import { DomainError } from '@tongxin/http';

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
];

const KEY_RE = /^(plugin:[a-z][a-z0-9-]*\.)?[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

/** Splits `subject.action` at the last dot: `plugin:grid.case.read` → subject `plugin:grid.case`, action `read`. */
export function splitPermission(key: string): { subject: string; action: string } {
  const dot = key.lastIndexOf('.');
  return { subject: key.slice(0, dot), action: key.slice(dot + 1) };
}

/** Every permission the platform knows. The core registers its own; the plugin host adds plugins'. */
@Injectable()
export class PermissionRegistry {
  private readonly definitions = new Map<string, PermissionDefinition>();

  constructor() {
    for (const p of CORE_PERMISSIONS) this.register(p);
  }

  register(definition: PermissionDefinition): void {
    if (!KEY_RE.test(definition.key)) throw new Error(`Malformed permission key: ${definition.key}`);
    if (this.definitions.has(definition.key)) throw new Error(`Permission registered twice: ${definition.key}`);
    this.definitions.set(definition.key, definition);
  }

  has(key: string): boolean {
    return this.definitions.has(key);
  }

  all(): PermissionDefinition[] {
    return [...this.definitions.values()];
  }

  assertKnown(keys: string[]): void {
    const unknown = keys.find((k) => !this.has(k));
    if (unknown) throw new DomainError('UNKNOWN_PERMISSION', 400, { permission: unknown });
  }
}
