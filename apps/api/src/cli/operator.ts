/**
 * Platform operator accounts (operators provision districts; they never log in to one):
 *   npm run operator:create -- --username ops --display-name 运维 [--password ...]
 *   npm run operator:disable -- --username ops     (refused from their next request on)
 *   npm run operator:enable -- --username ops
 * The password may come from OPERATOR_PASSWORD instead of the command line.
 * With the embedded database, run it while the server is stopped.
 * In the runtime image (no compiler, no npm scripts' build) run the compiled file itself, with the
 * owner's DATABASE_URL: `node dist/apps/api/src/cli/operator.js create --username ops` (deploy/README.md).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { requireOwnerUrl, resolveDatabase } from '@tongxin/database';
import { createOperator, setOperatorStatus } from './operator-account';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { username: { type: 'string' }, password: { type: 'string' }, 'display-name': { type: 'string' } },
});
const command = positionals[0] ?? 'create';
const password = values.password ?? process.env.OPERATOR_PASSWORD;
if (!values.username || !['create', 'disable', 'enable'].includes(command) || (command === 'create' && !password)) {
  console.error(
    'usage: node dist/apps/api/src/cli/operator.js create --username NAME [--display-name NAME] (--password P | OPERATOR_PASSWORD=P)\n' +
      '       node dist/apps/api/src/cli/operator.js disable|enable --username NAME\n' +
      '       (from a checkout: npm run operator:create -- …, operator:disable, operator:enable)',
  );
  process.exit(2);
}
const db = await resolveDatabase();
try {
  const ownerUrl = requireOwnerUrl(db);
  if (command === 'create') {
    const created = await createOperator(
      ownerUrl,
      values.username,
      password!,
      values['display-name'] ?? values.username,
    );
    console.log(
      created ? `Created platform operator ${values.username}.` : `Operator ${values.username} already exists.`,
    );
    if (!created) process.exitCode = 1;
  } else {
    const status = command === 'disable' ? 'disabled' : 'active';
    const found = await setOperatorStatus(ownerUrl, values.username, status);
    console.log(found ? `Operator ${values.username} is now ${status}.` : `No operator ${values.username}.`);
    if (!found) process.exitCode = 1;
  }
} finally {
  await db.stop();
}
