import { IsBoolean, IsIn, IsString, IsUUID } from '@tongxin/plugin-sdk';
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
