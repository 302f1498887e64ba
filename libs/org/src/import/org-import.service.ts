import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { canOn } from '@tongxin/access';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import { TenantTransaction, type Scope } from '@tongxin/database';
import { badRequest, DomainError, type Language } from '@tongxin/http';
import type { Table } from '@tongxin/spreadsheets';
import { MAX_LEVEL } from '../org-levels';
import { OrgUnit } from '../org-unit.entity';
import { UNIT_CODE_PATTERN } from '../org-unit.dto';
import { childScope } from '../org-unit.service';
import { MAX_IMPORT_ROWS, type OrgImportProblemDto, type OrgImportResultDto } from './org-import.types';

interface Row {
  code: string;
  name: string;
  parentCode: string;
  level?: number;
}

type ProblemCode =
  | 'NOT_AN_OBJECT'
  | 'CODE_INVALID'
  | 'NAME_INVALID'
  | 'PARENT_CODE_INVALID'
  | 'LEVEL_INVALID'
  | 'UNKNOWN_FIELD'
  | 'DUPLICATE_IN_FILE'
  | 'CODE_EXISTS'
  | 'PARENT_NOT_FOUND'
  | 'PARENT_OUT_OF_SCOPE'
  | 'CYCLE'
  | 'LEVEL_TOO_DEEP'
  | 'LEVEL_MISMATCH';

const PROBLEMS: Record<ProblemCode, Record<Language, string>> = {
  NOT_AN_OBJECT: { 'zh-CN': '该行不是对象', en: 'The row is not an object' },
  CODE_INVALID: { 'zh-CN': '编码须为 1–64 位字母、数字、-_.', en: 'code must be 1–64 letters, digits, - _ .' },
  NAME_INVALID: { 'zh-CN': '名称须为 1–100 个字符', en: 'name must be 1–100 characters' },
  PARENT_CODE_INVALID: { 'zh-CN': '必须填写上级编码', en: 'parentCode is required' },
  LEVEL_INVALID: { 'zh-CN': '层级须为 2–5 的整数', en: 'level must be an integer from 2 to 5' },
  UNKNOWN_FIELD: { 'zh-CN': '不允许的字段', en: 'Unknown field' },
  DUPLICATE_IN_FILE: { 'zh-CN': '编码在导入数据中重复', en: 'The code appears more than once in the import' },
  CODE_EXISTS: { 'zh-CN': '编码已存在', en: 'A unit with this code already exists' },
  PARENT_NOT_FOUND: { 'zh-CN': '找不到上级组织', en: 'No unit has the parent code' },
  PARENT_OUT_OF_SCOPE: { 'zh-CN': '上级组织超出您的管辖范围', en: 'The parent is outside your scope' },
  CYCLE: { 'zh-CN': '上级关系形成循环', en: 'The parent codes form a cycle' },
  LEVEL_TOO_DEEP: { 'zh-CN': '超过第 5 级（网格党小组）', en: 'Deeper than level 5 (grid party group)' },
  LEVEL_MISMATCH: { 'zh-CN': '层级与上级不符', en: 'level does not equal the parent level + 1' },
};

const FIELDS = new Set(['code', 'name', 'parentCode', 'level']);
const INSERT_BATCH = 1000;

/**
 * Imports a whole district in one request: every row is validated against the file and the
 * database first, all problems are reported together, and nothing is written unless every row is good.
 */
@Injectable()
export class OrgImportService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly audit: AuditService,
  ) {}

  /** The rows of an uploaded table (CSV or XLSX) as import rows; unknown columns pass through to be reported. */
  rowsOf(table: Table): unknown[] {
    return table.rows.map(({ parent_code, level, ...rest }) => {
      // The header says parent_code; other columns pass through so unknown ones are reported.
      const row: Record<string, unknown> = { ...rest };
      if (parent_code !== undefined) row.parentCode = parent_code;
      if (level !== undefined && level !== '') row.level = /^\d+$/.test(level) ? Number(level) : level;
      return row;
    });
  }

  run(ctx: RequestContext, input: unknown[]): Promise<OrgImportResultDto> {
    if (input.length > MAX_IMPORT_ROWS) throw badRequest('IMPORT_TOO_LARGE', { max: MAX_IMPORT_ROWS });
    return this.tx.run(ctx.tenantId, async (em) => {
      const problems: OrgImportProblemDto[] = [];
      const report = (row: number, code: ProblemCode, field?: string) =>
        problems.push({ row, code, message: PROBLEMS[code][ctx.lang], ...(field ? { field } : {}) });

      // 1. Shape of each row.
      const rows: (Row | null)[] = input.map((raw, i) => this.shape(raw, i + 1, report));
      // Codes of rows refused for their own shape: rows naming them as parent are not blamed too.
      const refusedCodes = new Set(
        input.flatMap((raw, i) => {
          const code = rows[i] === null ? (raw as { code?: unknown } | null)?.code : undefined;
          return typeof code === 'string' ? [code] : [];
        }),
      );

      // 2. Codes against the file and the database.
      const firstRowOfCode = new Map<string, number>();
      rows.forEach((r, i) => {
        if (!r) return;
        if (firstRowOfCode.has(r.code)) report(i + 1, 'DUPLICATE_IN_FILE', 'code');
        else firstRowOfCode.set(r.code, i);
      });
      const referenced = [...new Set(rows.flatMap((r) => (r ? [r.code, r.parentCode] : [])))];
      const existing = new Map<string, OrgUnit>();
      for (let i = 0; i < referenced.length; i += 5000) {
        const found = await em
          .createQueryBuilder(OrgUnit, 'o')
          .where('o.code in (:...codes)', { codes: referenced.slice(i, i + 5000) })
          .getMany();
        for (const u of found) existing.set(u.code, u);
      }
      rows.forEach((r, i) => {
        if (r && existing.has(r.code)) report(i + 1, 'CODE_EXISTS', 'code');
      });

      // 3. Parents and levels: resolve each row's level through the chain of parents.
      const levels = new Map<number, number | null>();
      const levelOf = (index: number, seen: Set<number>): number | null => {
        if (levels.has(index)) return levels.get(index)!;
        const r = rows[index]!;
        const dbParent = existing.get(r.parentCode);
        let level: number | null = null;
        if (dbParent) {
          level = dbParent.level + 1;
        } else {
          const parentIndex = firstRowOfCode.get(r.parentCode);
          if (parentIndex !== undefined && rows[parentIndex] && !seen.has(parentIndex)) {
            seen.add(index);
            const parentLevel = levelOf(parentIndex, seen);
            level = parentLevel === null ? null : parentLevel + 1;
          }
        }
        levels.set(index, level);
        return level;
      };
      rows.forEach((r, i) => {
        if (!r || firstRowOfCode.get(r.code) !== i) return;
        const dbParent = existing.get(r.parentCode);
        const fileParent = firstRowOfCode.get(r.parentCode);
        if (!dbParent && fileParent === undefined) {
          if (refusedCodes.has(r.parentCode)) return; // the parent row's own problem is reported on that row
          return report(i + 1, 'PARENT_NOT_FOUND', 'parentCode');
        }
        if (dbParent && !canOn(ctx.ability, 'org.write', dbParent)) {
          // A parent the caller cannot even read is reported as missing: its existence is not theirs to learn.
          const visible = canOn(ctx.ability, 'org.read', dbParent);
          return report(i + 1, visible ? 'PARENT_OUT_OF_SCOPE' : 'PARENT_NOT_FOUND', 'parentCode');
        }
        const level = levelOf(i, new Set([i]));
        if (level === null) {
          if (fileParent !== undefined && rows[fileParent] && this.inCycle(i, rows, firstRowOfCode, existing)) {
            report(i + 1, 'CYCLE', 'parentCode');
          }
          return; // the parent row's own problem is reported on that row
        }
        if (level > MAX_LEVEL) return report(i + 1, 'LEVEL_TOO_DEEP', 'parentCode');
        if (r.level !== undefined && r.level !== level) report(i + 1, 'LEVEL_MISMATCH', 'level');
      });

      if (problems.length > 0) {
        problems.sort((a, b) => a.row - b.row);
        throw new DomainError('IMPORT_INVALID', 400, { count: new Set(problems.map((p) => p.row)).size }, problems);
      }

      // 4. Write, parents before children.
      const order = rows.map((_, i) => i).sort((a, b) => levels.get(a)! - levels.get(b)!);
      const byCode = new Map<string, Pick<OrgUnit, 'id' | 'level'> & Scope>(existing);
      const units: Partial<OrgUnit>[] = [];
      const byLevel: Record<string, number> = {};
      for (const i of order) {
        const r = rows[i]!;
        const parent = byCode.get(r.parentCode)!;
        const id = uuidv7();
        const level = parent.level + 1;
        const unit = {
          tenantId: ctx.tenantId,
          id,
          parentId: parent.id,
          level,
          code: r.code,
          name: r.name,
          ...childScope(parent, level, id),
        };
        byCode.set(r.code, unit);
        units.push(unit);
        byLevel[level] = (byLevel[level] ?? 0) + 1;
      }
      for (let i = 0; i < units.length; i += INSERT_BATCH) {
        await em
          .createQueryBuilder()
          .insert()
          .into(OrgUnit)
          .values(units.slice(i, i + INSERT_BATCH))
          .execute();
      }
      await this.audit.record(em, ctx, {
        action: 'org.import',
        entity: 'org_unit',
        entityId: null,
        after: { created: units.length, byLevel, codes: units.map((u) => u.code) },
      });
      return { created: units.length, byLevel };
    });
  }

  private shape(
    raw: unknown,
    row: number,
    report: (row: number, code: ProblemCode, field?: string) => void,
  ): Row | null {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      report(row, 'NOT_AN_OBJECT');
      return null;
    }
    const r = raw as Record<string, unknown>;
    let ok = true;
    for (const key of Object.keys(r)) {
      if (!FIELDS.has(key)) {
        report(row, 'UNKNOWN_FIELD', key);
        ok = false;
      }
    }
    if (typeof r.code !== 'string' || !UNIT_CODE_PATTERN.test(r.code)) {
      report(row, 'CODE_INVALID', 'code');
      ok = false;
    }
    if (typeof r.name !== 'string' || r.name.trim().length === 0 || r.name.length > 100) {
      report(row, 'NAME_INVALID', 'name');
      ok = false;
    }
    if (typeof r.parentCode !== 'string' || r.parentCode.length === 0 || r.parentCode.length > 64) {
      report(row, 'PARENT_CODE_INVALID', 'parentCode');
      ok = false;
    }
    if (r.level !== undefined && !(Number.isInteger(r.level) && (r.level as number) >= 2 && (r.level as number) <= 5)) {
      report(row, 'LEVEL_INVALID', 'level');
      ok = false;
    }
    if (!ok) return null;
    return {
      code: r.code as string,
      name: (r.name as string).trim(),
      parentCode: r.parentCode as string,
      ...(r.level !== undefined ? { level: r.level as number } : {}),
    };
  }

  /** Follows parent codes within the file; true if the walk from `start` comes back to a row it visited. */
  private inCycle(
    start: number,
    rows: (Row | null)[],
    firstRowOfCode: Map<string, number>,
    existing: Map<string, OrgUnit>,
  ): boolean {
    const seen = new Set<number>();
    let current: number | undefined = start;
    while (current !== undefined) {
      if (seen.has(current)) return true;
      seen.add(current);
      const r: Row | null | undefined = rows[current];
      if (!r || existing.has(r.parentCode)) return false;
      current = firstRowOfCode.get(r.parentCode);
    }
    return false;
  }
}
