/**
 * Creates a platform operator account (operators provision districts; they never log in to one).
 *   npm run operator:create -- --username ops --display-name 运维 [--password ...]
 * The password may come from OPERATOR_PASSWORD instead of the command line.
 * With the embedded database, run it while the server is stopped.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { requireOwnerUrl, resolveDatabase } from '@tongxin/database';
import { createOperator } from './operator-account';

const { values } = parseArgs({
  options: { username: { type: 'string' }, password: { type: 'string' }, 'display-name': { type: 'string' } },
});
const password = values.password ?? process.env.OPERATOR_PASSWORD;
if (!values.username || !password) {
  console.error(
    'usage: npm run operator:create -- --username NAME [--display-name NAME] (--password P | OPERATOR_PASSWORD=P)',
  );
  process.exit(2);
}
const db = await resolveDatabase();
try {
  const created = await createOperator(
    requireOwnerUrl(db),
    values.username,
    password,
    values['display-name'] ?? values.username,
  );
  console.log(
    created ? `Created platform operator ${values.username}.` : `Operator ${values.username} already exists.`,
  );
  if (!created) process.exitCode = 1;
} finally {
  await db.stop();
}
