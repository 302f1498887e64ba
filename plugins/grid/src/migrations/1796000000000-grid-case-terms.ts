import { isolateTenantTable, releaseTenantTable, type MigrationInterface, type QueryRunner } from '@tongxin/plugin-sdk';

/**
 * Text search of cases that keeps an index under row-level security (ADR 012): the app role's
 * LIKE and pg_trgm operators are not leakproof, so PostgreSQL never uses an index for them on a
 * table with a policy; equality on text is, so a case's bigrams (`grid_case_terms`) are looked up
 * by `term = $1`. A trigger keeps them with the case (every intake, staff or Open311, and any
 * change of description or address); existing cases are indexed here, tenant by tenant.
 */
export class GridCaseTerms1796000000000 implements MigrationInterface {
  name = 'GridCaseTerms1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "grid_case_terms" ("tenant_id" uuid NOT NULL, "term" character varying(2) NOT NULL, "case_id" uuid NOT NULL, CONSTRAINT "PK_grid_case_terms" PRIMARY KEY ("tenant_id", "term", "case_id"))`,
    );
    await queryRunner.query(
      'ALTER TABLE "grid_case_terms" ADD CONSTRAINT "fk_grid_case_terms_case" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "grid_cases"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await isolateTenantTable(queryRunner, 'grid_case_terms');
    // The distinct lower-cased bigrams of a case's description and address (each on its own).
    await queryRunner.query(`
      CREATE FUNCTION grid_case_bigrams(description text, address text) RETURNS SETOF text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT DISTINCT substr(s, i, 2)
          FROM (VALUES (lower(description)), (lower(address))) v(s), generate_series(1, char_length(s) - 1) i
      $$`);
    // As the writer of the case (row-level security applies to the terms like to the case).
    await queryRunner.query(`
      CREATE FUNCTION grid_case_terms_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM grid_case_terms WHERE tenant_id = NEW.tenant_id AND case_id = NEW.id;
        END IF;
        INSERT INTO grid_case_terms (tenant_id, term, case_id)
          SELECT NEW.tenant_id, b, NEW.id FROM grid_case_bigrams(NEW.description, NEW.address) b;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER grid_case_terms_refresh AFTER INSERT OR UPDATE OF description, address ON grid_cases
        FOR EACH ROW EXECUTE FUNCTION grid_case_terms_refresh()`);
    // As the owner, which row-level security also binds: every tenant's cases, tenant by tenant.
    await queryRunner.query(`
      DO $$
      DECLARE t uuid;
      BEGIN
        FOR t IN SELECT id FROM tenants LOOP
          PERFORM set_config('app.tenant_id', t::text, true);
          INSERT INTO grid_case_terms (tenant_id, term, case_id)
            SELECT c.tenant_id, b, c.id FROM grid_cases c, grid_case_bigrams(c.description, c.address) b;
        END LOOP;
        PERFORM set_config('app.tenant_id', '', true);
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER grid_case_terms_refresh ON grid_cases');
    await queryRunner.query('DROP FUNCTION grid_case_terms_refresh()');
    await queryRunner.query('DROP FUNCTION grid_case_bigrams(text, text)');
    await releaseTenantTable(queryRunner, 'grid_case_terms');
    await queryRunner.query('DROP TABLE "grid_case_terms"');
  }
}
