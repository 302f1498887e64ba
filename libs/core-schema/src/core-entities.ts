import { RoleAssignment, Role } from '@tongxin/roles';
import { AuditEvent, PlatformAuditEvent } from '@tongxin/audit';
import { IdempotencyRecord } from '@tongxin/idempotency';
import { RefreshToken, User } from '@tongxin/identity';
import { OrgUnit } from '@tongxin/org';
import { PartnerBody } from '@tongxin/partners';
import { OperatorSession, PlatformOperator, Tenant, TenantPlugin } from '@tongxin/tenancy';
import { RateLimitCounter } from '@tongxin/rate-limit';
import { DurableTimer, JobReceipt, OutboxMessage } from '@tongxin/jobs';
import { Notification } from '@tongxin/notifications';
import { CalendarOverrideRow } from '@tongxin/district';
import { Referral } from '@tongxin/referrals';

/** Every core entity; the DataSource and the migration check both use this list. */
export const CORE_ENTITIES = [
  Tenant,
  PlatformOperator,
  OperatorSession,
  OrgUnit,
  User,
  RefreshToken,
  Role,
  RoleAssignment,
  PartnerBody,
  AuditEvent,
  IdempotencyRecord,
  TenantPlugin,
  OutboxMessage,
  DurableTimer,
  JobReceipt,
  Notification,
  PlatformAuditEvent,
  RateLimitCounter,
  CalendarOverrideRow,
  Referral,
];
