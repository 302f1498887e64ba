import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The Open311 feature's refusals; the host renders them in the spec's format (renderGeoReportError). */
export const open311Errors = definePluginErrors('GRID', {
  OPEN311_FORMAT_UNKNOWN: {
    status: 404,
    'zh-CN': '不支持的格式“{format}”：请使用 .json 或 .xml',
    en: 'Unknown format "{format}": use .json or .xml',
  },
  OPEN311_JURISDICTION_UNKNOWN: {
    status: 404,
    'zh-CN': '本接口的 jurisdiction_id 是“{expected}”，不是“{given}”',
    en: 'This endpoint serves jurisdiction_id "{expected}", not "{given}"',
  },
  OPEN311_API_KEY_REQUIRED: {
    status: 403,
    'zh-CN': '提交诉求需要 api_key：请向区级管理员申请',
    en: 'An api_key is required to submit a request: ask the district administrator for one',
  },
  OPEN311_API_KEY_IN_QUERY: {
    status: 400,
    'zh-CN':
      'api_key 不能放在网址中（网址会被记录在日志里）：请在 POST 请求体中以表单字段发送；已暴露的密钥请找区级管理员吊销并重新签发',
    en: 'api_key must not be sent in the URL, where it is logged: send it as a field of the POST body, and have the district administrator revoke and reissue a key that was exposed',
  },
  OPEN311_API_KEY_INVALID: {
    status: 403,
    'zh-CN': 'api_key 无效或已被吊销',
    en: 'The api_key is invalid or has been revoked',
  },
  OPEN311_SERVICE_CODE_REQUIRED: {
    status: 400,
    'zh-CN': '缺少 service_code：请从 services 列表中选择一个服务',
    en: 'service_code is required: pick one from the services list',
  },
  OPEN311_SERVICE_UNKNOWN: {
    status: 404,
    'zh-CN': '没有编码为“{code}”的受理服务',
    en: 'There is no service with service_code "{code}"',
  },
  OPEN311_LOCATION_REQUIRED: {
    status: 400,
    'zh-CN': '缺少位置：请提供 lat 和 long、address_string 或 address_id',
    en: 'A location is required: lat and long, address_string or address_id',
  },
  OPEN311_LOCATION_INVALID: {
    status: 400,
    'zh-CN': 'lat 和 long 须同时提供，且为有效的 WGS84 经纬度',
    en: 'lat and long must be given together, as valid WGS84 coordinates',
  },
  OPEN311_ATTRIBUTE_REQUIRED: {
    status: 400,
    'zh-CN': '缺少必填属性 attribute[{code}]（{description}）',
    en: 'The required attribute attribute[{code}] ({description}) is missing',
  },
  OPEN311_ATTRIBUTE_INVALID: {
    status: 400,
    'zh-CN': 'attribute[{code}]（{description}）须为有效的 {datatype} 值',
    en: 'attribute[{code}] ({description}) must be a valid {datatype}',
  },
  OPEN311_ATTRIBUTE_NOT_LISTED: {
    status: 400,
    'zh-CN': 'attribute[{code}]（{description}）的值“{value}”不在可选项中：{keys}',
    en: 'attribute[{code}] ({description}): "{value}" is not one of {keys}',
  },
  OPEN311_FIELD_INVALID: {
    status: 400,
    'zh-CN': '{field} 须为不超过 {max} 个字符的文本',
    en: '{field} must be text of at most {max} characters',
  },
  OPEN311_DATE_INVALID: {
    status: 400,
    'zh-CN': '{field} 不是有效的 W3C 日期时间（例如 2026-05-01T08:00:00+08:00）',
    en: '{field} is not a W3C date-time (e.g. 2026-05-01T08:00:00+08:00)',
  },
  OPEN311_DATE_RANGE: {
    status: 400,
    'zh-CN': 'start_date 须早于 end_date，且时间跨度不超过 {days} 天',
    en: 'start_date must precede end_date, and the range may not span more than {days} days',
  },
  OPEN311_STATUS_INVALID: { status: 400, 'zh-CN': 'status 只能是 open 或 closed', en: 'status must be open or closed' },
  OPEN311_TOO_MANY_IDS: {
    status: 400,
    'zh-CN': '一次最多查询 {max} 个 service_request_id',
    en: 'At most {max} service_request_id values can be asked for at once',
  },
  OPEN311_REQUEST_NOT_FOUND: {
    status: 404,
    'zh-CN': '没有编号为“{id}”的诉求',
    en: 'There is no service request "{id}"',
  },
  OPEN311_MEDIA_NOT_FOUND: { status: 404, 'zh-CN': '没有该图片', en: 'There is no such media' },
  OPEN311_KEY_ALREADY_REVOKED: {
    status: 409,
    'zh-CN': '该接入密钥已于 {revokedAt} 吊销',
    en: 'This api key was already revoked at {revokedAt}',
  },
});
