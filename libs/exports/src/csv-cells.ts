/**
 * CSV as Excel opens it: UTF-8 with a byte order mark (without one, Excel reads Chinese as GBK
 * mojibake), CRLF line ends and RFC 4180 quoting.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1+cmd|…`, `-`, `@`, and after a
 * tab or carriage return) starts with `'`, so it shows as the text it is (OWASP, CSV injection).
 * Applied to text only: numbers and dates are written as values, never as text.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One field, quoted when it holds a comma, a quote or a line break (quotes doubled). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
