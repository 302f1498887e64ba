import { maskAddress, maskIdNumber, maskPhone, type Language } from '@tongxin/http';
import { neutralizeFormula } from './csv-cells';

/** Personal data a column carries: masked in an export unless the caller may see it in full. */
export type PersonalData = 'phone' | 'idNumber' | 'address';

/** What a cell holds: text, a number, a yes/no, an instant (ISO 8601 in CSV, a date cell in XLSX). */
export type CellValue = string | number | boolean | Date | null | undefined;

/** One column of an export: its header in both languages and how a row's cell is read. */
export interface ExportColumn<R> {
  'zh-CN': string;
  en: string;
  value(row: R): CellValue;
  /** Masked (`138****5678`, `4104**********123X`, `南环路**号`) unless the export unmasks the row. */
  personal?: PersonalData;
}

const MASKS: Record<PersonalData, (v: string | null) => string | null> = {
  phone: maskPhone,
  idNumber: maskIdNumber,
  address: maskAddress,
};

export const headersOf = (columns: readonly Pick<ExportColumn<never>, Language>[], lang: Language) =>
  columns.map((c) => c[lang]);

/**
 * A row's cells as the sheet writers take them: personal columns masked unless `unmasked`, text
 * neutralised against formulas, yes/no in the reader's language, nothing undefined.
 */
export function cellsOf<R>(
  columns: readonly ExportColumn<R>[],
  row: R,
  unmasked: boolean,
  lang: Language,
): (string | number | Date | null)[] {
  return columns.map((column) => {
    const value = column.value(row);
    if (value === null || value === undefined) return null;
    if (typeof value === 'boolean') return value ? (lang === 'en' ? 'yes' : '是') : lang === 'en' ? 'no' : '否';
    if (typeof value === 'number' || value instanceof Date) return value;
    const text = column.personal && !unmasked ? (MASKS[column.personal](value) ?? '') : value;
    return neutralizeFormula(text);
  });
}
