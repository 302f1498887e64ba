// The package entry when a plugin installed from npm imports '@tongxin/plugin-sdk': the module the
// host itself runs (built by the root build), so plugin and host share one copy of every class.
export * from '../../dist/libs/plugin-sdk/src/index.js';
