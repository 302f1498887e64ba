import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './support/tenant-isolation';

const SCOPE = 'district_id, street_id, community_id, grid_id, group_id';

/**
 * The read-only views plugin SQL may name instead of the core's tables (ADR 017), and the
 * account's preferred language.
 *
 * The views are the SDK's contract (SDK 1.2): their columns stay while the tables behind them
 * change. `security_invoker` makes PostgreSQL check the caller's row-level security on the tables
 * (a view otherwise reads as its owner), so a plugin still sees only its district's rows, and
 * simple views are inlined: a join on one keeps the table's indexes. No credentials, contact
 * details or phones are in them.
 */
const VIEWS: [name: string, body: string][] = [
  ['sdk_units', `SELECT tenant_id, id, parent_id, level, code, name, ${SCOPE} FROM org_units`],
  ['sdk_partner_bodies', `SELECT tenant_id, id, type, name, org_unit_id, ${SCOPE} FROM partner_bodies`],
  [
    'sdk_users',
    `SELECT tenant_id, id, username, display_name, org_unit_id, partner_body_id, status, preferred_language, ${SCOPE} FROM users`,
  ],
  // Active role assignments with the role's key and stored permissions (not the default grants
  // plugins give system roles: tx.users.list({ permission }) counts those).
  [
    'sdk_role_holders',
    `SELECT ra.tenant_id, ra.user_id, ro.key AS role_key, ro.system, ro.permissions, ra.org_unit_id,
            ra.district_id, ra.street_id, ra.community_id, ra.grid_id, ra.group_id
       FROM role_assignments ra JOIN roles ro ON ro.tenant_id = ra.tenant_id AND ro.id = ra.role_id
      WHERE ra.revoked_at IS NULL`,
  ],
];

export class SdkViewsPreferredLanguage1796100000000 implements MigrationInterface {
  name = 'SdkViewsPreferredLanguage1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "users" ADD "preferred_language" character varying(8) NOT NULL DEFAULT 'zh-CN'`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "ck_users_preferred_language" CHECK ("preferred_language" IN ('zh-CN', 'en'))`,
    );
    for (const [name, body] of VIEWS) {
      await queryRunner.query(`CREATE VIEW "${name}" WITH (security_invoker = true) AS ${body}`);
      await queryRunner.query(`GRANT SELECT ON "${name}" TO ${APP_ROLE}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of [...VIEWS].reverse()) await queryRunner.query(`DROP VIEW "${name}"`);
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "ck_users_preferred_language"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "preferred_language"');
  }
}
