#!/usr/bin/env node
/**
 * The SDK as vendors install it (docs/adr/020-vendor-kit.md):
 *
 *   npm run sdk:pack -- <dir> [--built]   builds the core (unless --built), writes <dir>/tongxin-plugin-sdk-<version>.tgz
 *   npm run sdk:api               rewrites libs/plugin-sdk/api.md, the committed snapshot of the public API
 *   node scripts/sdk-package.mjs api --check   fails when the snapshot is stale (what tests/plugin-sdk-api.spec.ts runs)
 *
 * The package holds no copy of the core's code. Its modules are bridges to the SDK of the core
 * that runs the plugin: the server registers its own SDK module before it imports plugins, and
 * outside a server (a vendor's tests) the bridge imports it from the build in TONGXIN_HOME. So a
 * plugin and its host always share one copy of every class (dependency injection and metadata
 * depend on it). Its type declarations are bundled by dts-bundle-generator: the core's own types
 * (context, database, http, files, …) are inlined, and the libraries the core builds on (Nest,
 * TypeORM, class-validator, …) stay imports, listed as peer dependencies with the core's ranges.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDtsBundle } from 'dts-bundle-generator';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SDK_DIR = path.join(ROOT, 'libs/plugin-sdk');
const API_SNAPSHOT = path.join(SDK_DIR, 'api.md');

/** The package's entry points: where each one's code is in the core's build and its types' source. */
const ENTRIES = {
  sdk: { file: 'index', built: 'dist/libs/plugin-sdk/src/index.js', source: 'libs/plugin-sdk/src/index.ts' },
  testing: {
    file: 'testing',
    built: 'dist/libs/plugin-testing/src/index.js',
    source: 'libs/plugin-testing/src/index.ts',
  },
};

const sdkPackageJson = () => JSON.parse(readFileSync(path.join(SDK_DIR, 'package.json'), 'utf8'));
const rootPackageJson = () => JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** SDK_VERSION as the SDK's source declares it. */
function sdkVersionConstant() {
  const match = readFileSync(path.join(SDK_DIR, 'src/manifest.ts'), 'utf8').match(/SDK_VERSION = '([^']+)'/);
  if (!match) throw new Error('SDK_VERSION not found in libs/plugin-sdk/src/manifest.ts');
  return match[1];
}

/** The package version, which must be SDK_VERSION: plugins declare their range against both. */
function version() {
  const pkg = sdkPackageJson().version;
  const constant = sdkVersionConstant();
  if (pkg !== constant)
    throw new Error(`libs/plugin-sdk/package.json version ${pkg} differs from SDK_VERSION ${constant}: bump both`);
  return pkg;
}

/**
 * Bundled declarations of the entries, in one compilation. The testing kit's file carries its own
 * copy of the SDK types it names (PluginManifest, …): structural types, so the SDK's values fit.
 */
function declarations(...entries) {
  return generateDtsBundle(
    entries.map((entry) => ({
      filePath: path.join(ROOT, ENTRIES[entry].source),
      output: { noBanner: true, exportReferencedTypes: false },
    })),
    { preferredConfigPath: path.join(ROOT, 'tsconfig.json') },
  );
}

/** The packages a declaration file imports (`@scope/name` or `name`), for the peer dependencies. */
function importedPackages(dts) {
  const names = new Set();
  for (const m of dts.matchAll(/(?:from|import)\s+["']([^"'./][^"']*)["']/g)) {
    const parts = m[1].split('/');
    names.add(m[1].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names].sort();
}

/**
 * What the plugin's compiler needs to read the bundled types: each imported library at the range
 * the core uses, and its `@types/` package where it ships none. Not used at run time (the host's
 * copies are), so a vendor's build and the host agree on the same major versions.
 */
function peerDependencies(packages) {
  const root = rootPackageJson();
  const ranges = { ...root.devDependencies, ...root.dependencies };
  const peers = {};
  for (const name of packages) {
    if (name === '@tongxin/plugin-sdk' || name.startsWith('node:')) continue;
    const typesName = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
    // Types only: a library typed by DefinitelyTyped needs just its @types package to compile against.
    if (ranges[typesName]) peers[typesName] = ranges[typesName];
    else if (ranges[name]) peers[name] = ranges[name];
    else throw new Error(`the SDK's types import ${name}, which the core does not depend on`);
  }
  return Object.fromEntries(Object.entries(peers).sort(([a], [b]) => a.localeCompare(b)));
}

/** A bridge module: the named exports of the host's entry, re-exported (the list read from the build). */
async function bridge(entry) {
  const mod = await import(pathToFileURL(path.join(ROOT, ENTRIES[entry].built)).href);
  const names = Object.keys(mod)
    .filter((n) => n !== 'default')
    .sort();
  return `// Generated by scripts/sdk-package.mjs: the host's ${entry === 'sdk' ? 'SDK' : 'test kit'}, never a copy (see host.js).
import { hostModule } from './host.js';

const host = await hostModule('${entry}');

export const {
${names.map((n) => `  ${n},`).join('\n')}
} = host;
`;
}

const HOST_JS = `// How the package finds the core that runs the plugin (docs/plugins.md, "Loading a third-party plugin").
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where a server registers its own modules before it imports plugins (libs/plugin-host/src/discovery.ts). */
const REGISTRY = Symbol.for('@tongxin/plugin-sdk');
const BUILT = ${JSON.stringify(Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, v.built])))};

// One import at a time: Jest's ESM loader (a vendor's tests) fails when two dynamic imports link
// the same modules at once ("request for … is not in cache"), as index.js and testing.js would.
let queue = Promise.resolve();

export function hostModule(entry) {
  const next = queue.then(() => load(entry));
  queue = next.catch(() => undefined);
  return next;
}

async function load(entry) {
  const registered = globalThis[REGISTRY]?.[entry];
  if (registered) return registered;
  const home = process.env.TONGXIN_HOME;
  if (!home)
    throw new Error(
      '@tongxin/plugin-sdk runs inside a Tongxin core: load the plugin with the server (TONGXIN_PLUGINS), ' +
        'or set TONGXIN_HOME to a Tongxin checkout built with "npm ci && npm run build"',
    );
  const file = path.resolve(home, BUILT[entry]);
  // A plain path where the platform allows it: Jest's module loader (a vendor's tests) takes paths.
  return import(process.platform === 'win32' ? pathToFileURL(file).href : file);
}
`;

/**
 * Writes the package folder, in a temporary directory (inside the checkout its package.json would
 * be a second `@tongxin/plugin-sdk` to Jest's module map); the core must be built.
 */
async function assemble() {
  for (const { built } of Object.values(ENTRIES))
    if (!existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  const out = await mkdtemp(path.join(tmpdir(), 'tongxin-plugin-sdk-'));
  const [sdkTypes, testingTypes] = declarations('sdk', 'testing');
  const source = sdkPackageJson();
  const pkg = {
    name: source.name,
    version: version(),
    description: source.description,
    license: source.license,
    type: 'module',
    exports: {
      '.': { types: './index.d.ts', default: './index.js' },
      './testing': { types: './testing.d.ts', default: './testing.js' },
      './package.json': './package.json',
    },
    types: './index.d.ts',
    engines: rootPackageJson().engines,
    peerDependencies: peerDependencies([...importedPackages(sdkTypes), ...importedPackages(testingTypes)]),
  };
  await writeFile(path.join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  await writeFile(path.join(out, 'index.d.ts'), sdkTypes);
  await writeFile(path.join(out, 'testing.d.ts'), testingTypes);
  await writeFile(path.join(out, 'host.js'), HOST_JS);
  await writeFile(path.join(out, 'index.js'), await bridge('sdk'));
  await writeFile(path.join(out, 'testing.js'), await bridge('testing'));
  await writeFile(path.join(out, 'README.md'), await readFile(path.join(SDK_DIR, 'README.md'), 'utf8'));
  return out;
}

/** The snapshot: the version it was taken at and the declarations, without doc comments (prose is not API). */
function snapshot(dts, ver) {
  const code = dts
    .replace(/\/\*\*[\s\S]*?\*\/\n?/g, '')
    .replace(/^\s*\/\/.*\n/gm, '')
    .replace(/\n{2,}/g, '\n\n')
    .trim();
  return `# @tongxin/plugin-sdk public API

<!-- Generated by \`npm run sdk:api\`; checked by tests/plugin-sdk-api.spec.ts. -->

SDK version: ${ver}

Every declaration a plugin can import from \`@tongxin/plugin-sdk\`, as the package's bundled
\`index.d.ts\` has it (doc comments left out). A change here is a change of the vendor contract:
bump \`version\` in libs/plugin-sdk/package.json and \`SDK_VERSION\` together (minor for additions,
major for removals or changed signatures), then run \`npm run sdk:api\`.

\`\`\`ts
${code}
\`\`\`
`;
}

const recordedVersion = (text) => text.match(/^SDK version: (\S+)$/m)?.[1];
const recordedCode = (text) => text.slice(text.indexOf('```ts'));

async function api(check) {
  const ver = version();
  const fresh = snapshot(declarations('sdk')[0], ver);
  const committed = existsSync(API_SNAPSHOT) ? await readFile(API_SNAPSHOT, 'utf8') : '';
  const surfaceChanged = recordedCode(committed) !== recordedCode(fresh);
  const bumped = recordedVersion(committed) !== ver;
  if (check) {
    if (!surfaceChanged && !bumped) return console.log(`libs/plugin-sdk/api.md is current (SDK ${ver})`);
    console.error(
      surfaceChanged && !bumped
        ? `The SDK's public API changed but its version is still ${ver}: bump libs/plugin-sdk/package.json "version" and SDK_VERSION, then run npm run sdk:api`
        : `libs/plugin-sdk/api.md is stale (recorded ${recordedVersion(committed)}, SDK ${ver}): run npm run sdk:api`,
    );
    process.exit(1);
  }
  if (committed && surfaceChanged && !bumped) {
    console.error(
      `The SDK's public API changed since ${ver} was recorded: bump libs/plugin-sdk/package.json "version" and SDK_VERSION first`,
    );
    process.exit(1);
  }
  await writeFile(API_SNAPSHOT, fresh);
  console.log(`Wrote libs/plugin-sdk/api.md (SDK ${ver})`);
}

/** `--built`: the core's dist/ is current (CI's build step ran), so skip building it again. */
async function pack(destination, built) {
  if (!destination) throw new Error('usage: npm run sdk:pack -- <dir> [--built]');
  if (!built) execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const out = await assemble();
  const dir = path.resolve(process.env.INIT_CWD ?? process.cwd(), destination);
  await mkdir(dir, { recursive: true });
  try {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', out, '--pack-destination', dir, '--json', '--silent'], {
        cwd: tmpdir(),
        encoding: 'utf8',
      }),
    );
    console.log(path.join(dir, packed.filename));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'pack')
    await pack(
      args.find((a) => !a.startsWith('--')),
      args.includes('--built'),
    );
  else if (command === 'assemble') console.log(await assemble());
  else if (command === 'api') await api(args.includes('--check'));
  else throw new Error('usage: node scripts/sdk-package.mjs pack <dir> | assemble | api [--check]');
} catch (error) {
  console.error(`sdk-package: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
