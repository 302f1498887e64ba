import type { MessageParams } from './domain-error';
import { ERROR_MESSAGES } from './error-codes';
import type { Language } from './language';

/** Names of things in messages (`{entity}` in NOT_FOUND), keyed by the entity names services use. */
const ENTITY_NAMES: Record<string, Record<Language, string>> = {
  org_unit: { 'zh-CN': '组织', en: 'Org unit' },
  user: { 'zh-CN': '用户', en: 'User' },
  role: { 'zh-CN': '角色', en: 'Role' },
  role_assignment: { 'zh-CN': '角色授权', en: 'Role assignment' },
  partner_body: { 'zh-CN': '共建单位', en: 'Partner body' },
  tenant: { 'zh-CN': '租户', en: 'Tenant' },
  notification: { 'zh-CN': '通知', en: 'Notification' },
  calendar_override: { 'zh-CN': '工作日历调整', en: 'Calendar override' },
  referral: { 'zh-CN': '移交', en: 'Referral' },
};

/** Names of permissions (`{permissionName}` beside `{permission}`), registered by the permission registry. */
const PERMISSION_NAMES = new Map<string, Record<Language, string>>();

export function registerPermissionName(key: string, names: Record<Language, string>): void {
  PERMISSION_NAMES.set(key, names);
}

/** Messages of the codes plugins define, registered by the plugin host at boot. */
const PLUGIN_MESSAGES = new Map<string, Record<Language, string>>();

/** Adds a plugin's error codes to the catalogue; a code the core already uses cannot be redefined. */
export function registerEntityNames(names: Record<string, Record<Language, string>>): void {
  Object.assign(ENTITY_NAMES, names);
}

export function registerErrorMessages(messages: Record<string, Record<Language, string>>): void {
  for (const [code, text] of Object.entries(messages)) {
    if (code in ERROR_MESSAGES) throw new Error(`error code ${code} is the core's`);
    PLUGIN_MESSAGES.set(code, text);
  }
}

export function messageFor(code: string, lang: Language, params: MessageParams = {}): string {
  const text = (ERROR_MESSAGES as Record<string, Record<Language, string>>)[code] ?? PLUGIN_MESSAGES.get(code);
  const template: string = text?.[lang] ?? code;
  const valueOf = (key: string): string | undefined => {
    const permission = params.permission;
    if (key === 'permissionName' && typeof permission === 'string' && params.permissionName === undefined)
      return PERMISSION_NAMES.get(permission)?.[lang] ?? permission;
    const value = params[key];
    if (value === undefined) return undefined;
    if (typeof value === 'object') return value[lang];
    return key === 'entity' ? (ENTITY_NAMES[String(value)]?.[lang] ?? String(value)) : String(value);
  };
  const fill = (part: string) => part.replace(/\{(\w+)\}/g, (_, key: string) => valueOf(key) ?? `{${key}}`);
  // An optional part is kept only when every parameter in it was given.
  const withOptional = template.replace(/\[\[(.*?)\]\]/g, (_, part: string) =>
    [...part.matchAll(/\{(\w+)\}/g)].every(([, key]) => valueOf(key!) !== undefined) ? part : '',
  );
  return fill(withOptional);
}
