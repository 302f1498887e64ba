import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { CasesController } from '../src/cases/cases.controller';
import { CASE_TRANSITIONS, CASE_WORKFLOW } from '../src/cases/case-workflow';

/** The table in the README, as the state machine itself would print it. */
export function transitionsTable(): string {
  const rows = CASE_TRANSITIONS.map(
    (t) =>
      `| \`${t.action}\` ${t.names['zh-CN']} | ${t.from.join(', ')} | ${t.to} | ${t.actor} | ${t.requires.join(', ') || '—'} | ${t.publicReply ? 'optional' : '—'} |`,
  );
  return ['| action | from | to | who | needs | public reply |', '| --- | --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

describe('the README’s transition table', () => {
  it('is the state machine the service enforces', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8');
    const between = /<!-- transitions:start -->([\s\S]*?)<!-- transitions:end -->/.exec(readme)?.[1]?.trim();
    expect(between?.replace(/ +/g, ' ').replace(/-{3,}/g, '---')).toBe(transitionsTable());
  });

  it('is what the SDK renders from the workflow, the public reply column added', () => {
    const publicReply = {
      header: 'public reply',
      cell: (t: { publicReply: boolean }) => (t.publicReply ? 'optional' : '—'),
    };
    expect(CASE_WORKFLOW.markdownTable([publicReply])).toBe(transitionsTable());
  });
});

describe('public replies', () => {
  // Every transition a caller fires has its route; `take-back` is the grid's own, on a refused referral.
  it.each(CASE_TRANSITIONS.filter((t) => t.actor !== 'referral').map((t) => [t.action, t.publicReply] as const))(
    '`%s` takes a publicReply in its request body: %s (as the table says)',
    (action, answers) => {
      const body = Reflect.getMetadata('design:paramtypes', CasesController.prototype, action)[2] as new () => object;
      const dto = plainToInstance(body, {
        note: '内部说明',
        publicReply: '答复群众',
        unitId: '0190a0a0-0000-7000-8000-000000000000',
      });
      const refused = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property);
      expect(refused.includes('publicReply')).toBe(!answers);
    },
  );
});
