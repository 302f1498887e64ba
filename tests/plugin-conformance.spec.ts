import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PlatformOperatorOnly, Public } from '@tongxin/context';
import { validateManifest } from '@tongxin/plugin-host';
import {
  Controller,
  definePlugin,
  Get,
  Post,
  RequirePermission,
  SDK_VERSION,
  type PluginManifest,
} from '@tongxin/plugin-sdk';
import { describePluginConformance } from '@tongxin/plugin-testing';
import { REPO_ROOT, testCatalog } from './support/test-app';

/** The plugin a catalogue entry holds, or why there is none. */
function manifestOf(entry: { id: string; manifest: PluginManifest | null; problems: unknown[] } | undefined) {
  if (!entry?.manifest) throw new Error(`plugin not loaded: ${JSON.stringify(entry ?? 'no entry')}`);
  return entry.manifest;
}

// The test fixture that exercises every SDK surface.
describePluginConformance(async () => (await import('./fixtures/plugins/probe/src/index')).default, {
  label: 'conformance: probe (test fixture)',
});

// The example third-party plugin, loaded the way a deployment loads a vendor's: through TONGXIN_PLUGINS.
const EXAMPLE = './examples/volunteer-points';
if (existsSync(path.join(REPO_ROOT, EXAMPLE, 'package.json'))) {
  describePluginConformance(
    async () => {
      const catalog = await testCatalog(undefined, { TONGXIN_PLUGINS: EXAMPLE });
      return manifestOf(catalog.entries.find((e) => e.source === 'third-party'));
    },
    { label: 'conformance: volunteer-points (third-party, TONGXIN_PLUGINS)' },
  );
}

// Every first-party plugin (plugins/<id>/ with a package.json). tests/plugin-scaffold.spec.ts
// generates scaffold-check-* folders there for a minute and tests them itself.
const FIRST_PARTY = path.join(REPO_ROOT, 'plugins');
const firstParty = existsSync(FIRST_PARTY)
  ? readdirSync(FIRST_PARTY, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('scaffold-check-'))
      .filter((d) => existsSync(path.join(FIRST_PARTY, d.name, 'package.json')))
      .map((d) => d.name)
      .sort()
  : [];
for (const dir of firstParty) {
  describePluginConformance(
    async () => {
      const catalog = await testCatalog(undefined, {});
      return manifestOf(catalog.entries.find((e) => e.source === 'first-party' && e.spec === dir));
    },
    { label: `conformance: plugins/${dir} (first-party)` },
  );
}

// What no plugin can get past even without running the suite: the catalogue quarantines it at boot.
@Controller()
class ShadowingController {
  /** Would answer POST /api/v1/plugins/{id}/enable in place of the core. */
  @Post('enable')
  @RequirePermission('plugin:shadow.item.read')
  enable() {
    return {};
  }
}

@Controller('items')
class OpenController {
  /** Public routes have no tenant, so the plugin's enablement could never be checked. */
  @Get()
  @Public()
  list() {
    return [];
  }

  @Post()
  @PlatformOperatorOnly()
  create() {
    return {};
  }
}

describe('the catalogue refuses plugin routes the conformance suite would fail', () => {
  const manifest = (controllers: PluginManifest['controllers']) =>
    definePlugin({
      id: 'shadow',
      version: '1.0.0',
      names: { 'zh-CN': '影子', en: 'Shadow' },
      sdk: '^1.0.0',
      permissions: [{ key: 'item.read', names: { 'zh-CN': '查看', en: 'Read' } }],
      controllers,
    });

  it('refuses a handler path on the core’s own /enable, /disable or /settings', () => {
    expect(validateManifest(manifest([ShadowingController]), SDK_VERSION)).toEqual([
      { field: 'controllers[0].enable', message: expect.stringContaining('"/enable" is reserved') },
    ]);
  });

  it('refuses @Public and @PlatformOperatorOnly on plugin routes', () => {
    expect(validateManifest(manifest([OpenController]), SDK_VERSION)).toEqual([
      { field: 'controllers[0].list', message: expect.stringContaining('never @Public') },
      { field: 'controllers[0].create', message: expect.stringContaining('never @Public') },
    ]);
  });
});
