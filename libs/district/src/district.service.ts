import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canOn, districtScope } from '@tongxin/access';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { DomainError, notFound, pageOf, type Page } from '@tongxin/http';
import { Tenant } from '@tongxin/tenancy';
import { CalendarOverrideRow } from './calendar-override.entity';
import type {
  BatchCalendarOverridesDto,
  CalendarDayDto,
  CalendarOverrideDto,
  CalendarPageDto,
  CalendarQueryDto,
  PutCalendarOverrideDto,
  TenantProfileDto,
  UpdateTenantProfileDto,
} from './district.dto';
import { DistrictClockService } from './district-clock.service';
import { COVERED_YEARS, scheduledDaysOf } from './holiday-schedule';
import { isCalendarDate, isTimeZone, WorkingCalendar } from './working-calendar';

const PERMISSION = 'tenant.manage';

function toProfile(t: Tenant): TenantProfileDto {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    shortName: t.shortName,
    divisionCode: t.divisionCode,
    logoUrl: t.logoUrl,
    timeZone: t.timeZone,
    updatedAt: t.updatedAt,
  };
}

const toOverride = (o: CalendarOverrideRow): CalendarOverrideDto => ({ date: o.date, kind: o.kind, note: o.note });

/** A day a district may override: a real `YYYY-MM-DD` in 2000–2100; 400 INVALID_CALENDAR_DATE otherwise. */
function isOverridableDate(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return isCalendarDate(value) && year >= 2000 && year <= 2100;
}

function requireDate(value: string): string {
  if (!isOverridableDate(value))
    throw new DomainError('INVALID_CALENDAR_DATE', 400, { value: value.slice(0, 40) }, { value });
  return value;
}

/** The district profile (`GET/PATCH /tenant`) and its working-day calendar (`/tenant/calendar`). */
@Injectable()
export class DistrictService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly audit: AuditService,
    private readonly clock: DistrictClockService,
  ) {}

  profile(ctx: RequestContext): Promise<TenantProfileDto> {
    return this.tx.run(ctx.tenantId, async (em) => toProfile(await this.tenant(em, ctx.tenantId)));
  }

  async updateProfile(ctx: RequestContext, dto: UpdateTenantProfileDto): Promise<TenantProfileDto> {
    this.assertManage(ctx);
    if (dto.timeZone !== undefined && !isTimeZone(dto.timeZone))
      throw new DomainError('INVALID_TIME_ZONE', 400, { value: dto.timeZone }, { field: 'timeZone' });
    return this.tx.run(ctx.tenantId, async (em) => {
      const before = await this.tenant(em, ctx.tenantId);
      const changes: Partial<Tenant> = {};
      for (const key of ['name', 'shortName', 'divisionCode', 'logoUrl', 'timeZone'] as const)
        if (dto[key] !== undefined) (changes as Record<string, unknown>)[key] = dto[key];
      if (Object.keys(changes).length) await em.update(Tenant, { id: ctx.tenantId }, changes);
      const after = await this.tenant(em, ctx.tenantId);
      await this.audit.record(em, ctx, {
        action: 'tenant.update',
        entity: 'tenant',
        entityId: ctx.tenantId,
        before: toProfile(before),
        after: toProfile(after),
      });
      return toProfile(after);
    });
  }

  /** The year's days that are not what their weekday says: the national schedule's, then the district's. */
  calendar(ctx: RequestContext, query: CalendarQueryDto): Promise<CalendarPageDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const calendar = await this.clock.calendar(em, ctx.tenantId);
      const year = query.year ?? Number(calendar.dateOf(new Date()).slice(0, 4));
      const overrides = await em
        .getRepository(CalendarOverrideRow)
        .createQueryBuilder('o')
        .where('o.date >= :from and o.date <= :to', { from: `${year}-01-01`, to: `${year}-12-31` })
        .getMany();
      const plain = new WorkingCalendar(calendar.timeZone);
      const days = new Map<string, CalendarDayDto>();
      for (const [date, day] of scheduledDaysOf(year))
        days.set(date, { date, kind: day.kind, source: 'national', holiday: day.names, note: null });
      for (const o of overrides) {
        const replaced = plain.isWorkingDay(o.date) ? 'work' : 'off';
        const national = days.get(o.date);
        days.set(o.date, {
          date: o.date,
          kind: o.kind,
          source: 'override',
          holiday: national?.holiday ?? null,
          note: o.note,
          replaces: replaced,
        });
      }
      const items = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
      return {
        ...pageOf(items, query),
        year,
        timeZone: calendar.timeZone,
        nationalScheduleCovers: COVERED_YEARS.includes(year),
        coveredYears: [COVERED_YEARS[0]!, COVERED_YEARS[COVERED_YEARS.length - 1]!],
      };
    });
  }

  async putOverride(ctx: RequestContext, date: string, dto: PutCalendarOverrideDto): Promise<CalendarOverrideDto> {
    this.assertManage(ctx);
    requireDate(date);
    return this.tx.run(ctx.tenantId, async (em) => (await this.write(em, ctx, [{ ...dto, date }]))[0]!);
  }

  /** Sets every override in the batch or none: a bad or repeated date refuses the whole batch. */
  async putOverrides(ctx: RequestContext, dto: BatchCalendarOverridesDto): Promise<Page<CalendarOverrideDto>> {
    this.assertManage(ctx);
    const seen = new Set<string>();
    for (const [index, o] of dto.overrides.entries()) {
      if (!isOverridableDate(o.date))
        throw new DomainError('INVALID_CALENDAR_DATE', 400, { value: o.date.slice(0, 40) }, { index, value: o.date });
      if (seen.has(o.date)) throw new DomainError('DUPLICATE_CALENDAR_DATE', 400, { value: o.date }, { index });
      seen.add(o.date);
    }
    const written = await this.tx.run(ctx.tenantId, (em) => this.write(em, ctx, dto.overrides));
    return { items: written, nextCursor: null };
  }

  async deleteOverride(ctx: RequestContext, date: string): Promise<void> {
    this.assertManage(ctx);
    requireDate(date);
    await this.tx.run(ctx.tenantId, async (em) => {
      const existing = await em.findOneBy(CalendarOverrideRow, { tenantId: ctx.tenantId, date });
      if (!existing) throw notFound('calendar_override');
      await em.delete(CalendarOverrideRow, { tenantId: ctx.tenantId, date });
      await this.audit.record(em, ctx, {
        action: 'tenant.calendar.override.delete',
        entity: 'tenant.calendar_override',
        entityId: null,
        before: toOverride(existing),
      });
    });
  }

  private async write(
    em: EntityManager,
    ctx: RequestContext,
    overrides: { date: string; kind: 'off' | 'work'; note?: string | null }[],
  ): Promise<CalendarOverrideDto[]> {
    const out: CalendarOverrideDto[] = [];
    for (const o of overrides) {
      const before = await em.findOneBy(CalendarOverrideRow, { tenantId: ctx.tenantId, date: o.date });
      const row = { tenantId: ctx.tenantId, date: o.date, kind: o.kind, note: o.note ?? null };
      await em.upsert(CalendarOverrideRow, row, ['tenantId', 'date']);
      const after = toOverride(row as CalendarOverrideRow);
      await this.audit.record(em, ctx, {
        action: 'tenant.calendar.override.set',
        entity: 'tenant.calendar_override',
        entityId: null,
        before: before ? toOverride(before) : null,
        after,
      });
      out.push(after);
    }
    return out;
  }

  private async tenant(em: EntityManager, id: string): Promise<Tenant> {
    const tenant = await em.findOneBy(Tenant, { id });
    if (!tenant) throw notFound('tenant');
    return tenant;
  }

  /** The profile and calendar are the whole district's: the permission must cover the district. */
  private assertManage(ctx: RequestContext): void {
    if (!canOn(ctx.ability, PERMISSION, districtScope(ctx))) throw new DomainError('TENANT_NEEDS_DISTRICT_SCOPE', 403);
  }
}
