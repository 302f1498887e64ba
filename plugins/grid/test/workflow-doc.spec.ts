import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CASE_TRANSITIONS } from '../src/cases/case-workflow';

/** The table in the README, as the state machine itself would print it. */
export function transitionsTable(): string {
  const rows = CASE_TRANSITIONS.map(
    (t) =>
      `| \`${t.action}\` ${t.names['zh-CN']} | ${t.from.join(', ')} | ${t.to} | ${t.actor} | ${t.requires.join(', ') || '—'} |`,
  );
  return ['| action | from | to | who | needs |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

describe('the README’s transition table', () => {
  it('is the state machine the service enforces', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8');
    const between = /<!-- transitions:start -->([\s\S]*?)<!-- transitions:end -->/.exec(readme)?.[1]?.trim();
    expect(between?.replace(/ +/g, ' ').replace(/-{3,}/g, '---')).toBe(transitionsTable());
  });
});
