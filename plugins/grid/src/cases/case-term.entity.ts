import { Entity, ForeignKey, PrimaryColumn } from '@tongxin/plugin-sdk';
import { GridCase } from './case.entity';

/**
 * The text index of cases (ADR 012): one row per distinct pair of adjacent characters (a bigram,
 * lower-cased) of a case's description and address, written by a trigger on `grid_cases`
 * (migration 1796000000000). Chinese has no spaces, so bigrams are its words for search, as in
 * most CJK indexes. Looked up by equality, which keeps its index under row-level security where
 * LIKE and pg_trgm's operators do not. The key `(tenant_id, term, case_id)` lists a bigram's
 * cases in filing order (uuid v7).
 */
@Entity('grid_case_terms')
@ForeignKey(() => GridCase, ['tenantId', 'caseId'], ['tenantId', 'id'], { name: 'fk_grid_case_terms_case' })
export class GridCaseTerm {
  @PrimaryColumn('uuid')
  tenantId!: string;

  @PrimaryColumn('varchar', { length: 2 })
  term!: string;

  @PrimaryColumn('uuid')
  caseId!: string;
}
