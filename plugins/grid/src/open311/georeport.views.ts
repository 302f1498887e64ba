import { ApiProperty } from '@tongxin/plugin-sdk';

/**
 * The GeoReport v2 shapes (http://wiki.open311.org/GeoReport_v2), field names as the spec spells
 * them. The same data is served as JSON (`….json`) and XML (`….xml`).
 */
export class DiscoveryEndpointView {
  @ApiProperty({ example: 'http://wiki.open311.org/GeoReport_v2' }) specification!: string;
  @ApiProperty({ example: 'https://tongxin.example/api/v1/public/demo/plugins/grid/open311/v2' }) url!: string;
  @ApiProperty({ example: '2026-05-01T00:00:00.000Z' }) changeset!: string;
  @ApiProperty({ enum: ['production', 'test'] }) type!: string;
  @ApiProperty({ type: [String], example: ['application/json', 'text/xml'] }) formats!: string[];
}

export class DiscoveryView {
  @ApiProperty({ description: 'When the service list last changed' }) changeset!: string;
  @ApiProperty() contact!: string;
  @ApiProperty() key_service!: string;
  @ApiProperty({ type: [DiscoveryEndpointView] }) endpoints!: DiscoveryEndpointView[];
}

export class ServiceView {
  @ApiProperty({ example: 'HP-09', description: 'The grid item’s code' }) service_code!: string;
  @ApiProperty({ example: '占道经营、乱堆乱放' }) service_name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ description: 'True when the service has attributes: read them in its service definition' })
  metadata!: boolean;
  @ApiProperty({ enum: ['realtime', 'batch', 'blackbox'] }) type!: 'realtime';
  @ApiProperty({ type: String, nullable: true, example: '安全隐患巡查,hazard patrol' }) keywords!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '安全隐患巡查', description: 'The item’s category' })
  group!: string | null;
}

export class GeoReportAttributeValueView {
  @ApiProperty({ example: 'high' }) key!: string;
  @ApiProperty({ example: '高' }) name!: string;
}

export class GeoReportAttributeView {
  @ApiProperty({ description: 'False: information only, asks for nothing' }) variable!: boolean;
  @ApiProperty({ example: 'building', description: 'Sent back as `attribute[code]`' }) code!: string;
  @ApiProperty({ enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] })
  datatype!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty({ type: String, nullable: true }) datatype_description!: string | null;
  @ApiProperty() order!: number;
  @ApiProperty({ example: '楼栋号', description: 'The question' }) description!: string;
  @ApiProperty({ type: [GeoReportAttributeValueView], description: 'The choices of a list datatype' })
  values!: GeoReportAttributeValueView[];
}

export class ServiceDefinitionView {
  @ApiProperty() service_code!: string;
  @ApiProperty({ type: [GeoReportAttributeView], description: 'The item’s attributes, in display order' })
  attributes!: GeoReportAttributeView[];
}

export class ServiceRequestView {
  @ApiProperty({ example: '20260501-0007', description: 'The case number' }) service_request_id!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The reply staff wrote for the public on the transition into this state, else a fixed text for the state',
  })
  status_notes!: string | null;
  @ApiProperty({ type: String, nullable: true }) service_name!: string | null;
  @ApiProperty() service_code!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ description: 'The unit or department it was dispatched to; empty before dispatch' })
  agency_responsible!: string;
  @ApiProperty({ type: String, nullable: true }) service_notice!: string | null;
  @ApiProperty({ format: 'date-time' }) requested_datetime!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updated_datetime!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'The handling deadline' })
  expected_datetime!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: String, nullable: true }) address_id!: string | null;
  @ApiProperty({ type: String, nullable: true }) zipcode!: string | null;
  @ApiProperty({ type: Number, nullable: true }) lat!: number | null;
  @ApiProperty({ type: Number, nullable: true }) long!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The photo the resident sent with the request (served by this endpoint), else null',
  })
  media_url!: string | null;
}

export class ServiceRequestCreatedView {
  @ApiProperty({ example: '20260501-0007' }) service_request_id!: string;
  @ApiProperty({ type: String, nullable: true }) service_notice!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Always null: no resident accounts' })
  account_id!: string | null;
}

export class TokenView {
  @ApiProperty({ example: '20260501-0007' }) service_request_id!: string;
  @ApiProperty({ example: '20260501-0007', description: 'Requests are filed at once: the token is the number' })
  token!: string;
}

/** The spec's error body: `[{ code, description }]`, code = the HTTP status. */
export class GeoReportErrorView {
  @ApiProperty({ example: 400 }) code!: number;
  @ApiProperty() description!: string;
}

/** The fields of `POST requests`, for OpenAPI: a form (the spec's) or JSON. Unknown fields are ignored. */
const text = (maxLength: number, description?: string) => ({ type: 'string', maxLength, description });
const requestFields = {
  type: 'object',
  required: ['api_key', 'service_code'],
  properties: {
    jurisdiction_id: text(100, 'The tenant code, if given'),
    api_key: text(200, 'Issued by the district administrator'),
    service_code: text(32, 'A service_code of the services list'),
    lat: { type: 'number', minimum: -90, maximum: 90, description: 'WGS84; with long' },
    long: { type: 'number', minimum: -180, maximum: 180, description: 'WGS84; with lat' },
    address_string: text(200),
    address_id: text(100),
    email: text(254),
    device_id: text(100),
    account_id: text(100),
    first_name: text(50),
    last_name: text(50),
    phone: text(32),
    description: text(4000),
    media_url: text(1000, 'Kept for staff; not published (media_url answers our own copy of an uploaded photo)'),
  },
  additionalProperties: { type: 'string', description: '`attribute[code]` answers; other fields are ignored' },
};
const multipartFields = {
  ...requestFields,
  properties: {
    ...requestFields.properties,
    media: { type: 'string', format: 'binary', description: 'A photo (JPEG, PNG or WebP); also `photo1`, `photo2`, …' },
  },
};
export const CREATE_REQUEST_BODY = {
  required: true,
  content: {
    'application/x-www-form-urlencoded': { schema: requestFields },
    'multipart/form-data': { schema: multipartFields },
    'application/json': { schema: requestFields },
  },
};
