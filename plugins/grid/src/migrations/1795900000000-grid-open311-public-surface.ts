import type { MigrationInterface, QueryRunner } from '@tongxin/plugin-sdk';

/**
 * What Open311 clients may see and send (docs/adr/007-open311-as-clients-speak-it.md):
 * - a transition's public reply, kept apart from the staff note: only it (or a fixed status text)
 *   is ever published as `status_notes`;
 * - descriptions up to the spec's 4,000 characters;
 * - service attributes on items (the spec's service definitions) and their values on the case;
 * - which photos a resident sent through Open311: only those are published as `media_url`.
 */
export class GridOpen311PublicSurface1795900000000 implements MigrationInterface {
  name = 'GridOpen311PublicSurface1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "grid_case_events" ADD "public_reply" character varying(1000) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query('ALTER TABLE "grid_cases" ALTER COLUMN "description" TYPE character varying(4000)');
    await queryRunner.query(`ALTER TABLE "grid_cases" ADD "attributes" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "grid_items" ADD "attributes" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query('ALTER TABLE "grid_case_photos" ADD "published" boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "grid_case_photos" DROP COLUMN "published"');
    await queryRunner.query('ALTER TABLE "grid_items" DROP COLUMN "attributes"');
    await queryRunner.query('ALTER TABLE "grid_cases" DROP COLUMN "attributes"');
    await queryRunner.query(
      'ALTER TABLE "grid_cases" ALTER COLUMN "description" TYPE character varying(2000) USING left("description", 2000)',
    );
    await queryRunner.query('ALTER TABLE "grid_case_events" DROP COLUMN "public_reply"');
  }
}
