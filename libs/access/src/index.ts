export * from './ability.factory';
export * from './permission-registry';
export * from './scope-filter';
export * from './scoped-lookup';
export * from './system-roles';
export * from './access.module';
export * from './page-in-scope';
export * from './role-authority';
