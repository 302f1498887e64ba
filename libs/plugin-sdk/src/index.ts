/**
 * @tongxin/plugin-sdk: the only part of the core a plugin imports. See docs/plugins.md.
 */
export * from './manifest';
export * from './runtime';
export * from './plugin-error';
export * from './migration-helpers';
export * from './web';
export * from './helpers';
export * from './indicator-statement';
export * from './demo-helpers';
export * from './workflow';
export * from './workflow-testing';
export * from './exports';
export * from './events';
export * from './plugin-id';
