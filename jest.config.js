// Jest runs the TypeScript sources as native ESM through @swc/jest (ts-jest cannot: see docs/adr/001).
import { readFileSync } from 'node:fs';

const swcrc = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));
delete swcrc.$schema;
// Jest resolves the aliases itself (moduleNameMapper); swc only transforms.
delete swcrc.jsc.baseUrl;
delete swcrc.jsc.paths;
swcrc.module.resolveFully = false;

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: { '^@tongxin/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
  testMatch: ['<rootDir>/{libs,apps,tests,plugins,examples}/**/*.spec.ts'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  testTimeout: 30000,
  maxWorkers: 2,
  // A worker told to end runs its exit handlers within milliseconds with no handle left open
  // (measured: 1.5 s after every suite nothing new was open, and 'exit' fired 7 ms after the end
  // message), but Node's teardown after 'exit' (native add-ons, the libuv pool) sometimes takes
  // longer than Jest's default 500 ms, and Jest then kills it and reports a leak. A real leak
  // keeps a worker alive past this too, and is still reported.
  workerGracefulExitTimeout: 5000,
};
