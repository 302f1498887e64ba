import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './support/tenant-isolation';

const FUNCTION = 'tongxin_principal(uuid, uuid)';

/**
 * Who the caller is, in one statement: every authenticated request loads its principal afresh
 * (revocation takes effect at once), and as its own transaction that cost four round trips
 * (begin, set the tenant, read, commit). The function sets the tenant transaction-locally and
 * reads under row-level security as the invoking app role (no SECURITY DEFINER), so called as a
 * statement on its own it is one implicit transaction and the setting ends with it. Never call it
 * inside another tenant's transaction: the setting would stay for the rest of that transaction.
 */
export class PrincipalFunction1795800000000 implements MigrationInterface {
  name = 'PrincipalFunction1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION tongxin_principal(p_tenant uuid, p_user uuid) RETURNS json
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE principal json;
      BEGIN
        PERFORM set_config('app.tenant_id', p_tenant::text, true);
        SELECT json_build_object(
                 'username', u.username,
                 'status', u.status,
                 'tokensValidAfter', u.tokens_valid_after,
                 'orgUnitId', u.org_unit_id,
                 'partnerBodyId', u.partner_body_id,
                 'tenantStatus', (SELECT t.status FROM tenants t WHERE t.id = u.tenant_id),
                 'rootUnitId', (SELECT o.id FROM org_units o WHERE o.level = 1),
                 'enabledPlugins', array(SELECT p.plugin_id FROM tenant_plugins p WHERE p.enabled ORDER BY 1),
                 'grants', coalesce((
                   SELECT json_agg(json_build_object('roleKey', r.key, 'system', r.system, 'permissions', r.permissions,
                                                     'unitId', a.org_unit_id, 'level', o.level))
                     FROM role_assignments a
                     JOIN roles r ON r.tenant_id = a.tenant_id AND r.id = a.role_id
                     JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
                    WHERE a.user_id = u.id AND a.revoked_at IS NULL), '[]'::json))
          INTO principal
          FROM users u
         WHERE u.id = p_user;
        RETURN principal;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION ${FUNCTION} FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION ${FUNCTION} TO ${APP_ROLE}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION ${FUNCTION}`);
  }
}
