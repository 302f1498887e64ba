import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PrincipalFunction1795800000000 } from './1795800000000-principal-function';
import { APP_ROLE } from './support/tenant-isolation';

const OLD = 'tongxin_principal(uuid, uuid)';
const NEW = 'tongxin_principal(uuid, uuid, uuid)';

/**
 * `tongxin_principal` (migration 1795800000000) also answers whether the access token's session
 * is still open: its refresh-token family has a current token (not rotated, not revoked, not
 * expired). A logout, a detected reuse, a password change or disabling the user ends the
 * session's access tokens at once, not only its refresh token. Still one statement per request,
 * under row-level security as the app role; the same rule about calling it on its own applies.
 */
export class PrincipalSession1795900000001 implements MigrationInterface {
  name = 'PrincipalSession1795900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION tongxin_principal(p_tenant uuid, p_user uuid, p_session uuid) RETURNS json
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE principal json;
      BEGIN
        PERFORM set_config('app.tenant_id', p_tenant::text, true);
        SELECT json_build_object(
                 'username', u.username,
                 'status', u.status,
                 'tokensValidAfter', u.tokens_valid_after,
                 'sessionActive', EXISTS (
                   SELECT 1 FROM refresh_tokens t
                    WHERE t.tenant_id = u.tenant_id AND t.family_id = p_session AND t.user_id = u.id
                      AND t.rotated_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()),
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
    await queryRunner.query(`REVOKE ALL ON FUNCTION ${NEW} FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION ${NEW} TO ${APP_ROLE}`);
    await queryRunner.query(`DROP FUNCTION ${OLD}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION ${NEW}`);
    // The previous version, as migration 1795800000000 made it.
    await new PrincipalFunction1795800000000().up(queryRunner);
  }
}
