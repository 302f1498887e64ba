#!/usr/bin/env node
/**
 * Scaffolds a plugin: `npm run plugin:new -- <id> [--dir plugins|examples]`, or a standalone
 * project anywhere: `npm run plugin:new -- <id> --out <dir> [--sdk <range or file:…tgz>]`.
 *
 * Writes `<dir>/<id>/` with a working plugin modelled on the probe fixture: a manifest with one
 * permission pair (read/write), a settings class, one scoped entity and its migration (row-level
 * security through isolateTenantTable), a controller with GET/POST `items`, a service using
 * Tongxin.transaction and scopeCondition, a README, and an end-to-end test that also runs the
 * conformance suite. A standalone project (`--out`) also gets its own package.json (the SDK as a
 * dev dependency, by version or by the tarball `npm run sdk:pack` wrote), tsconfig.json, a Jest
 * config running the compiled tests, and test support from `@tongxin/plugin-sdk/testing`; it
 * builds with `npm run build` and tests with `TONGXIN_HOME=<a built Tongxin checkout> npm test`.
 * See docs/plugins.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The catalogue's own rules for ids, from the SDK's build (built first when missing).
const PLUGIN_ID_MODULE = path.join(ROOT, 'dist/libs/plugin-sdk/src/plugin-id.js');
if (!existsSync(PLUGIN_ID_MODULE)) execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
const { PLUGIN_ID_RE: ID_RE, RESERVED_PLUGIN_IDS: RESERVED_IDS } = await import(pathToFileURL(PLUGIN_ID_MODULE).href);
const DIRS = ['plugins', 'examples'];
const SDK_VERSION = JSON.parse(readFileSync(path.join(ROOT, 'libs/plugin-sdk/package.json'), 'utf8')).version;
const ROOT_PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function usage(message) {
  if (message) console.error(`plugin:new: ${message}`);
  console.error('usage: npm run plugin:new -- <id> [--dir plugins|examples]');
  console.error('       npm run plugin:new -- <id> --out <dir> [--sdk <version range | file:path/to/sdk.tgz>]');
  console.error('  <id>: 3–40 lowercase letters, digits or hyphens, starting with a letter (e.g. volunteer-points)');
  process.exit(2);
}

function parseArgs(argv) {
  let id;
  let dir = 'plugins';
  let out;
  let sdk = `^${SDK_VERSION}`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dir') dir = argv[++i];
    else if (arg.startsWith('--dir=')) dir = arg.slice('--dir='.length);
    else if (arg === '--out') out = argv[++i];
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--sdk') sdk = argv[++i];
    else if (arg.startsWith('--sdk=')) sdk = arg.slice('--sdk='.length);
    else if (arg === '-h' || arg === '--help') usage();
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else if (id === undefined) id = arg;
    else usage(`unexpected argument ${arg}`);
  }
  if (!id) usage('name the plugin');
  if (!ID_RE.test(id))
    usage(`"${id}" is not a plugin id: 3–40 lowercase letters, digits or hyphens, starting with a letter`);
  if (RESERVED_IDS.has(id)) usage(`"${id}" is reserved by the core`);
  if (!DIRS.includes(dir)) usage(`--dir must be one of ${DIRS.join(', ')}`);
  if (out === '' || (out === undefined && argv.some((a) => a === '--out'))) usage('--out needs a directory');
  if (!sdk) usage('--sdk needs a version range or a file: path');
  // npm runs scripts from the repository root; a relative --out means where the command was typed.
  const standalone = out !== undefined;
  if (standalone && sdk.startsWith('file:') && !path.isAbsolute(sdk.slice(5)))
    sdk = `file:${path.resolve(process.env.INIT_CWD ?? process.cwd(), sdk.slice(5))}`;
  return {
    id,
    dir,
    standalone,
    sdk,
    out: standalone ? path.resolve(process.env.INIT_CWD ?? process.cwd(), out) : null,
  };
}

const pascal = (id) =>
  id
    .split('-')
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('');
const title = (id) =>
  id
    .split('-')
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join(' ');

/** Every file of the new plugin, by path relative to its folder. */
function files({ id, dir }) {
  const prefix = id.replace(/-/g, '_');
  const P = pascal(id);
  const table = `${prefix}_items`;
  const ts = Date.now();
  const migration = `${P}Items${ts}`;
  const limitCode = `${prefix.toUpperCase()}_ITEM_LIMIT`;
  const read = `plugin:${id}.item.read`;

  return {
    'package.json': `${JSON.stringify(
      {
        name: dir === 'plugins' ? `@tongxin-plugins/${id}` : `tongxin-plugin-${id}`,
        version: '0.1.0',
        private: true,
        description: `${title(id)}: a Tongxin practice plugin.`,
        type: 'module',
        // What the server loads (compiled by \`npm run build\`); tests load \`tongxin.source\`.
        main: `../../dist/${dir}/${id}/src/index.js`,
        tongxin: { source: './src/index.ts' },
        peerDependencies: { '@tongxin/plugin-sdk': '^1.0.0' },
      },
      null,
      2,
    )}\n`,

    'README.md': `# ${title(id)} (\`${id}\`)

A Tongxin practice plugin, scaffolded by \`npm run plugin:new -- ${id}\`. The guide is
[docs/plugins.md](../../docs/plugins.md).

| What              | Where                                                                 |
| ----------------- | --------------------------------------------------------------------- |
| Manifest          | \`src/index.ts\` (id \`${id}\`, permissions \`plugin:${id}.item.read\` / \`.item.write\`) |
| Settings          | \`src/settings.ts\` (defaults are the property initialisers)           |
| Table             | \`${table}\` (\`src/item.entity.ts\`, \`src/migrations/\`)                |
| Routes            | \`GET\` / \`POST /api/v1/plugins/${id}/items\` (\`src/items.controller.ts\`) |
| Business rules    | \`src/items.service.ts\`                                                |
| Tests             | \`test/${id}.e2e.spec.ts\` (with the conformance suite)                 |

## Develop

\`\`\`bash
npm test -- ${dir}/${id}            # end-to-end tests and the conformance suite
npx tsc -p tsconfig.json            # types
npx eslint ${dir}/${id}             # a plugin imports @tongxin/plugin-sdk and nothing else of the core
npm run build                       # compiles to ${`dist/${dir}/${id}/`}
\`\`\`

${
  dir === 'plugins'
    ? 'First-party plugins in `plugins/` are loaded by every server.'
    : `Load it with \`TONGXIN_PLUGINS=./${dir}/${id}\` (comma-separate several).`
} Apply its migrations with
\`npm run migration:run\`, then a district administrator enables it:

\`\`\`bash
curl -X POST -H "Authorization: Bearer $TOKEN" http://localhost:3000/api/v1/plugins/${id}/enable
\`\`\`

## Changing the schema

Change \`src/item.entity.ts\`, then add a migration to \`src/migrations/\` and to \`migrations\` in
\`src/index.ts\`: every new table gets \`isolateTenantTable\` in \`up\` and \`releaseTenantTable\` in
\`down\`. The conformance suite fails when the entities and the migrations disagree.
`,

    'src/constants.ts': `/** The plugin's id: its route prefix, permission prefix and (hyphens as underscores) table prefix. */
export const PLUGIN_ID = '${id}';

/** Full permission keys, as routes and scope checks name them. */
export const ITEM_READ = \`plugin:\${PLUGIN_ID}.item.read\`;
export const ITEM_WRITE = \`plugin:\${PLUGIN_ID}.item.write\`;

/** The plugin's own error codes (messages in the manifest's \`errors\`). */
export const ITEM_LIMIT = '${limitCode}';
`,

    'src/settings.ts': `import { IsInt, Max, Min } from '@tongxin/plugin-sdk';

/**
 * What a district may change with \`PATCH /api/v1/plugins/${id}/settings\`. The property
 * initialisers are the defaults; every property needs validation decorators.
 */
export class ${P}Settings {
  /** The most items one org unit may hold. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxItemsPerUnit = 1000;
}
`,

    'src/item.entity.ts': `import { Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';

/**
 * An item kept at an org unit. ScopedEntity gives it (tenant_id, id) as primary key and the five
 * scope columns (district … group) filled from its unit, so scope filters are index-backed equalities.
 */
@Entity('${table}')
@Index('ix_${table}_street', ['tenantId', 'streetId'])
@Index('ix_${table}_community', ['tenantId', 'communityId'])
@Index('ix_${table}_grid', ['tenantId', 'gridId'])
@Index('ix_${table}_unit', ['tenantId', 'unitId'])
@ForeignKey('User', ['tenantId', 'createdBy'], ['tenantId', 'id'], { name: 'fk_${table}_created_by' })
export class ${P}Item extends ScopedEntity {
  /** The unit the item belongs to (its scope columns are that unit and its ancestors). */
  @Column('uuid')
  unitId!: string;

  @Column('varchar', { length: 200 })
  title!: string;

  /** The user who created it. */
  @Column('uuid')
  createdBy!: string;
}
`,

    [`src/migrations/${ts}-items.ts`]: `import { isolateTenantTable, releaseTenantTable, type MigrationInterface, type QueryRunner } from '@tongxin/plugin-sdk';

/** The items table, under the tenant's row-level security. */
export class ${migration} implements MigrationInterface {
  name = '${migration}';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      \`CREATE TABLE "${table}" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "district_id" uuid NOT NULL, "street_id" uuid, "community_id" uuid, "grid_id" uuid, "group_id" uuid, "unit_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "created_by" uuid NOT NULL, CONSTRAINT "PK_${table}" PRIMARY KEY ("tenant_id", "id"))\`,
    );
    await queryRunner.query('CREATE INDEX "ix_${table}_street" ON "${table}" ("tenant_id", "street_id")');
    await queryRunner.query('CREATE INDEX "ix_${table}_community" ON "${table}" ("tenant_id", "community_id")');
    await queryRunner.query('CREATE INDEX "ix_${table}_grid" ON "${table}" ("tenant_id", "grid_id")');
    await queryRunner.query('CREATE INDEX "ix_${table}_unit" ON "${table}" ("tenant_id", "unit_id")');
    await queryRunner.query(
      'ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_created_by" FOREIGN KEY ("tenant_id", "created_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    // Row-level security enabled and forced, the tenant_isolation policy, the server's grants.
    await isolateTenantTable(queryRunner, '${table}');
  }

  /** Exactly \`up\` undone, newest first. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await releaseTenantTable(queryRunner, '${table}');
    await queryRunner.query('ALTER TABLE "${table}" DROP CONSTRAINT "fk_${table}_created_by"');
    await queryRunner.query('DROP INDEX "public"."ix_${table}_unit"');
    await queryRunner.query('DROP INDEX "public"."ix_${table}_grid"');
    await queryRunner.query('DROP INDEX "public"."ix_${table}_community"');
    await queryRunner.query('DROP INDEX "public"."ix_${table}_street"');
    await queryRunner.query('DROP TABLE "${table}"');
  }
}
`,

    'src/items.dto.ts': `import { ApiProperty, IsString, IsUUID, MaxLength, MinLength } from '@tongxin/plugin-sdk';

export class Create${P}ItemDto {
  @ApiProperty({ format: 'uuid', description: 'The org unit the item belongs to' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;
}

/** An item as clients see it (never the entity itself). */
export class ${P}ItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ${P}ItemPageView {
  @ApiProperty({ type: [${P}ItemView] }) items!: ${P}ItemView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page' })
  nextCursor!: string | null;
}
`,

    'src/items.service.ts': `import {
  decodeCursor,
  Injectable,
  NotFoundError,
  pageSize,
  PluginError,
  toPage,
  Tongxin,
  type Page,
  type PageQueryDto,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { ITEM_LIMIT, ITEM_READ, ITEM_WRITE } from './constants';
import { ${P}Item } from './item.entity';
import type { Create${P}ItemDto, ${P}ItemView } from './items.dto';
import type { ${P}Settings } from './settings';

const view = (item: ${P}Item): ${P}ItemView => ({
  id: item.id,
  unitId: item.unitId,
  title: item.title,
  createdBy: item.createdBy,
  createdAt: new Date(item.createdAt).toISOString(),
});

/** The business rules: one tenant transaction per request, scope checked against the caller's roles. */
@Injectable()
export class ${P}ItemsService {
  constructor(private readonly tongxin: Tongxin) {}

  create(ctx: PluginRequestContext, dto: Create${P}ItemDto): Promise<${P}ItemView> {
    return this.tongxin.transaction(ctx, async (tx) => {
      // Out of the caller's scope answers like a unit that does not exist; readable but not writable is 403.
      const unit = await tx.hierarchy.requireUnit(dto.unitId);
      if (!this.tongxin.can(ctx, ITEM_READ, unit) && !this.tongxin.can(ctx, ITEM_WRITE, unit))
        throw new NotFoundError('org_unit');
      this.tongxin.assertCan(ctx, ITEM_WRITE, unit);

      const { maxItemsPerUnit } = await tx.settings<${P}Settings>();
      const [held] = await tx.query<{ n: number }>('select count(*)::int as n from ${table} where unit_id = $1', [
        unit.id,
      ]);
      if ((held?.n ?? 0) >= maxItemsPerUnit) throw new PluginError(ITEM_LIMIT, 409, { limit: maxItemsPerUnit });

      // insert fills tenant_id, a uuid v7 id and the scope columns from the unit.
      const item = await tx
        .repository(${P}Item)
        .insert({ unitId: unit.id, title: dto.title, createdBy: ctx.userId }, { unitId: unit.id });
      await tx.audit('item.create', 'item', item.id, null, { unitId: unit.id, title: dto.title });
      return view(item);
    });
  }

  /** Items wherever the caller holds item.read, oldest first, a page at a time. */
  list(ctx: PluginRequestContext, query: PageQueryDto): Promise<Page<${P}ItemView>> {
    return this.tongxin.transaction(ctx, async (tx) => {
      const limit = pageSize(query);
      const after = decodeCursor(query.cursor);
      // The caller's scope as SQL over the scope columns: filtering happens in the database.
      const scope = this.tongxin.scopeCondition(ctx, ITEM_READ, 'i');
      const qb = tx
        .repository(${P}Item)
        .queryBuilder('i')
        .where(scope.sql, scope.params)
        .orderBy('i.id', 'ASC')
        .limit(limit + 1);
      if (after) qb.andWhere('i.id > :after', { after });
      return toPage(await qb.getMany(), limit, view);
    });
  }
}
`,

    'src/items.controller.ts': `import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  Body,
  Controller,
  Ctx,
  Get,
  PageQueryDto,
  Post,
  Query,
  RequirePermission,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { ITEM_READ, ITEM_WRITE } from './constants';
import { Create${P}ItemDto, ${P}ItemPageView, ${P}ItemView } from './items.dto';
import { ${P}ItemsService } from './items.service';

/** Mounted under /api/v1/plugins/${id}/: every route declares one of the plugin's permissions. */
@ApiTags('${id}')
@Controller('items')
export class ${P}ItemsController {
  constructor(private readonly items: ${P}ItemsService) {}

  @Get()
  @RequirePermission(ITEM_READ)
  @ApiOperation({ summary: 'Items in your scope' })
  @ApiOkResponse({ type: ${P}ItemPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: PageQueryDto) {
    return this.items.list(ctx, query);
  }

  @Post()
  @RequirePermission(ITEM_WRITE)
  @ApiOperation({ summary: 'Create an item at an org unit' })
  @ApiCreatedResponse({ type: ${P}ItemView })
  create(@Ctx() ctx: PluginRequestContext, @Body() dto: Create${P}ItemDto) {
    return this.items.create(ctx, dto);
  }
}
`,

    'src/index.ts': `import { definePlugin } from '@tongxin/plugin-sdk';
import { ITEM_LIMIT, PLUGIN_ID } from './constants';
import { ${P}Item } from './item.entity';
import { ${P}ItemsController } from './items.controller';
import { ${P}ItemsService } from './items.service';
import { ${migration} } from './migrations/${ts}-items';
import { ${P}Settings } from './settings';

/** The manifest: everything the host needs to know about the plugin (see docs/plugins.md). */
export default definePlugin({
  id: PLUGIN_ID,
  version: '0.1.0',
  names: { 'zh-CN': '${title(id)}', en: '${title(id)}' },
  description: { 'zh-CN': '${title(id)}（请填写中文说明）', en: '${title(id)}: describe what it is for.' },
  sdk: '^1.0.0',
  entities: [${P}Item],
  migrations: [${migration}],
  permissions: [
    {
      key: 'item.read',
      names: { 'zh-CN': '查看事项', en: 'Read items' },
      defaultGrants: ['district_admin', 'district_staff', 'street_staff', 'community_staff', 'grid_worker'],
    },
    {
      key: 'item.write',
      names: { 'zh-CN': '新建事项', en: 'Create items' },
      defaultGrants: ['district_admin', 'community_staff', 'grid_worker'],
    },
  ],
  settings: ${P}Settings,
  controllers: [${P}ItemsController],
  providers: [${P}ItemsService],
  errors: {
    [ITEM_LIMIT]: {
      'zh-CN': '该单位的事项已达上限（{limit} 条）',
      en: 'This unit already holds the maximum of {limit} items',
    },
  },
});
`,

    [`test/${id}.e2e.spec.ts`]: `import { describePluginConformance } from '@tongxin/plugin-testing';
import { expectError, expectStatus } from '../../../tests/support/expect';
import { bearer, provisionTenant, startTestApp, type TestApp, type TestTenant } from '../../../tests/support/test-app';
import plugin from '../src/index';

const BASE = '/api/v1/plugins/${id}';

describe('${id} plugin', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [plugin] });
    tenant = await provisionTenant(t, 'plugin');
    expectStatus(await t.http.post(\`/api/v1/plugins/\${plugin.id}/enable\`).set(bearer(tenant.adminToken)), 200);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('creates an item at a unit and lists it', async () => {
    const created = await t.http
      .post(\`\${BASE}/items\`)
      .set(bearer(tenant.adminToken))
      .send({ unitId: tenant.rootUnitId, title: '第一件事' });
    expectStatus(created, 201);
    expect(created.body).toEqual(
      expect.objectContaining({ unitId: tenant.rootUnitId, title: '第一件事', createdBy: tenant.adminUserId }),
    );

    const list = await t.http.get(\`\${BASE}/items\`).set(bearer(tenant.adminToken));
    expectStatus(list, 200);
    expect(list.body).toEqual({ items: [created.body], nextCursor: null });
  });

  it('refuses an item beyond the district’s limit per unit, with the plugin’s own error code', async () => {
    const patched = await t.http
      .patch(\`/api/v1/plugins/\${plugin.id}/settings\`)
      .set(bearer(tenant.adminToken))
      .send({ maxItemsPerUnit: 1 });
    expectStatus(patched, 200);
    const res = await t.http
      .post(\`\${BASE}/items\`)
      .set(bearer(tenant.adminToken))
      .send({ unitId: tenant.rootUnitId, title: '第二件事' });
    expectError(res, 409, '${limitCode}');
  });

  it('refuses a body that fails validation', async () => {
    const res = await t.http.post(\`\${BASE}/items\`).set(bearer(tenant.adminToken)).send({ unitId: 'nope', title: '' });
    expectError(res, 400, 'VALIDATION_FAILED');
  });
});

describePluginConformance(() => plugin, { label: '${id} conformance' });
`,
  };
}

/** A dev dependency at the range this checkout uses, so an install can come from npm's cache. */
const devRange = (name) => ROOT_PACKAGE.devDependencies?.[name] ?? ROOT_PACKAGE.dependencies?.[name];

/**
 * A project of its own, outside this repository: the same plugin, compiled by tsc to dist/ (Node's
 * ESM wants `.js` on relative imports), tested by Jest on the compiled files against the core in
 * TONGXIN_HOME, through the harness and conformance suite the SDK ships.
 */
function standaloneFiles(args) {
  const { id, sdk } = args;
  const withJsExtensions = (text) => text.replace(/from '(\.\.?\/[^']+)'/g, "from '$1.js'");
  const plugin = Object.fromEntries(
    Object.entries(files(args))
      .filter(([file]) => file.startsWith('src/'))
      .map(([file, text]) => [file, withJsExtensions(text)]),
  );
  return {
    ...plugin,
    'package.json': `${JSON.stringify(
      {
        name: `tongxin-plugin-${id}`,
        version: '0.1.0',
        private: true,
        description: `${title(id)}: a Tongxin practice plugin.`,
        type: 'module',
        // What the server loads: TONGXIN_PLUGINS=<this folder> (after npm run build).
        main: './dist/src/index.js',
        files: ['dist/src'],
        scripts: {
          build: 'tsc -p tsconfig.json',
          // Needs TONGXIN_HOME: a Tongxin checkout built with `npm ci && npm run build`.
          test: 'npm run build && NODE_OPTIONS=--experimental-vm-modules jest',
        },
        peerDependencies: { '@tongxin/plugin-sdk': `^${SDK_VERSION}` },
        devDependencies: {
          '@tongxin/plugin-sdk': sdk,
          '@types/jest': devRange('@types/jest'),
          '@types/node': devRange('@types/node'),
          jest: devRange('jest'),
          typescript: devRange('typescript'),
        },
      },
      null,
      2,
    )}\n`,

    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023'],
          types: ['node', 'jest'],
          strict: true,
          // Nest's dependency injection and TypeORM's columns read the decorators' metadata.
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          useDefineForClassFields: false,
          skipLibCheck: true,
          rootDir: '.',
          outDir: 'dist',
          sourceMap: true,
        },
        include: ['src', 'test'],
      },
      null,
      2,
    )}\n`,

    'jest.config.js': `// Jest runs the compiled tests (npm test builds first): no transform, native ESM.
export default {
  testEnvironment: 'node',
  transform: {},
  testMatch: ['<rootDir>/dist/test/**/*.spec.js'],
  // A fresh test database per run, migrated by the core's own migrations.
  globalSetup: '<rootDir>/dist/test/global-setup.js',
  testTimeout: 60000,
  maxWorkers: 1,
};
`,

    '.gitignore': 'node_modules/\ndist/\n',

    'test/global-setup.ts': `import { prepareTestDatabase } from '@tongxin/plugin-sdk/testing';

/** Recreates TEST_DATABASE_NAME (default tongxin_test) on TEST_DATABASE_ADMIN_URL's server. */
export default prepareTestDatabase;
`,

    [`test/${id}.e2e.spec.ts`]: `import path from 'node:path';
import { bearer, describePluginConformance, provisionTenant, startTestApp, type TestApp, type TestTenant } from '@tongxin/plugin-sdk/testing';
import plugin from '../src/index.js';

const BASE = '/api/v1/plugins/${id}';
/** The project's folder: the conformance suite scans it for SQL naming the core's tables. */
const PROJECT = path.resolve(import.meta.dirname, '../..');

describe('${id} plugin', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [plugin] });
    tenant = await provisionTenant(t, 'plugin');
    const enabled = await t.http.post(\`/api/v1/plugins/\${plugin.id}/enable\`).set(bearer(tenant.adminToken));
    expect(enabled.status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('creates an item at a unit and lists it', async () => {
    const created = await t.http
      .post(\`\${BASE}/items\`)
      .set(bearer(tenant.adminToken))
      .send({ unitId: tenant.rootUnitId, title: '第一件事' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({ unitId: tenant.rootUnitId, title: '第一件事', createdBy: tenant.adminUserId }),
    );
    const list = await t.http.get(\`\${BASE}/items\`).set(bearer(tenant.adminToken));
    expect({ status: list.status, body: list.body }).toEqual({ status: 200, body: { items: [created.body], nextCursor: null } });
  });

  it('refuses a body that fails validation, in the caller’s language', async () => {
    const res = await t.http
      .post(\`\${BASE}/items\`)
      .set(bearer(tenant.adminToken))
      .set('Accept-Language', 'en')
      .send({ unitId: 'nope', title: '' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describePluginConformance(() => plugin, { label: '${id} conformance', sourceDir: PROJECT });
`,

    'README.md': `# ${title(id)} (\`${id}\`)

A Tongxin practice plugin, scaffolded by \`npm run plugin:new -- ${id} --out …\`. The guide is
docs/plugins.md in the Tongxin repository.

## Develop

\`\`\`bash
npm install                                   # the SDK (${sdk}), TypeScript, Jest
npm run build                                 # compiles to dist/
TONGXIN_HOME=/path/to/tongxin npm test        # its tests and the conformance suite, against that core
\`\`\`

\`TONGXIN_HOME\` is a Tongxin checkout built with \`npm ci && npm run build\`. The tests create
their own database (\`TEST_DATABASE_NAME\`, default \`tongxin_test\`) on the PostgreSQL server
\`TEST_DATABASE_ADMIN_URL\` names (a superuser; default \`postgres://postgres@127.0.0.1:5432/postgres\`),
and use Redis at \`TEST_REDIS_URL\` (default \`redis://127.0.0.1:6379\`).

## Run it in a server

\`\`\`bash
TONGXIN_PLUGINS=$PWD npm run start:server --prefix /path/to/tongxin
\`\`\`

Apply its migrations with that core's \`npm run migration:run\` (same \`TONGXIN_PLUGINS\`), then a
district administrator enables it with \`POST /api/v1/plugins/${id}/enable\`.
`,
  };
}

/** The repository's Prettier style, when Prettier is installed (it is a dev dependency). */
async function formatted(file, content) {
  let prettier;
  try {
    prettier = await import('prettier');
  } catch {
    return content;
  }
  // Files Prettier has no parser for (.gitignore) stay as written.
  if (!(await prettier.getFileInfo(file)).inferredParser) return content;
  // Outside the checkout too: the repository's style, not Prettier's defaults.
  const options = (await prettier.resolveConfig(path.join(ROOT, path.basename(file)))) ?? {};
  return prettier.format(content, { ...options, filepath: file });
}

const args = parseArgs(process.argv.slice(2));
const target = args.standalone ? path.join(args.out, args.id) : path.join(ROOT, args.dir, args.id);
const shown = (file) => (args.standalone ? file : path.relative(ROOT, file));
if (existsSync(target)) {
  console.error(`plugin:new: ${shown(target)} already exists; choose another id or remove it first`);
  process.exit(1);
}
const written = [];
for (const [file, content] of Object.entries(args.standalone ? standaloneFiles(args) : files(args))) {
  const full = path.join(target, file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, await formatted(full, content), { flag: 'wx' });
  written.push(shown(full));
}
console.log(`Created ${shown(target)}/:\n${written.map((f) => `  ${f}`).join('\n')}`);
console.log(
  args.standalone
    ? `\nNext: cd ${target} && npm install && TONGXIN_HOME=${ROOT} npm test   (guide: docs/plugins.md)`
    : `\nNext: npm test -- ${args.dir}/${args.id}   (guide: docs/plugins.md)`,
);
