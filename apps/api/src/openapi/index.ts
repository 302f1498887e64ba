export * from './build-openapi';
export * from './plugin-schema-names';
