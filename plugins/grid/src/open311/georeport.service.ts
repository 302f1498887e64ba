import { createHash } from 'node:crypto';
import {
  FileDownload,
  type ImageType,
  Injectable,
  isUuid,
  PluginError,
  Tongxin,
  withoutImageMetadata,
  type FormFile,
  type Names,
  type OrgUnitView,
  type PluginTx,
  type PublicRequestContext,
} from '@tongxin/plugin-sdk';
import {
  checkedPhoto,
  fileCase,
  gridAt,
  photoFilename,
  recordEvent,
  storePhoto,
  withStoredFilesCleanup,
} from '../cases';
import { CASE_ACTIONS, CASE_WORKFLOW, type CaseState } from '../cases/case-workflow';
import { GRID_LEVEL } from '../constants';
import { GridItem, type ItemCategory } from '../items/grid-item.entity';
import { inOrder } from '../items/item-attributes';
import type { GridSettings } from '../settings';
import { checkedAnswers, definitionOf } from './georeport-attributes';
import {
  attributeAnswers,
  list,
  MAX_DESCRIPTION,
  MAX_RESULTS,
  point,
  statuses,
  text,
  window,
  type Fields,
} from './georeport-input';
import { PUBLIC_STATUS_TEXT } from './public-status';
import { SLACK_MS, v7Bound } from '../shared/time-range';
import type {
  DiscoveryView,
  ServiceDefinitionView,
  ServiceRequestCreatedView,
  ServiceRequestView,
  ServiceView,
  TokenView,
} from './georeport.views';
import { GridOpen311Key } from './open311-key.entity';

export const GEOREPORT_SPEC = 'http://wiki.open311.org/GeoReport_v2';
export const GEOREPORT_FORMATS = ['application/json', 'text/xml'];

/** Where the spec's endpoint lives under the plugin's public mount. */
export const GEOREPORT_PATH = 'open311/v2';

/**
 * File fields of a request that are the resident's photos: `media` (the GeoReport v2 upload
 * extension) and FixMyStreet's `photo1`, `photo2`, …. Other files (FixMyStreet's `file_…`
 * attachments) are not photos and are left alone.
 */
const MEDIA_FIELD = /^(media|photo\d*)$/;

/** A service's `group` is its category's Chinese name; `keywords` carry both languages. */
const CATEGORY: Record<ItemCategory, Names> = {
  info_collection: { 'zh-CN': '信息采集', en: 'information collection' },
  hazard_patrol: { 'zh-CN': '安全隐患巡查', en: 'hazard patrol' },
  publicity: { 'zh-CN': '宣传指引', en: 'publicity and guidance' },
  special_task: { 'zh-CN': '专项任务', en: 'special tasks' },
};

const NOTICE: Names = {
  'zh-CN': '已受理，将按“{item}”的办理时限在派单后 {limit}内办结',
  en: 'Received: to be completed within {limit} of dispatch, the time limit for "{item}"',
};

const LIMIT_UNITS: Record<string, Names> = {
  hours: { 'zh-CN': '{n} 小时', en: '{n} hours' },
  working_days: { 'zh-CN': '{n} 个工作日', en: '{n} working days' },
};

const CONTACT: Names = {
  'zh-CN': '请联系本区网格化服务管理中心（同心平台）',
  en: 'Contact the district’s grid management centre (Tongxin)',
};

const KEY_SERVICE: Names = {
  'zh-CN': 'api_key 由区级管理员在同心平台签发',
  en: 'api_keys are issued by the district administrator in Tongxin',
};

/**
 * One case as the requests query reads it: everything a ServiceRequestView needs, and nothing
 * staff wrote for each other (no notes, no resolution, no reporter): only public replies.
 */
interface RequestRow {
  number: string;
  state: CaseState;
  description: string;
  address: string;
  lat: number | null;
  long: number | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  deadlineAt: Date | null;
  itemCode: string;
  itemName: string;
  timeLimit: number;
  timeLimitUnit: string;
  agency: string;
  /** The public reply of the transition into the current state ('' when it gave none). */
  publicReply: string | null;
  /** The first photo the resident sent with the request. */
  mediaId: string | null;
  intake: { addressId?: string } | null;
}

/** The filters of `GET requests`, already checked. */
type RequestFilter =
  { numbers: string[] } | { from: Date; to: Date; statuses: ('open' | 'closed')[]; serviceCodes: string[] };

// A time window is also a range of the primary key (tenant_id, id) (shared/time-range.ts): the
// search walks that index, newest first, and stops at 1000. Open311's `closed` is the case
// workflow's final states.
const FINAL: readonly string[] = CASE_WORKFLOW.final;

/**
 * Open311 GeoReport v2 for one district (jurisdiction_id = tenant code): discovery, the grid item
 * list as services, filing cases with an api_key, and reading the cases filed that way. Only
 * Open311 cases are published: staff-filed cases (patrols, 12345, walk-ins) may name residents.
 */
@Injectable()
export class GeoReportService {
  constructor(private readonly tongxin: Tongxin) {}

  /** The endpoint's address is built from PUBLIC_URL, never from the Host header a client sends. */
  discovery(ctx: PublicRequestContext, fields: Fields): Promise<DiscoveryView> {
    const url = this.tongxin.publicUrl(ctx, GEOREPORT_PATH);
    return this.tongxin.transaction(ctx, async (tx) => {
      this.jurisdiction(ctx, fields);
      const [row] = await tx.query<{ changed: Date | null }>('select max(updated_at) as changed from grid_items');
      const changeset = (row?.changed ?? tx.now).toISOString();
      return {
        changeset,
        contact: this.tongxin.text(ctx, CONTACT),
        key_service: this.tongxin.text(ctx, KEY_SERVICE),
        endpoints: [{ specification: GEOREPORT_SPEC, url, changeset, type: 'production', formats: GEOREPORT_FORMATS }],
      };
    });
  }

  services(ctx: PublicRequestContext, fields: Fields): Promise<ServiceView[]> {
    return this.tongxin.transaction(ctx, async (tx) => {
      this.jurisdiction(ctx, fields);
      const items = await tx
        .repository(GridItem)
        .queryBuilder('i')
        .where('i.active and i.public')
        .orderBy('i.sort_order', 'ASC')
        .addOrderBy('i.code', 'ASC')
        .getMany();
      return items.map((i) => ({
        service_code: i.code,
        service_name: i.name,
        description: i.description || null,
        metadata: (i.attributes ?? []).length > 0,
        type: 'realtime' as const,
        keywords: `${CATEGORY[i.category]['zh-CN']},${CATEGORY[i.category].en}`,
        group: CATEGORY[i.category]['zh-CN'],
      }));
    });
  }

  /** The item's attributes in display order (404 for unknown codes). */
  definition(ctx: PublicRequestContext, code: string, fields: Fields): Promise<ServiceDefinitionView> {
    return this.tongxin.transaction(ctx, async (tx) => {
      this.jurisdiction(ctx, fields);
      const item = await this.activeItem(tx, code);
      if (!item) throw new PluginError('GRID_OPEN311_SERVICE_UNKNOWN', 404, { code });
      return { service_code: item.code, attributes: inOrder(item.attributes ?? []).map(definitionOf) };
    });
  }

  /**
   * Files a case for an api_key holder: 问题采集 and 上报 at once (source `open311`, no account), at
   * the grid whose boundary contains lat/long, else at the key's unit. Contact details go to the
   * case's reporter fields (staff only); email, media_url and the client's ids to its history;
   * attribute answers to the case; uploaded photos (`media`, `photo1`…) through the same checks
   * and storage as staff uploads, published as the request's media_url. Nothing is filed, and no
   * file kept, unless all of it passes.
   */
  create(ctx: PublicRequestContext, fields: Fields, files: FormFile[] = []): Promise<ServiceRequestCreatedView[]> {
    return withStoredFilesCleanup(this.tongxin, ctx.tenantId, (stored) =>
      this.tongxin.transaction(ctx, async (tx) => {
        this.jurisdiction(ctx, fields);
        // Attempts per client first, so guessing keys is throttled too; then filings per key.
        const settings = await tx.settings<GridSettings>();
        const minute = (limit: number) => ({ limit, windowSeconds: 60 });
        await this.tongxin.throttle(
          ctx,
          'open311.client',
          ctx.sourceAddress ?? 'unknown',
          minute(settings.open311AttemptsPerClientPerMinute),
        );
        const key = await this.key(tx, fields);
        await this.tongxin.throttle(ctx, 'open311.key', key.id, minute(settings.open311FilingsPerKeyPerMinute));
        const code = text(fields, 'service_code', 32);
        if (!code) throw new PluginError('GRID_OPEN311_SERVICE_CODE_REQUIRED', 400);
        const item = await this.activeItem(tx, code);
        if (!item) throw new PluginError('GRID_OPEN311_SERVICE_UNKNOWN', 404, { code });
        const at = point(fields);
        const address = text(fields, 'address_string', 200);
        const addressId = text(fields, 'address_id', 100);
        if (!at && !address && !addressId) throw new PluginError('GRID_OPEN311_LOCATION_REQUIRED', 400);
        const attributes = checkedAnswers(item.attributes ?? [], attributeAnswers(fields), await tx.clock.calendar());
        const media = files.filter((f) => MEDIA_FIELD.test(f.field));
        if (media.length > settings.maxPhotosPerCase)
          throw new PluginError('GRID_PHOTO_LIMIT', 409, { max: settings.maxPhotosPerCase });
        const photos = media.map((f) => checkedPhoto({ body: f.body, declaredType: f.contentType }, settings));
        const intake = {
          client: key.clientName,
          keyPrefix: key.keyPrefix,
          email: text(fields, 'email', 254),
          mediaUrl: text(fields, 'media_url', 1000),
          addressId,
          deviceId: text(fields, 'device_id', 100),
          accountId: text(fields, 'account_id', 100),
        };
        const c = await fileCase(tx, {
          source: 'open311',
          item,
          unit: await this.unitFor(tx, key, at),
          description: text(fields, 'description', MAX_DESCRIPTION) ?? '',
          address,
          latitude: at?.lat ?? null,
          longitude: at?.long ?? null,
          reporterName: personName(text(fields, 'first_name', 50), text(fields, 'last_name', 50)),
          reporterPhone: text(fields, 'phone', 32),
          reportedBy: null,
          attributes,
        });
        const given = Object.fromEntries(Object.entries(intake).filter(([, v]) => v !== undefined));
        await recordEvent(tx, c, 'open311', c.state, c.state, given);
        for (const photo of photos)
          await storePhoto(this.tongxin, tx, c, photo, { stage: 'report', uploadedBy: null, published: true }, stored);
        await tx.audit('case.create', 'grid_case', c.id, null, {
          number: c.number,
          state: c.state,
          unitId: c.unitId,
          source: 'open311',
          client: key.clientName,
          photos: photos.length,
        });
        return [{ service_request_id: c.number, service_notice: this.notice(ctx, item), account_id: null }];
      }),
    );
  }

  /**
   * `GET media/{id}`: the photo a resident sent with an Open311 request, the one its media_url
   * names. Photos staff added, and every photo of a case staff filed, are not found here.
   */
  media(ctx: PublicRequestContext, photoId: string): Promise<FileDownload> {
    return this.tongxin.transaction(ctx, async (tx) => {
      const notFound = new PluginError('GRID_OPEN311_MEDIA_NOT_FOUND', 404);
      if (!isUuid(photoId)) throw notFound;
      const [photo] = await tx.query<{ id: string; number: string; storageKey: string; contentType: string }>(
        `select p.id, c.number, p.storage_key as "storageKey", p.content_type as "contentType"
           from grid_case_photos p
           join grid_cases c on c.tenant_id = p.tenant_id and c.id = p.case_id
          where p.id = $1 and p.published and c.source = 'open311'`,
        [photoId],
      );
      if (!photo) throw notFound;
      const file = await this.tongxin.files.get(ctx.tenantId, photo.storageKey);
      if (!file) throw notFound;
      // Stored photos are already clean; this covers ones stored before metadata was removed.
      const body = withoutImageMetadata(file.body, photo.contentType as ImageType);
      return new FileDownload(body, photo.contentType, {
        filename: photoFilename(photo.number, photo),
        cache: 'public',
      });
    });
  }

  /**
   * `GET requests`: by service_request_id (a comma list, which overrides every other filter), or
   * by requested_datetime window (last 90 days by default, at most 90), status and service_code;
   * newest first, at most 1000. One SQL query.
   */
  requests(ctx: PublicRequestContext, fields: Fields): Promise<ServiceRequestView[]> {
    return this.tongxin.transaction(ctx, async (tx) => {
      this.jurisdiction(ctx, fields);
      const numbers = list(fields, 'service_request_id');
      let filter: RequestFilter;
      if (numbers.length) {
        if (numbers.length > MAX_RESULTS) throw new PluginError('GRID_OPEN311_TOO_MANY_IDS', 400, { max: MAX_RESULTS });
        filter = { numbers };
      } else {
        filter = {
          ...window(fields, tx.now, await tx.clock.calendar()),
          statuses: statuses(fields),
          serviceCodes: list(fields, 'service_code'),
        };
      }
      return (await this.rows(tx, filter)).map((r) => this.view(ctx, r));
    });
  }

  /** `GET requests/{id}`: a one-element list, as the spec has it; 404 for numbers not filed through Open311. */
  request(ctx: PublicRequestContext, number: string, fields: Fields): Promise<ServiceRequestView[]> {
    return this.tongxin.transaction(ctx, async (tx) => {
      this.jurisdiction(ctx, fields);
      const rows = await this.rows(tx, { numbers: [number] });
      if (!rows.length) throw new PluginError('GRID_OPEN311_REQUEST_NOT_FOUND', 404, { id: number });
      return rows.map((r) => this.view(ctx, r));
    });
  }

  /** `GET tokens/{token}`: requests are filed at once, so a token is the case number itself. */
  token(ctx: PublicRequestContext, token: string, fields: Fields): Promise<TokenView[]> {
    return this.tongxin.transaction(ctx, async (tx) => {
      this.jurisdiction(ctx, fields);
      const rows = await this.rows(tx, { numbers: [token] });
      if (!rows.length) throw new PluginError('GRID_OPEN311_REQUEST_NOT_FOUND', 404, { id: token });
      return [{ service_request_id: rows[0]!.number, token }];
    });
  }

  /** jurisdiction_id is optional; given, it must be this district's code (the spec's 404 otherwise). */
  private jurisdiction(ctx: PublicRequestContext, fields: Fields): void {
    const given = text(fields, 'jurisdiction_id', 100);
    if (given !== undefined && given !== ctx.tenantCode)
      throw new PluginError('GRID_OPEN311_JURISDICTION_UNKNOWN', 404, { expected: ctx.tenantCode, given });
  }

  /** The api_key's row: unknown (another district's included, by row-level security) or revoked is 403. */
  private async key(tx: PluginTx, fields: Fields): Promise<GridOpen311Key> {
    const apiKey = text(fields, 'api_key', 200);
    if (!apiKey) throw new PluginError('GRID_OPEN311_API_KEY_REQUIRED', 403);
    const key = await tx
      .repository(GridOpen311Key)
      .queryBuilder('k')
      .where('k.key_hash = :hash', { hash: createHash('sha256').update(apiKey).digest('hex') })
      .getOne();
    if (!key || key.revokedAt) throw new PluginError('GRID_OPEN311_API_KEY_INVALID', 403);
    return key;
  }

  private activeItem(tx: PluginTx, code: string): Promise<GridItem | null> {
    return tx
      .repository(GridItem)
      .queryBuilder('i')
      .where('i.code = :code AND i.active AND i.public', { code })
      .getOne();
  }

  /**
   * Where the case is filed: the grid drawn around the point, else the key's unit. A point outside
   * the key's own grid's boundary goes to that grid's community, which knows its neighbours.
   */
  private async unitFor(tx: PluginTx, key: GridOpen311Key, at?: { lat: number; long: number }): Promise<OrgUnitView> {
    const grid = at ? await gridAt(tx, at.lat, at.long) : null;
    if (grid) return tx.hierarchy.requireUnit(grid);
    const unit = (await tx.hierarchy.unit(key.unitId)) ?? (await tx.hierarchy.root());
    if (!at || unit.level !== GRID_LEVEL) return unit;
    const drawn = await tx.query('select 1 from grid_profiles where unit_id = $1 and boundary is not null', [unit.id]);
    return drawn.length ? (await tx.hierarchy.parent(unit.id))! : unit;
  }

  private notice(ctx: PublicRequestContext, item: { name: string; timeLimit: number; timeLimitUnit: string }): string {
    const limit = this.tongxin
      .text(ctx, LIMIT_UNITS[item.timeLimitUnit] ?? LIMIT_UNITS.hours!)
      .replace('{n}', String(item.timeLimit));
    return this.tongxin.text(ctx, NOTICE).replace('{item}', item.name).replace('{limit}', limit);
  }

  /**
   * The one query behind every read (list, one request, tokens; JSON and XML alike): Open311
   * cases with item, handler name, the public reply of the transition into the current state, the
   * resident's photo and intake details. It selects no staff note and no resolution, so none can
   * be published.
   */
  private rows(tx: PluginTx, filter: RequestFilter): Promise<RequestRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = [`c.source = 'open311'`];
    if ('numbers' in filter) where.push(`c.number = any(${p(filter.numbers)}::varchar[])`);
    else {
      where.push(
        `c.id >= ${p(v7Bound(filter.from.getTime() - SLACK_MS, '0'))}::uuid`,
        `c.id <= ${p(v7Bound(filter.to.getTime() + SLACK_MS, 'f'))}::uuid`,
        `c.created_at >= ${p(filter.from)}`,
        `c.created_at <= ${p(filter.to)}`,
      );
      if (filter.statuses.length === 1)
        where.push(`${filter.statuses[0] === 'closed' ? '' : 'not '}c.state = any(${p(FINAL)}::varchar[])`);
      if (filter.serviceCodes.length) where.push(`i.code = any(${p(filter.serviceCodes)}::varchar[])`);
    }
    const sql = `
      select c.number, c.state, c.description, c.address,
             c.latitude::float8 as lat, c.longitude::float8 as long,
             c.created_at as "createdAt", c.updated_at as "updatedAt", c.closed_at as "closedAt",
             c.deadline_at as "deadlineAt",
             i.code as "itemCode", i.name as "itemName", i.time_limit as "timeLimit",
             i.time_limit_unit as "timeLimitUnit",
             coalesce(u.name, p.name, '') as agency, r.public_reply as "publicReply", m.id as "mediaId",
             x.details as intake
        from grid_cases c
        join grid_items i on i.tenant_id = c.tenant_id and i.id = c.item_id
        left join sdk_units u on u.tenant_id = c.tenant_id and u.id = c.handler_unit_id
        left join sdk_partner_bodies p on p.tenant_id = c.tenant_id and p.id = c.handler_partner_id
        left join lateral (select e.public_reply from grid_case_events e
                            where e.tenant_id = c.tenant_id and e.case_id = c.id
                              and e.action = any(${p(CASE_ACTIONS)}::varchar[])
                            order by e.id desc limit 1) r on true
        left join lateral (select ph.id from grid_case_photos ph
                            where ph.tenant_id = c.tenant_id and ph.case_id = c.id and ph.published
                            order by ph.id limit 1) m on true
        left join lateral (select e.details from grid_case_events e
                            where e.tenant_id = c.tenant_id and e.case_id = c.id and e.action = 'open311'
                            limit 1) x on true
       where ${where.join(' and ')}
       order by c.id desc
       limit ${MAX_RESULTS}`;
    return tx.query<RequestRow>(sql, params);
  }

  /**
   * A case as a service request. `status_notes` is the public reply of the transition into the
   * current state, else the state's fixed text. The reporter's name, phone and email are never
   * part of it; `media_url` is our own address of the resident's photo, never a URL a client sent.
   */
  private view(ctx: PublicRequestContext, r: RequestRow): ServiceRequestView {
    const closed = FINAL.includes(r.state);
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return {
      service_request_id: r.number,
      status: closed ? 'closed' : 'open',
      status_notes: r.publicReply || this.tongxin.text(ctx, PUBLIC_STATUS_TEXT[r.state]),
      service_name: r.itemName,
      service_code: r.itemCode,
      description: r.description || null,
      agency_responsible: r.agency,
      service_notice: this.notice(ctx, { name: r.itemName, timeLimit: r.timeLimit, timeLimitUnit: r.timeLimitUnit }),
      requested_datetime: iso(r.createdAt)!,
      updated_datetime: iso(closed ? (r.closedAt ?? r.updatedAt) : r.updatedAt),
      expected_datetime: iso(r.deadlineAt),
      address: r.address || null,
      address_id: r.intake?.addressId ?? null,
      zipcode: null,
      lat: r.lat,
      long: r.long,
      media_url: r.mediaId ? this.tongxin.publicUrl(ctx, `${GEOREPORT_PATH}/media/${r.mediaId}`) : null,
    };
  }
}

/** `first_name`/`last_name` as one name: family name first without a space in Chinese, else "first last". */
function personName(first?: string, last?: string): string {
  const cjk = /[\u3400-\u9fff]/.test(`${first ?? ''}${last ?? ''}`);
  return (cjk ? [last, first].join('') : [first, last].filter(Boolean).join(' ')).slice(0, 100);
}
