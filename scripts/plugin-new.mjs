#!/usr/bin/env node
/**
 * Scaffolds a plugin: `npm run plugin:new -- <id> [--dir plugins|examples]`.
 *
 * Writes `<dir>/<id>/` with a working plugin modelled on the probe fixture: a manifest with one
 * permission pair (read/write), a settings class, one scoped entity and its migration (row-level
 * security through isolateTenantTable), a controller with GET/POST `items`, a service using
 * Tongxin.transaction and scopeCondition, a README, and an end-to-end test that also runs the
 * conformance suite. See docs/plugins.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The catalogue's rules (libs/plugin-host/src/catalog.ts: ID_RE and RESERVED_IDS); keep them in step.
const ID_RE = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;
const RESERVED_IDS = new Set(['core', 'plugin', 'plugins', 'platform', 'api', 'bullmq']);
const DIRS = ['plugins', 'examples'];

function usage(message) {
  if (message) console.error(`plugin:new: ${message}`);
  console.error('usage: npm run plugin:new -- <id> [--dir plugins|examples]');
  console.error('  <id>: 3–40 lowercase letters, digits or hyphens, starting with a letter (e.g. volunteer-points)');
  process.exit(2);
}

function parseArgs(argv) {
  let id;
  let dir = 'plugins';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dir') dir = argv[++i];
    else if (arg.startsWith('--dir=')) dir = arg.slice('--dir='.length);
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
  return { id, dir };
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

    [`test/${id}.e2e.spec.ts`]: `import { describePluginConformance } from '../../../tests/conformance/plugin-conformance';
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

/** The repository's Prettier style, when Prettier is installed (it is a dev dependency). */
async function formatted(file, content) {
  let prettier;
  try {
    prettier = await import('prettier');
  } catch {
    return content;
  }
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(content, { ...options, filepath: file });
}

const args = parseArgs(process.argv.slice(2));
const target = path.join(ROOT, args.dir, args.id);
if (existsSync(target)) {
  console.error(`plugin:new: ${path.relative(ROOT, target)} already exists; choose another id or remove it first`);
  process.exit(1);
}
const written = [];
for (const [file, content] of Object.entries(files(args))) {
  const full = path.join(target, file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, await formatted(full, content), { flag: 'wx' });
  written.push(path.relative(ROOT, full));
}
console.log(`Created ${path.relative(ROOT, target)}/:\n${written.map((f) => `  ${f}`).join('\n')}`);
console.log(`\nNext: npm test -- ${args.dir}/${args.id}   (guide: docs/plugins.md)`);
