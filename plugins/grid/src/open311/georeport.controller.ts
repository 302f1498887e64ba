import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  Controller,
  Ctx,
  FormFiles,
  Get,
  MultipartForm,
  Param,
  Post,
  RenderErrors,
  Req,
  Res,
  type FormFile,
  type HttpResponse,
  type PublicRequestContext,
} from '@tongxin/plugin-sdk';
import { formatOf, refuseKeyInQuery, type Fields } from './georeport-input';
import { renderGeoReportError, send } from './georeport-format';
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
}

const JURISDICTION =
  'Optional `jurisdiction_id` (the tenant code). Answers `.json` or `.xml`; refusals are `[{code, description}]`.';
/**
 * What one request may upload: up to 10 photos of at most 10 MB each (the district's
 * `maxPhotosPerCase` and `maxPhotoBytes` then apply), fields enough for every attribute.
 */
const MULTIPART_LIMITS = {
  maxFiles: 10,
  maxFileBytes: 10_000_000,
  maxFields: 200,
  maxFieldBytes: 16_384,
  maxTotalBytes: 30_000_000,
};

const fieldsOf = (req: RawRequest): Fields => ({
  ...req.query,
  ...(req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Fields) : {}),
});

/**
 * Open311 GeoReport v2 for the district in the path:
 * /api/v1/public/{tenant}/plugins/grid/open311/v2/{services.json, requests.xml, …}. Anonymous; only
 * `POST requests` needs an api_key. The routes send their answers in the path's format; every
 * refusal under this path, the host's included, is rendered in the spec's error format.
 */
@ApiTags('grid')
@RenderErrors(renderGeoReportError)
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
    return answer(req, res, format, 200, 'discovery', undefined, () => this.georeport.discovery(ctx, req.query));
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
    return answer(req, res, format, 200, 'services', 'service', () => this.georeport.services(ctx, req.query));
  }

  @Get('services/:service_code.:format')
  @ApiOperation({
    summary: 'Open311 service definition: the item’s attributes (datatypes, required, values); 404 for unknown codes',
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
    return answer(req, res, format, 200, 'service_definition', undefined, () =>
      this.georeport.definition(ctx, code, req.query),
    );
  }

  @Post('requests.:format')
  @MultipartForm(MULTIPART_LIMITS)
  @ApiOperation({
    summary: 'Open311: submit a service request (files a grid case)',
    description:
      'A form, multipart (with photos) or JSON body: `api_key` (403 when missing, unknown or revoked; never in ' +
      'the URL: 400), `service_code` (404 when unknown), a location (`lat`+`long`, `address_string` or ' +
      '`address_id`), `description` (up to 4000 characters), `attribute[code]` answers (checked against the ' +
      'service definition), `first_name`, `last_name`, `phone`, `email`, `media_url`, `device_id`, ' +
      '`account_id`, `jurisdiction_id`; photos as files `media` or `photo1`, `photo2`, … (JPEG, PNG or WebP); ' +
      'other fields are ignored. The answer’s service_request_id is the case number.',
    requestBody: CREATE_REQUEST_BODY,
  })
  @ApiCreatedResponse({ type: [ServiceRequestCreatedView] })
  create(
    @Ctx() ctx: PublicRequestContext,
    @Param('format') format: string,
    @Req() req: RawRequest,
    @FormFiles() files: FormFile[],
    @Res() res: HttpResponse,
  ) {
    return answer(req, res, format, 201, 'service_requests', 'request', () =>
      this.georeport.create(ctx, fieldsOf(req), files),
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
    return answer(req, res, format, 200, 'service_requests', 'request', () => this.georeport.requests(ctx, req.query));
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
    return answer(req, res, format, 200, 'service_requests', 'request', () =>
      this.georeport.request(ctx, id, req.query),
    );
  }

  @Get('media/:photo_id')
  @ApiOperation({
    summary: 'Open311: the photo a resident sent with a request (what its media_url names)',
    description: 'Only photos sent through Open311 are served; anything else is a 404.',
  })
  @ApiOkResponse({ description: 'The image', content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } })
  media(@Ctx() ctx: PublicRequestContext, @Param('photo_id') photoId: string, @Req() req: RawRequest) {
    refuseKeyInQuery(req.query);
    return this.georeport.media(ctx, photoId);
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
    return answer(req, res, format, 200, 'service_requests', 'request', () =>
      this.georeport.token(ctx, token, req.query),
    );
  }
}

/**
 * Sends `work`'s result in the path's format. Refusals are thrown: the host renders them in the
 * spec's format (renderGeoReportError), like its own.
 */
async function answer(
  req: RawRequest,
  res: HttpResponse,
  format: string,
  status: number,
  root: string,
  item: string | undefined,
  work: () => Promise<unknown>,
): Promise<void> {
  refuseKeyInQuery(req.query);
  const as = formatOf(format);
  send(res, status, as, await work(), root, item);
}
