import { formatPrettyLine } from './pretty-log';

describe('pretty logs (LOG_FORMAT=pretty, the default on a terminal)', () => {
  const line = (entry: object) => `${JSON.stringify(entry)}\n`;

  it('shows time, level and message first, then the fields, without the noise every line has', () => {
    const out = formatPrettyLine(
      line({
        level: 30,
        time: '2026-12-03T14:02:07.311Z',
        service: 'tongxin',
        pid: 1,
        hostname: 'h',
        port: 3000,
        embedded: true,
        msg: 'Tongxin API listening',
      }),
    );
    expect(out).toBe('14:02:07.311 INFO  Tongxin API listening  port=3000 embedded=true\n');
  });

  it('quotes values with spaces, prints an error stack indented under its line, colours only when asked', () => {
    const out = formatPrettyLine(
      line({
        level: 50,
        time: '2026-12-03T14:02:07.311Z',
        msg: 'scrape failed',
        note: 'two words',
        err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x (y.js:1:1)' },
      }),
    );
    expect(out).toBe('14:02:07.311 ERROR scrape failed  note="two words"\n    Error: boom\n        at x (y.js:1:1)\n');
    expect(formatPrettyLine(line({ level: 40, msg: 'w' }), true)).toContain('\u001b[33mWARN ');
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatPrettyLine('plain text')).toBe('plain text\n');
  });
});
