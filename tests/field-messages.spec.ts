import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getMetadataStorage } from 'class-validator';
import { constraintMessage, constraintName, ZH_CONSTRAINTS } from '@tongxin/http';

/**
 * Every class-validator constraint any DTO of the repository uses (core, plugins, the example
 * plugin) has a Chinese message, with the decorator's limits in it, and an English one. Found by
 * loading every source file that declares validation and walking class-validator's metadata, so
 * a new decorator on a new DTO cannot fall back to English in a Chinese answer unnoticed.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCES = ['apps', 'libs', 'plugins', 'examples'];
const VALIDATES = /from '(class-validator|@tongxin\/plugin-sdk)'/;
const SKIP = /(\.spec\.ts|\/main\.ts|\/cli\/|\/migrations\/|\/test\/|\.d\.ts)$|\/(cli|migrations|test)\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !SKIP.test(full) ? [full] : [];
  });
}

type Metadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** Kinds of metadata that mark a field optional or conditional rather than refuse anything. */
const NOT_A_REFUSAL = new Set(['conditionalValidation', 'whitelistValidation']);

describe('field messages', () => {
  let used: Metadata[];

  beforeAll(async () => {
    const files = SOURCES.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).filter((f) =>
      VALIDATES.test(readFileSync(f, 'utf8')),
    );
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) await import(pathToFileURL(file).href);
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, Metadata[]> };
    used = [...storage.validationMetadatas.values()].flat().filter((m) => !NOT_A_REFUSAL.has(m.type));
  });

  it('found the DTOs of the core and of every plugin', () => {
    const names = new Set(used.map((m) => constraintName(m)));
    // One constraint the core uses, one of each plugin's, and the ones the zh-CN catalogue lacked.
    for (const name of ['maxLength', 'isIn', 'isLatitude', 'isLongitude', 'arrayUnique', 'isLength', 'isBase64'])
      expect(names).toContain(name);
    const targets = new Set(used.map((m) => (m.target as { name: string }).name));
    for (const dto of ['CreateOrgUnitDto', 'CreateCaseDto', 'LoginDto']) expect(targets).toContain(dto);
  });

  it('has a Chinese message for every constraint a DTO uses', () => {
    const missing = used
      .filter((m) => !(constraintName(m) in ZH_CONSTRAINTS))
      .map((m) => `${(m.target as { name: string }).name}.${m.propertyName}: ${constraintName(m)}`);
    expect(missing).toEqual([]);
  });

  it('puts the limits the English message gives into the Chinese one', () => {
    const limitless = used.flatMap((m) => {
      const numbers = (m.constraints ?? []).filter((c): c is number => typeof c === 'number');
      const zh = constraintMessage(constraintName(m), '', 'zh-CN', { args: m.constraints ?? [], each: m.each });
      const lacking = numbers.filter((n) => !zh.includes(String(n)));
      return lacking.length
        ? [`${(m.target as { name: string }).name}.${m.propertyName}: “${zh}” lacks ${lacking.join(', ')}`]
        : [];
    });
    expect(limitless).toEqual([]);
  });

  it('has an English message for every constraint a DTO uses', () => {
    const missing = used.filter((m) => {
      if (m.message !== undefined) return false;
      // Built-in kinds (nested, isDefined) have class-validator's own; the rest their constraint's default.
      if (m.type !== 'customValidation') return false;
      const constraint = new (m.constraintCls as new () => { defaultMessage?: (args: object) => string })();
      const english = constraint.defaultMessage?.({
        constraints: m.constraints,
        property: m.propertyName,
        value: undefined,
        targetName: '',
        object: {},
      });
      return typeof english !== 'string' || english.length === 0;
    });
    expect(missing.map((m) => `${(m.target as { name: string }).name}.${m.propertyName}`)).toEqual([]);
  });

  it('says "each element" for constraints on every element of an array', () => {
    expect(constraintMessage('isLength', 'each value in tags …', 'zh-CN', { args: [1, 64], each: true })).toBe(
      '每个元素长度须为 1–64 个字符',
    );
  });
});
