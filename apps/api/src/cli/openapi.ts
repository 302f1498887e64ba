/**
 * Writes or checks the committed OpenAPI document (docs/openapi.json).
 *   write  regenerate it from the code
 *   check  fail when the code describes a different API than the committed file, or when the
 *          document is wrong for a client generator: two classes under one schema name, an
 *          operation without a summary (CI)
 * Runs the application in Nest's preview mode: modules are scanned, nothing connects.
 */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@tongxin/config';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from '../openapi';

const FILE = 'docs/openapi.json';
const config = AppConfig.fromEnv({ JWT_SECRET: 'openapi-export-only-not-a-real-secret-000000' });
// First-party plugins are part of the documented API; third-party ones are configured per deployment.
const catalog = await loadPluginCatalog({ env: {}, root: process.cwd() });
const app = await NestFactory.create(
  AppModule.forRoot({
    databaseUrl: 'postgres://unused@127.0.0.1:1/unused',
    config,
    catalog,
    queue: { kind: 'redis', url: 'redis://127.0.0.1:1' },
    runWorker: false,
  }),
  {
    preview: true,
    logger: false,
  },
);
const built = buildOpenApiDocument(app, { publicUrl: config.publicUrl });
const document = `${JSON.stringify(built.document, null, 2)}\n`;
await app.close();

const mode = process.argv[2];
if (mode === 'write') {
  await writeFile(FILE, document);
  console.log(`Wrote ${FILE}`);
  for (const p of built.problems) console.warn(`warning: ${p}`);
} else if (mode === 'check') {
  if (built.problems.length) {
    console.error(`The OpenAPI document is wrong:\n${built.problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  const committed = await readFile(FILE, 'utf8').catch(() => '');
  if (committed !== document) {
    console.error(`${FILE} is stale: run npm run openapi:export and commit the result.`);
    process.exit(1);
  }
  console.log(`${FILE} is current.`);
} else {
  console.error('usage: openapi <write|check>');
  process.exit(2);
}
