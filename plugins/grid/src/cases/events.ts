import { defineEvent, IsBoolean, IsIn, IsString, IsUUID } from '@tongxin/plugin-sdk';
import { CASE_SOURCES, type CaseSource } from './case-workflow';

/** `grid.case-reported` v1: a case entered the loop. */
export class CaseReportedV1 {
  @IsUUID() caseId!: string;
  @IsString() number!: string;
  /** Where the problem is (a grid normally). */
  @IsUUID() unitId!: string;
  @IsString() itemCode!: string;
  @IsIn(CASE_SOURCES) source!: CaseSource;
  @IsString() description!: string;
  @IsString() address!: string;
  /** Asks volunteer plugins (双报到) to open a call for helpers. */
  @IsBoolean() needsVolunteers!: boolean;
}

/** `grid.case-closed` v1: a case was verified and closed. */
export class CaseClosedV1 {
  @IsUUID() caseId!: string;
  @IsString() number!: string;
  @IsUUID() unitId!: string;
  /** Closed by its deadline. */
  @IsBoolean() onTime!: boolean;
}

/** The tokens the manifest declares and `tx.events.publish` takes; subscribers use `on(token, …)`. */
export const CaseReported = defineEvent(
  'grid.case-reported',
  1,
  CaseReportedV1,
  'A case entered the loop (reported); `needsVolunteers` asks volunteer plugins to open a call',
);
export const CaseClosed = defineEvent('grid.case-closed', 1, CaseClosedV1, 'A case was verified and closed');
