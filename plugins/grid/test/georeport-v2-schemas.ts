/**
 * JSON Schemas (draft-07, for ajv) of the Open311 GeoReport v2 JSON answers, written for these
 * tests after the schemas the Open311 community publishes in the public GitHub repository
 * `open311/schema-validation`, folder `schema/georeport-v2/` (services.json, service.json,
 * service-definition.json, requests.json, request.json): the same required fields, types, enums
 * and formats, not a copy of those files. The POST, token, discovery and error shapes follow the
 * specification itself (http://wiki.open311.org/GeoReport_v2), which that folder does not cover.
 */
type Schema = Record<string, unknown>;

const orNull = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const str: Schema = { type: 'string' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const listOf = (item: Schema): Schema => ({ type: 'array', items: item });

/** service.json: one service (request type). */
export const serviceSchema: Schema = {
  type: 'object',
  required: ['service_code', 'service_name', 'metadata', 'type'],
  properties: {
    service_code: str,
    service_name: str,
    description: orNull(str),
    metadata: { type: 'boolean' },
    type: { type: 'string', enum: ['realtime', 'batch', 'blackbox'] },
    keywords: orNull(str),
    group: orNull(str),
  },
};

/** services.json: a list of services. */
export const servicesSchema: Schema = listOf(serviceSchema);

/** service-definition.json: the attributes of one service. */
export const serviceDefinitionSchema: Schema = {
  type: 'object',
  required: ['service_code', 'attributes'],
  properties: {
    service_code: str,
    attributes: listOf({
      type: 'object',
      required: ['variable', 'code', 'datatype', 'required'],
      properties: {
        variable: { type: 'boolean' },
        code: str,
        datatype: {
          type: 'string',
          enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'],
        },
        required: { type: 'boolean' },
        datatype_description: orNull(str),
        order: orNull({ type: 'integer' }),
        description: orNull(str),
        values: listOf({ type: 'object', required: ['key', 'name'], properties: { key: str, name: str } }),
      },
    }),
  },
};

/** request.json: one service request. */
export const requestSchema: Schema = {
  type: 'object',
  required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
  properties: {
    service_request_id: str,
    status: { type: 'string', enum: ['open', 'closed'] },
    status_notes: orNull(str),
    service_name: orNull(str),
    service_code: str,
    description: orNull({ type: 'string', maxLength: 4000 }),
    agency_responsible: orNull(str),
    service_notice: orNull(str),
    requested_datetime: dateTime,
    updated_datetime: orNull(dateTime),
    expected_datetime: orNull(dateTime),
    address: orNull(str),
    address_id: orNull(str),
    zipcode: orNull(str),
    lat: orNull({ type: 'number' }),
    long: orNull({ type: 'number' }),
    media_url: orNull({ type: 'string', format: 'uri' }),
  },
};

/** requests.json: a list of service requests. */
export const requestsSchema: Schema = listOf(requestSchema);

/** The answer to POST requests: service_request_id (or a token), service_notice, account_id. */
export const createdSchema: Schema = listOf({
  type: 'object',
  anyOf: [{ required: ['service_request_id'] }, { required: ['token'] }],
  properties: { service_request_id: str, token: str, service_notice: orNull(str), account_id: orNull(str) },
});

/** The answer to GET tokens/{token_id}. */
export const tokenSchema: Schema = listOf({
  type: 'object',
  required: ['token'],
  properties: { service_request_id: orNull(str), token: str },
});

/** Discovery: the endpoints a jurisdiction offers. */
export const discoverySchema: Schema = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  properties: {
    changeset: str,
    contact: str,
    key_service: str,
    endpoints: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['specification', 'url', 'formats'],
        properties: {
          specification: str,
          url: { type: 'string', format: 'uri' },
          changeset: str,
          type: { type: 'string', enum: ['production', 'test'] },
          formats: listOf(str),
        },
      },
    },
  },
};

/** Errors: `[{ code, description }]`. */
export const errorsSchema: Schema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['code', 'description'],
    additionalProperties: false,
    properties: { code: { type: 'integer' }, description: str },
  },
};
