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
};

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

export function messageFor(code: string, lang: Language, params: Record<string, string | number> = {}): string {
  const text = (ERROR_MESSAGES as Record<string, Record<Language, string>>)[code] ?? PLUGIN_MESSAGES.get(code);
  const template: string = text?.[lang] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) return `{${key}}`;
    return key === 'entity' ? (ENTITY_NAMES[String(value)]?.[lang] ?? String(value)) : String(value);
  });
}

/** Field-level validation messages in Chinese, keyed by class-validator constraint name. */
const ZH_CONSTRAINTS: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isString: '必须是字符串',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isBoolean: '必须是布尔值',
  isUuid: '必须是 UUID',
  isEnum: '取值不在允许范围内',
  isIn: '取值不在允许范围内',
  isNotEmpty: '不能为空',
  isDefined: '必须提供',
  maxLength: '超出最大长度',
  minLength: '长度不足',
  max: '超出最大值',
  min: '小于最小值',
  matches: '格式不正确',
  isArray: '必须是数组',
  arrayMaxSize: '数组元素过多',
  arrayMinSize: '数组元素过少',
  arrayNotEmpty: '不能为空数组',
  isIso8601: '必须是 ISO 8601 时间',
  isObject: '必须是对象',
  nestedValidation: '嵌套对象无效',
  isMobilePhone: '必须是手机号码',
  maxDepth: '嵌套层级过深',
};

export function constraintMessage(constraint: string, english: string, lang: Language): string {
  if (lang === 'en') return english;
  return ZH_CONSTRAINTS[constraint] ?? english;
}
