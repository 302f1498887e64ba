// Jest runs global setup outside its module mapper: relative imports only, no @tongxin/* aliases.
import { prepareTestDatabase } from '../../libs/plugin-testing/src/test-database';

/** A fresh database per run, migrated by the real migrations as the owner role, with one operator. */
export default prepareTestDatabase;
