import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './support/tenant-isolation';

/**
 * Authentication hardening (docs/adr/006-authentication-hardening.md):
 * - `rate_limit_counters`: the RateLimiter's counters when the queues (and so the counters) are
 *   not on Redis. Platform-level, not tenant-owned: a counter may span districts (a source
 *   address) or name one that does not exist, so no row-level security; it holds counts only.
 * - `operator_sessions`: one row per operator login, checked on every operator request.
 * - `platform_operators.status`: a disabled operator is refused at once.
 * - `platform_audit_events`: the platform's own append-only trail (operator logins, unknown
 *   districts' login attempts); the app role may only insert and read it.
 * - `audit_events.source_address`: where the request came from.
 * - `users.failed_login_count` / `locked_until` go: lockouts are counters now, per account and
 *   source (an anonymous attacker could lock anyone out with the old per-account lock).
 */
export class AuthenticationHardening1795900000000 implements MigrationInterface {
  name = 'AuthenticationHardening1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "rate_limit_counters" ("name" character varying(300) NOT NULL, "count" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9fc7942914770d0d7d389db6b49" PRIMARY KEY ("name"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_rate_limit_counters_window" ON "rate_limit_counters"  ("window_ends_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "operator_sessions" ("id" uuid NOT NULL, "operator_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_73b13bd07c5666193c04d434505" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_operator_sessions_operator" ON "operator_sessions"  ("operator_id") ');
    await queryRunner.query(
      'ALTER TABLE "operator_sessions" ADD CONSTRAINT "fk_operator_sessions_operator" FOREIGN KEY ("operator_id") REFERENCES "platform_operators"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "platform_operators" ADD "status" character varying(16) NOT NULL DEFAULT \'active\'',
    );
    await queryRunner.query(
      'CREATE TABLE "platform_audit_events" ("id" uuid NOT NULL, "actor_id" uuid, "actor_type" character varying(16) NOT NULL, "action" character varying(64) NOT NULL, "entity" character varying(64) NOT NULL, "entity_id" uuid, "target_tenant_id" uuid, "after" jsonb, "source_address" inet, "request_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_402e868f2d94e98f39869fb3dbb" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_platform_audit_events_actor" ON "platform_audit_events"  ("actor_id", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_platform_audit_events_action" ON "platform_audit_events"  ("action", "id") ',
    );
    await queryRunner.query('ALTER TABLE "audit_events" ADD "source_address" inet');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "failed_login_count"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "locked_until"');

    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "rate_limit_counters" TO ${APP_ROLE}`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "operator_sessions" TO ${APP_ROLE}`);
    // Append-only, like audit_events.
    await queryRunner.query(`GRANT SELECT, INSERT ON "platform_audit_events" TO ${APP_ROLE}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `REVOKE ALL ON "rate_limit_counters", "operator_sessions", "platform_audit_events" FROM ${APP_ROLE}`,
    );
    await queryRunner.query('ALTER TABLE "users" ADD "locked_until" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "users" ADD "failed_login_count" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "audit_events" DROP COLUMN "source_address"');
    await queryRunner.query('DROP INDEX "public"."ix_platform_audit_events_action"');
    await queryRunner.query('DROP INDEX "public"."ix_platform_audit_events_actor"');
    await queryRunner.query('DROP TABLE "platform_audit_events"');
    await queryRunner.query('ALTER TABLE "platform_operators" DROP COLUMN "status"');
    await queryRunner.query('ALTER TABLE "operator_sessions" DROP CONSTRAINT "fk_operator_sessions_operator"');
    await queryRunner.query('DROP INDEX "public"."ix_operator_sessions_operator"');
    await queryRunner.query('DROP TABLE "operator_sessions"');
    await queryRunner.query('DROP INDEX "public"."ix_rate_limit_counters_window"');
    await queryRunner.query('DROP TABLE "rate_limit_counters"');
  }
}
