/**
 * One pino JSON line as a person reads it: `14:02:07.311 INFO  Tongxin API listening  port=3000`.
 * Written here instead of pulling in pino-pretty: a dozen lines cover what the server logs.
 */
const LEVELS: Record<number, [name: string, color: string]> = {
  10: ['TRACE', '90'],
  20: ['DEBUG', '36'],
  30: ['INFO ', '32'],
  40: ['WARN ', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '35'],
};
// Fields every line has, or that the layout shows already.
const OMITTED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'err']);

export function formatPrettyLine(line: string, color = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const [name, code] = LEVELS[Number(entry.level)] ?? ['LOG  ', '0'];
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : new Date().toISOString().slice(11, 23);
  const fields = Object.entries(entry)
    .filter(([key, value]) => !OMITTED.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`);
  const err = entry.err as { type?: string; message?: string; stack?: string } | undefined;
  const detail = err
    ? `\n    ${(err.stack ?? `${err.type ?? 'Error'}: ${err.message ?? ''}`).replace(/\n/g, '\n    ')}`
    : '';
  const head = `${paint('90', time)} ${paint(code, name)} ${typeof entry.msg === 'string' ? entry.msg : JSON.stringify(entry.msg ?? '')}`;
  return `${head}${fields.length ? `  ${paint('90', fields.join(' '))}` : ''}${detail}\n`;
}

/** A pino destination that writes pretty lines to `out` (stdout). */
export function prettyDestination(out: NodeJS.WriteStream, color = Boolean(out.isTTY)): { write(line: string): void } {
  return { write: (line: string) => void out.write(formatPrettyLine(line, color)) };
}
