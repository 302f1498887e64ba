import { readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTableIn } from '@tongxin/plugin-sdk';
import { REGISTRATION_WORKFLOW } from '../src/registrations/registration-workflow';

describe('the README’s registration status table', () => {
  it('is the workflow the service enforces', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8');
    expect(markdownTableIn(readme, 'registration-transitions')).toBe(REGISTRATION_WORKFLOW.markdownTable());
  });
});
