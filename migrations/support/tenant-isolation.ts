// Relative on purpose: Jest's global setup loads the migrations without the @tongxin/* aliases.
export { APP_ROLE } from '../../libs/database/src/database-config';
export { isolateTenantTable, releaseTenantTable } from '../../libs/database/src/tenant-isolation';
