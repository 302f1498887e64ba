/**
 * The statements the product sends, word for word, so the database does the same work for both
 * servers. The TypeORM-built ones (upper case, quoted names) are copied from the product's
 * statement log; the hand-written ones from the product's sources (file named on each). The e2e
 * test (tests/bench-baseline.e2e.spec.ts) records both servers' statements and compares them.
 */

// TenantTransaction (libs/database/src/tenant-transaction.ts).
export const SET_TENANT = `select set_config('app.tenant_id', $1, true)`;
export const SET_TENANT_BY_CODE = `select id, set_config('app.tenant_id', id::text, true) from tenants where code = $1 and status = 'active'`;

// AuthService.login (libs/identity/src/auth.service.ts): em.findOneBy(Tenant, { code }).
export const TENANT_BY_CODE = `SELECT "Tenant"."id" AS "Tenant_id", "Tenant"."code" AS "Tenant_code", "Tenant"."name" AS "Tenant_name", "Tenant"."division_code" AS "Tenant_division_code", "Tenant"."short_name" AS "Tenant_short_name", "Tenant"."logo_url" AS "Tenant_logo_url", "Tenant"."time_zone" AS "Tenant_time_zone", "Tenant"."status" AS "Tenant_status", "Tenant"."created_at" AS "Tenant_created_at", "Tenant"."updated_at" AS "Tenant_updated_at" FROM "tenants" "Tenant" WHERE (("Tenant"."code" = $1)) LIMIT 1`;

// AuthService.login: the user with `addSelect('u.passwordHash')`.
export const USER_BY_USERNAME = `SELECT "u"."tenant_id" AS "u_tenant_id", "u"."id" AS "u_id", "u"."created_at" AS "u_created_at", "u"."updated_at" AS "u_updated_at", "u"."district_id" AS "u_district_id", "u"."street_id" AS "u_street_id", "u"."community_id" AS "u_community_id", "u"."grid_id" AS "u_grid_id", "u"."group_id" AS "u_group_id", "u"."username" AS "u_username", "u"."display_name" AS "u_display_name", "u"."phone" AS "u_phone", "u"."status" AS "u_status", "u"."org_unit_id" AS "u_org_unit_id", "u"."partner_body_id" AS "u_partner_body_id", "u"."preferred_language" AS "u_preferred_language", "u"."tokens_valid_after" AS "u_tokens_valid_after", "u"."password_hash" AS "u_password_hash" FROM "users" "u" WHERE "u"."username" = $1`;

// TokenService.issue (libs/identity/src/token.service.ts): em.insert(RefreshToken, …).
export const INSERT_REFRESH_TOKEN = `INSERT INTO "refresh_tokens"("tenant_id", "id", "user_id", "family_id", "token_hash", "expires_at", "rotated_at", "revoked_at", "created_at") VALUES ($1, $2, $3, $4, $5, $6, DEFAULT, DEFAULT, DEFAULT) RETURNING "created_at"`;

// PrincipalLoader.load (libs/identity/src/principal.loader.ts): the caller and whether the token's
// session is open, per request, in one statement outside any transaction (the function,
// migration 1795900000001, sets the tenant).
export const PRINCIPAL = 'select tongxin_principal($1, $2, $3) as principal';

// PublicContextLoader.load (libs/identity/src/public-context.loader.ts): a public route's tenant.
export const PUBLIC_TENANT = `select (select o.id from org_units o where o.level = 1) as root_unit_id,
                array(select p.plugin_id from tenant_plugins p where p.enabled order by 1) as enabled_plugins`;

// PluginTxImpl.hierarchy.unit (libs/plugin-host/src/plugin-tx.ts): sent once per unit and transaction
// (the product remembers the answer for the rest of the transaction).
export const UNIT_BY_ID = `select id, parent_id as "parentId", level, code, name, district_id as "districtId",
  street_id as "streetId", community_id as "communityId", grid_id as "gridId", group_id as "groupId" from org_units where id = $1`;

// PluginTxImpl.hierarchy.units: the units of a page not yet read in the transaction, at once.
export const UNITS_BY_IDS = `select id, parent_id as "parentId", level, code, name, district_id as "districtId",
  street_id as "streetId", community_id as "communityId", grid_id as "gridId", group_id as "groupId" from org_units where id = any($1::uuid[])`;

// PluginTxImpl.names (libs/plugin-host/src/plugin-tx.ts): the names of a page's handlers (units, departments, people).
export const NAMES = `select 'units' as kind, id, name from org_units where id = any($1::uuid[])
  union all select 'partnerBodies', id, name from partner_bodies where id = any($2::uuid[])
  union all select 'users', id, display_name as name from users where id = any($3::uuid[])`;

// TenantRepository.findById(GridItem) (fileableItem, plugins/grid/src/items/items.service.ts).
export const GRID_ITEM_BY_ID = `SELECT "GridItem"."tenant_id" AS "GridItem_tenant_id", "GridItem"."id" AS "GridItem_id", "GridItem"."created_at" AS "GridItem_created_at", "GridItem"."updated_at" AS "GridItem_updated_at", "GridItem"."code" AS "GridItem_code", "GridItem"."category" AS "GridItem_category", "GridItem"."name" AS "GridItem_name", "GridItem"."description" AS "GridItem_description", "GridItem"."time_limit" AS "GridItem_time_limit", "GridItem"."time_limit_unit" AS "GridItem_time_limit_unit", "GridItem"."handler_type" AS "GridItem_handler_type", "GridItem"."active" AS "GridItem_active", "GridItem"."public" AS "GridItem_public", "GridItem"."sort_order" AS "GridItem_sort_order", "GridItem"."attributes" AS "GridItem_attributes" FROM "grid_items" "GridItem" WHERE (("GridItem"."tenant_id" = $1) AND ("GridItem"."id" = $2)) LIMIT 1`;

// nextNumber (plugins/grid/src/cases/intake.ts).
export const CASE_NUMBER_LOCK = `select pg_advisory_xact_lock(hashtext($1))`;

export const CASE_NUMBER_SEQ = `select coalesce(max(number_seq), 0)::int + 1 as seq from grid_cases where number_day = $1`;

// TenantRepository.insert(GridCase, …) (fileCase): every column, DEFAULT for those not given (the
// id and created_at are given: timeOrderedId(tx.now) and tx.now).
export const INSERT_CASE = `INSERT INTO "grid_cases"("tenant_id", "id", "created_at", "updated_at", "district_id", "street_id", "community_id", "grid_id", "group_id", "number", "number_day", "number_seq", "source", "item_id", "description", "attributes", "address", "latitude", "longitude", "reporter_name", "reporter_phone", "reported_by", "unit_id", "state", "referral_id", "referral_status", "referred_at", "handling_unit_id", "handling_level", "handler_unit_id", "handler_partner_id", "handler_user_id", "dispatched_by", "first_dispatched_at", "dispatched_at", "respond_by", "accepted_at", "responded_in_time", "deadline_at", "resolved_at", "resolved_by", "resolution", "closed_at", "closed_by", "overdue_at", "escalations", "reopen_count", "satisfaction", "satisfaction_at", "needs_volunteers", "reported_at") VALUES ($1, $2, $3, DEFAULT, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, DEFAULT, DEFAULT, DEFAULT, $24, $25, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, $26, $27) RETURNING "created_at", "updated_at", "attributes", "address", "reporter_name", "reporter_phone", "resolution", "escalations", "reopen_count", "needs_volunteers"`;

// recordEvent (intake.ts): TenantRepository.insert(GridCaseEvent, …).
export const INSERT_CASE_EVENT = `INSERT INTO "grid_case_events"("tenant_id", "id", "created_at", "updated_at", "district_id", "street_id", "community_id", "grid_id", "group_id", "case_id", "action", "from_state", "to_state", "actor_id", "occurred_at", "note", "public_reply", "details") VALUES ($1, $2, DEFAULT, DEFAULT, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING "created_at", "updated_at", "note", "public_reply", "details"`;

// OutboxWriter.write (libs/jobs/src/outbox.ts), for tx.events.publish.
export const INSERT_OUTBOX = `INSERT INTO "outbox_messages"("tenant_id", "id", "kind", "plugin_id", "name", "version", "payload", "run_at", "actor_id", "created_at", "relayed_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, DEFAULT, $10) RETURNING "version", "created_at"`;

// AuditService.recordAs (libs/audit/src/audit.service.ts), for tx.audit and the login's events.
export const INSERT_AUDIT = `INSERT INTO "audit_events"("tenant_id", "id", "actor_id", "actor_type", "action", "entity", "entity_id", "before", "after", "request_id", "source_address", "created_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, DEFAULT) RETURNING "created_at"`;

// namesFor (plugins/grid/src/cases/case-views.ts): a page's item codes and names.
export const CASE_ITEMS = 'select id, code, name from grid_items where id = any($1::uuid[])';

// CasesService.list: the query builder's select over alias `c`; cases.ts adds WHERE, ORDER BY, LIMIT.
export const SELECT_CASES = `SELECT "c"."tenant_id" AS "c_tenant_id", "c"."id" AS "c_id", "c"."created_at" AS "c_created_at", "c"."updated_at" AS "c_updated_at", "c"."district_id" AS "c_district_id", "c"."street_id" AS "c_street_id", "c"."community_id" AS "c_community_id", "c"."grid_id" AS "c_grid_id", "c"."group_id" AS "c_group_id", "c"."number" AS "c_number", "c"."number_day" AS "c_number_day", "c"."number_seq" AS "c_number_seq", "c"."source" AS "c_source", "c"."item_id" AS "c_item_id", "c"."description" AS "c_description", "c"."attributes" AS "c_attributes", "c"."address" AS "c_address", "c"."latitude" AS "c_latitude", "c"."longitude" AS "c_longitude", "c"."reporter_name" AS "c_reporter_name", "c"."reporter_phone" AS "c_reporter_phone", "c"."reported_by" AS "c_reported_by", "c"."unit_id" AS "c_unit_id", "c"."state" AS "c_state", "c"."referral_id" AS "c_referral_id", "c"."referral_status" AS "c_referral_status", "c"."referred_at" AS "c_referred_at", "c"."handling_unit_id" AS "c_handling_unit_id", "c"."handling_level" AS "c_handling_level", "c"."handler_unit_id" AS "c_handler_unit_id", "c"."handler_partner_id" AS "c_handler_partner_id", "c"."handler_user_id" AS "c_handler_user_id", "c"."dispatched_by" AS "c_dispatched_by", "c"."first_dispatched_at" AS "c_first_dispatched_at", "c"."dispatched_at" AS "c_dispatched_at", "c"."respond_by" AS "c_respond_by", "c"."accepted_at" AS "c_accepted_at", "c"."responded_in_time" AS "c_responded_in_time", "c"."deadline_at" AS "c_deadline_at", "c"."resolved_at" AS "c_resolved_at", "c"."resolved_by" AS "c_resolved_by", "c"."resolution" AS "c_resolution", "c"."closed_at" AS "c_closed_at", "c"."closed_by" AS "c_closed_by", "c"."overdue_at" AS "c_overdue_at", "c"."escalations" AS "c_escalations", "c"."reopen_count" AS "c_reopen_count", "c"."satisfaction" AS "c_satisfaction", "c"."satisfaction_at" AS "c_satisfaction_at", "c"."needs_volunteers" AS "c_needs_volunteers", "c"."reported_at" AS "c_reported_at" FROM "grid_cases" "c"`;

// AuditService.recordPlatform (libs/audit/src/audit.service.ts): a login naming an unknown district.
export const INSERT_PLATFORM_AUDIT = `INSERT INTO "platform_audit_events"("id", "actor_id", "actor_type", "action", "entity", "entity_id", "target_tenant_id", "after", "source_address", "request_id", "created_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, DEFAULT) RETURNING "created_at"`;
