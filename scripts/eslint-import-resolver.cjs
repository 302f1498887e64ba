'use strict';
// Import resolver (eslint-module-utils interface v2) for eslint-plugin-boundaries.
// It resolves exactly as the compiler does: TypeScript's own module resolution over the
// project's tsconfig.json, so `@tongxin/<lib>` path aliases and extensionless relative
// imports map to the same files tsc and swc use. eslint-import-resolver-typescript would do
// the same but is not installed; this keeps the dependency list as it is.
// Loaded by path from eslint.config.js ('import/resolver'); CommonJS because
// eslint-module-utils loads resolvers with require().
const path = require('node:path');
const { isBuiltin } = require('node:module');
const ts = require('typescript');

const cache = new Map();

function compilerOptions(tsconfigPath) {
  let options = cache.get(tsconfigPath);
  if (!options) {
    const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
    if (read.error) {
      throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
    }
    options = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath)).options;
    cache.set(tsconfigPath, options);
  }
  return options;
}

exports.interfaceVersion = 2;

/**
 * @param {string} source the import specifier as written
 * @param {string} file the importing file
 * @param {{ project?: string }} [config] `project`: absolute path of the tsconfig to use
 */
exports.resolve = function resolve(source, file, config) {
  if (isBuiltin(source)) {
    return { found: true, path: null };
  }
  const tsconfig = (config && config.project) || path.resolve(process.cwd(), 'tsconfig.json');
  const { resolvedModule } = ts.resolveModuleName(source, file, compilerOptions(tsconfig), ts.sys);
  if (!resolvedModule) {
    return { found: false };
  }
  return { found: true, path: path.resolve(resolvedModule.resolvedFileName) };
};
