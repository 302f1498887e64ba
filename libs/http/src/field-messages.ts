import type { Language } from './language';

/**
 * What the message of one failed constraint may use: the decorator's arguments (`@MaxLength(100)`
 * → `[100]`) and whether it applies to each element of an array (`each: true`).
 */
export interface ConstraintFacts {
  args: readonly unknown[];
  each: boolean;
}

type Template = (args: readonly unknown[]) => string;

/** A list of allowed values as people read it; a very long list is cut short. */
function listed(values: unknown, max = 20): string {
  const all = Array.isArray(values) ? values.map(String) : [];
  return all.length > max ? `${all.slice(0, max).join('、')} 等 ${all.length} 项` : all.join('、');
}

const has = (a: readonly unknown[], i: number) => a[i] !== undefined && a[i] !== null;
const arg = (a: readonly unknown[], i: number) => String(a[i]);

/**
 * Field-level validation messages in Chinese, keyed by class-validator constraint name, with the
 * limits the English ones give (`@MaxLength(100)` → "长度不能超过 100 个字符"). English comes from
 * class-validator itself, which states them already. Every constraint a DTO in the repository
 * uses must be here: tests/field-messages.spec.ts walks class-validator's metadata to check.
 */
export const ZH_CONSTRAINTS: Record<string, Template> = {
  isDefined: () => '必填',
  whitelistValidation: () => '不允许的字段',
  nestedValidation: () => '必须是对象或对象数组',
  maxDepth: (a) => (has(a, 0) ? `嵌套层级不能超过 ${arg(a, 0)} 层` : '嵌套层级过深'),
  isString: () => '必须是字符串',
  isInt: () => '必须是整数',
  isNumber: () => '必须是数字',
  isBoolean: () => '必须是布尔值（true 或 false）',
  isUuid: () => '必须是 UUID',
  isUrl: () => '必须是有效的网址（https://…）',
  isObject: () => '必须是对象',
  isArray: () => '必须是数组',
  isIso8601: () => '必须是 ISO 8601 时间',
  isMobilePhone: () => '必须是手机号码',
  isLatitude: () => '必须是纬度（-90 到 90 之间的数）',
  isLongitude: () => '必须是经度（-180 到 180 之间的数）',
  isBase64: () => '必须是 Base64 编码',
  isIp: (a) => (has(a, 0) ? `必须是 IPv${arg(a, 0)} 地址` : '必须是 IP 地址'),
  isEnum: (a) => (Array.isArray(a[1]) ? `取值须为以下之一：${listed(a[1])}` : '取值不在允许范围内'),
  isIn: (a) => (Array.isArray(a[0]) ? `取值须为以下之一：${listed(a[0])}` : '取值不在允许范围内'),
  isNotEmpty: () => '不能为空',
  notEquals: (a) => (has(a, 0) ? `不能等于 ${arg(a, 0)}` : '取值不允许'),
  matches: (a) => (a[0] instanceof RegExp ? `格式不正确（须符合 ${arg(a, 0)}）` : '格式不正确'),
  maxLength: (a) => (has(a, 0) ? `长度不能超过 ${arg(a, 0)} 个字符` : '超出最大长度'),
  minLength: (a) => (has(a, 0) ? `长度不能少于 ${arg(a, 0)} 个字符` : '长度不足'),
  isLength: (a) =>
    has(a, 1)
      ? `长度须为 ${arg(a, 0)}–${arg(a, 1)} 个字符`
      : has(a, 0)
        ? `长度不能少于 ${arg(a, 0)} 个字符`
        : '长度不符合要求',
  max: (a) => (has(a, 0) ? `不能大于 ${arg(a, 0)}` : '超出最大值'),
  min: (a) => (has(a, 0) ? `不能小于 ${arg(a, 0)}` : '小于最小值'),
  arrayMaxSize: (a) => (has(a, 0) ? `最多 ${arg(a, 0)} 个元素` : '数组元素过多'),
  arrayMinSize: (a) => (has(a, 0) ? `至少需要 ${arg(a, 0)} 个元素` : '数组元素过少'),
  arrayNotEmpty: () => '不能为空数组',
  arrayUnique: () => '元素不能重复',
};

/** The message for one failed constraint in the caller's language (English: class-validator's own). */
export function constraintMessage(
  constraint: string,
  english: string,
  lang: Language,
  facts: ConstraintFacts = { args: [], each: false },
): string {
  if (lang === 'en') return english;
  const template = ZH_CONSTRAINTS[constraint];
  if (!template) return english;
  const message = template(facts.args);
  return facts.each ? `每个元素${message}` : message;
}

/** The one message for a required field left out, whatever its other constraints say. */
export function requiredMessage(property: string, lang: Language): string {
  return lang === 'en' ? `${property} is required` : '必填';
}
