import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  Controller,
  Ctx,
  Get,
  Param,
  Post,
  Req,
  Res,
  type HttpResponse,
  type PublicRequestContext,
} from '@tongxin/plugin-sdk';
import { PLUGIN_ID } from '../constants';
import { formatOf, type Fields } from './georeport-input';
import { send, sendError, type Format } from './georeport-format';
import { GeoReportService } from './georeport.service';
import {
  CREATE_REQUEST_BODY,
  DiscoveryView,
  ServiceDefinitionView,
  ServiceRequestCreatedView,
  ServiceRequestView,
  ServiceView,
  TokenView,
} from './georeport.views';

/** What the routes read of the raw request: GeoReport clients' fields bypass the host's DTO validation. */
interface RawRequest {
  body?: unknown;
  query: Fields;
  protocol: string;
  get(header: string): string | undefined;
}

const JURISDICTION =
  'Optional `jurisdiction_id` (the tenant code). Answers `.json` or `.xml`; refusals are `[{code, description}]`.';
const fieldsOf = (req: RawRequest): Fields => ({
  ...req.query,
  ...(req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Fields) : {}),
});

/**
 * Open311 GeoReport v2 for the district in the path:
 * /api/v1/public/{tenant}/plugins/grid/open311/v2/{services.json, requests.xml, …}. Anonymous; only
 * `POST requests` needs an api_key. The routes send their answers themselves, so that refusals keep
 * the spec's format and their HTTP status.
 */
@ApiTags('grid')
@Controller('open311/v2')
export class GeoReportController {
  constructor(private readonly georeport: GeoReportService) {}

  @Get('discovery.:format')
  @ApiOperation({
    summary: 'Open311 discovery: the endpoint, its specification and formats',
    description: JURISDICTION,
  })
  @ApiOkResponse({ type: DiscoveryView })
  discovery(
    @Ctx() ctx: PublicRequestContext,
    @Param('format') format: string,
    @Req() req: RawRequest,
    @Res() res: HttpResponse,
  ) {
    const url = `${req.protocol}://${req.get('host')}/api/v1/public/${ctx.tenantCode}/plugins/${PLUGIN_ID}/open311/v2`;
    return answer(ctx, res, format, 200, 'discovery', undefined, () => this.georeport.discovery(ctx, req.query, url));
  }

  @Get('services.:format')
  @ApiOperation({ summary: 'Open311 services: the active items of the grid item list', description: JURISDICTION })
  @ApiOkResponse({ type: [ServiceView] })
  services(
    @Ctx() ctx: PublicRequestContext,
    @Param('format') format: string,
    @Req() req: RawRequest,
    @Res() res: HttpResponse,
  ) {
    return answer(ctx, res, format, 200, 'services', 'service', () => this.georeport.services(ctx, req.query));
  }

  @Get('services/:service_code.:format')
  @ApiOperation({
    summary: 'Open311 service definition (no attributes); 404 for unknown codes',
    description: JURISDICTION,
  })
  @ApiOkResponse({ type: ServiceDefinitionView })
  definition(
    @Ctx() ctx: PublicRequestContext,
    @Param('service_code') code: string,
    @Param('format') format: string,
    @Req() req: RawRequest,
    @Res() res: HttpResponse,
  ) {
    return answer(ctx, res, format, 200, 'service_definition', undefined, () =>
      this.georeport.definition(ctx, code, req.query),
    );
  }

  @Post('requests.:format')
  @ApiOperation({
    summary: 'Open311: submit a service request (files a grid case)',
    description:
      'Form fields (or JSON): `api_key` (403 when missing, unknown or revoked), `service_code`, a location ' +
      '(`lat`+`long`, `address_string` or `address_id`), `description`, `first_name`, `last_name`, `phone`, ' +
      '`email`, `media_url`, `device_id`, `account_id`, `jurisdiction_id`; other fields are ignored. ' +
      'The answer’s service_request_id is the case number.',
    requestBody: CREATE_REQUEST_BODY,
  })
  @ApiCreatedResponse({ type: [ServiceRequestCreatedView] })
  create(
    @Ctx() ctx: PublicRequestContext,
    @Param('format') format: string,
    @Req() req: RawRequest,
    @Res() res: HttpResponse,
  ) {
    return answer(ctx, res, format, 201, 'service_requests', 'request', () =>
      this.georeport.create(ctx, fieldsOf(req)),
    );
  }

  @Get('requests.:format')
  @ApiOperation({
    summary: 'Open311: service requests filed through Open311, newest first (at most 1000)',
    description:
      'Query: `service_request_id` (comma list; overrides the rest), `service_code` (comma list), ' +
      '`start_date`/`end_date` (W3C date-times; the last 90 days by default, at most 90), `status` (open, closed). ' +
      JURISDICTION,
  })
  @ApiOkResponse({ type: [ServiceRequestView] })
  requests(
    @Ctx() ctx: PublicRequestContext,
    @Param('format') format: string,
    @Req() req: RawRequest,
    @Res() res: HttpResponse,
  ) {
    return answer(ctx, res, format, 200, 'service_requests', 'request', () => this.georeport.requests(ctx, req.query));
  }

  @Get('requests/:service_request_id.:format')
  @ApiOperation({ summary: 'Open311: one service request by its case number', description: JURISDICTION })
  @ApiOkResponse({ type: [ServiceRequestView] })
  request(
    @Ctx() ctx: PublicRequestContext,
    @Param('service_request_id') id: string,
    @Param('format') format: string,
    @Req() req: RawRequest,
    @Res() res: HttpResponse,
  ) {
    return answer(ctx, res, format, 200, 'service_requests', 'request', () =>
      this.georeport.request(ctx, id, req.query),
    );
  }

  @Get('tokens/:token_id.:format')
  @ApiOperation({
    summary: 'Open311: the service request of a token (the token is the case number)',
    description: JURISDICTION,
  })
  @ApiOkResponse({ type: [TokenView] })
  token(
    @Ctx() ctx: PublicRequestContext,
    @Param('token_id') token: string,
    @Param('format') format: string,
    @Req() req: RawRequest,
    @Res() res: HttpResponse,
  ) {
    return answer(ctx, res, format, 200, 'service_requests', 'request', () =>
      this.georeport.token(ctx, token, req.query),
    );
  }
}

/** Runs `work` and sends its result, or its refusal in the spec's error format (JSON for an unknown format). */
async function answer(
  ctx: PublicRequestContext,
  res: HttpResponse,
  format: string,
  status: number,
  root: string,
  item: string | undefined,
  work: () => Promise<unknown>,
): Promise<void> {
  let as: Format = 'json';
  try {
    as = formatOf(format);
    send(res, status, as, await work(), root, item);
  } catch (error) {
    sendError(res, ctx, as, error);
  }
}
