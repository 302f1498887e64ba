import { NestFactory } from '@nestjs/core';
import { ApiSchema } from '@nestjs/swagger';
import { AppConfig } from '@tongxin/config';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  Controller,
  definePlugin,
  Get,
  RequirePermission,
  type PluginManifest,
} from '@tongxin/plugin-sdk';
import { AppModule } from '../apps/api/src/app.module';
import { buildOpenApiDocument, type OpenApiBuild } from '../apps/api/src/openapi';
import { TEST_JWT_SECRET, testCatalog } from './support/test-app';

/**
 * The document builder as `openapi check` runs it (Nest's preview mode, nothing connected), with
 * the first-party plugins and small plugins made here: every plugin's models under a name of its
 * own, and the problems that fail the check.
 */
async function build(plugins: PluginManifest[] | undefined, env: Record<string, string> = {}): Promise<OpenApiBuild> {
  const config = AppConfig.fromEnv({ JWT_SECRET: TEST_JWT_SECRET, ...env });
  const app = await NestFactory.create(
    AppModule.forRoot({
      databaseUrl: 'postgres://unused@127.0.0.1:1/x',
      config,
      catalog: await testCatalog(plugins),
      queue: { kind: 'redis', url: 'redis://127.0.0.1:1' },
      runWorker: false,
    }),
    { preview: true, logger: false },
  );
  try {
    return buildOpenApiDocument(app, { publicUrl: config.publicUrl });
  } finally {
    await app.close();
  }
}

/** A plugin whose one route answers its own `CallView` (the class name the grid and dual-report use too). */
function pluginWithCallView(id: string, field: string): PluginManifest {
  class CallView {
    @ApiProperty({ description: `${id}'s own field` }) [field]!: string;
  }
  @Controller('calls')
  class CallsController {
    @Get()
    @RequirePermission(`plugin:${id}.call.read`)
    @ApiOperation({ summary: 'Calls' })
    @ApiOkResponse({ type: CallView })
    list() {
      return { [field]: 'x' };
    }
  }
  return definePlugin({
    id,
    version: '1.0.0',
    names: { 'zh-CN': id, en: id },
    sdk: '^1.0.0',
    permissions: [{ key: 'call.read', names: { 'zh-CN': '读', en: 'Read' } }],
    controllers: [CallsController],
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('OpenAPI document builder', () => {
  it('names each plugin’s models after the plugin, so equal class names never share a schema', async () => {
    const { document, problems } = await build([
      pluginWithCallView('alpha-one', 'alpha'),
      pluginWithCallView('beta', 'beta'),
    ]);
    expect(problems).toEqual([]);
    const schemas = document.components!.schemas!;
    expect(schemas.AlphaOneCallView).toMatchObject({ properties: { alpha: expect.any(Object) } });
    expect(schemas.BetaCallView).toMatchObject({ properties: { beta: expect.any(Object) } });
    expect(schemas.CallView).toBeUndefined();
    const ok = (path: string) =>
      (document.paths[path]!.get!.responses['200'] as { content: Record<string, { schema: object }> }).content[
        'application/json'
      ]!.schema;
    expect(ok('/api/v1/plugins/alpha-one/calls')).toEqual(ref('AlphaOneCallView'));
    expect(ok('/api/v1/plugins/beta/calls')).toEqual(ref('BetaCallView'));
    // Core models and the SDK's keep their names.
    expect(schemas.UserDto).toBeDefined();
    expect(schemas.ApiErrorDto).toBeDefined();
  });

  it('finds nothing wrong with the first-party plugins’ document; dual-report’s calls are not the grid’s', async () => {
    const { document, problems } = await build(undefined);
    expect(problems).toEqual([]);
    const schemas = document.components!.schemas!;
    for (const name of ['CallView', 'EvaluationView', 'CallNoteDto']) {
      expect(schemas[name]).toBeUndefined();
      expect(schemas[`DualReport${name}`]).toBeDefined();
      expect(schemas[`Grid${name}`]).toBeDefined();
      expect(schemas[`DualReport${name}`]).not.toEqual(schemas[`Grid${name}`]);
    }
  });

  it('reports two classes under one schema name, and an operation without a summary', async () => {
    @ApiSchema({ name: 'UserDto' })
    class Impostor {
      @ApiProperty() nickname!: string;
    }
    @Controller('things')
    class ThingsController {
      @Get()
      @RequirePermission('plugin:clash.thing.read')
      @ApiOkResponse({ type: Impostor })
      list() {
        return { nickname: 'x' };
      }
    }
    const clash = definePlugin({
      id: 'clash',
      version: '1.0.0',
      names: { 'zh-CN': '冲突', en: 'Clash' },
      sdk: '^1.0.0',
      permissions: [{ key: 'thing.read', names: { 'zh-CN': '读', en: 'Read' } }],
      controllers: [ThingsController],
    });
    const { problems } = await build([clash]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^schema name "UserDto" is shared by .*UserDto \(core\).*Impostor \(plugin clash\)|^schema name "UserDto" is shared by .*Impostor \(plugin clash\).*UserDto \(core\)/,
        ),
        'GET /api/v1/plugins/clash/things has no summary (@ApiOperation({ summary }))',
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it('names the server PUBLIC_URL', async () => {
    const { document } = await build(undefined, { PUBLIC_URL: 'https://tongxin.example.gov.cn' });
    expect(document.servers).toEqual([{ url: 'https://tongxin.example.gov.cn' }]);
  });
});
