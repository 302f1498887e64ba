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
};
