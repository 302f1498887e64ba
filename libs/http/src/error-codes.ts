/**
 * Every stable error code the API can answer with, and its message in each supported language.
 * Clients switch on `code`; `message` is for people. Parameters in `{braces}` are interpolated;
 * a part in `[[double brackets]]` is left out when a parameter in it was not given.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: { 'zh-CN': '请求参数校验失败', en: 'The request failed validation' },
  MALFORMED_JSON: { 'zh-CN': '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  MALFORMED_CSV: { 'zh-CN': 'CSV 内容无法解析：{reason}', en: 'The CSV could not be parsed: {reason}' },
  FILE_ENCODING_UNKNOWN: {
    'zh-CN':
      '无法识别文件的字符编码（不是 UTF-8、带 BOM 的 UTF-16，也不是 GBK/GB18030），未写入任何数据。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）后重新导入',
    en: 'The file’s character encoding is not recognised (neither UTF-8, UTF-16 with a byte-order mark, nor GBK/GB18030); nothing was written. Save it from Excel as "CSV UTF-8 (Comma delimited)" or as an Excel workbook (.xlsx) and import it again',
  },
  FILE_HAS_REPLACEMENT_CHARACTER: {
    'zh-CN': '文件第 {line} 行含有替换字符“\ufffd”：文件在之前的转换中已经损坏，未写入任何数据。请从原始表格重新导出',
    en: 'Line {line} of the file holds the replacement character "\ufffd": an earlier conversion damaged the file; nothing was written. Export it again from the original spreadsheet',
  },
  FILE_NOT_TEXT: {
    'zh-CN': '文件第 {line} 行含有控制字符，不是文本文件，未写入任何数据（Excel 工作簿请按 .xlsx 导入）',
    en: 'Line {line} of the file holds control characters: it is not a text file; nothing was written (import an Excel workbook as .xlsx)',
  },
  UNSUPPORTED_CHARSET: {
    'zh-CN': '不支持字符集“{charset}”：请使用 UTF-8、UTF-16、GBK 或 GB18030',
    en: 'The charset "{charset}" is not supported: use UTF-8, UTF-16, GBK or GB18030',
  },
  MALFORMED_XLSX: {
    'zh-CN': '文件不是可读取的 Excel 工作簿（.xlsx）；旧版 .xls 请在 Excel 中另存为 .xlsx',
    en: 'The file is not a readable Excel workbook (.xlsx); save an old .xls as .xlsx in Excel',
  },
  XLSX_TOO_LARGE: {
    'zh-CN': 'Excel 工作簿解压后超过 {max} 字节',
    en: 'The Excel workbook inflates to more than {max} bytes',
  },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  MALFORMED_MULTIPART: {
    'zh-CN': '请求体不是完整的 multipart/form-data',
    en: 'The request body is not well-formed multipart/form-data',
  },
  UPLOAD_FILE_TOO_LARGE: {
    'zh-CN': '上传的文件（{field}）超过 {max} 字节',
    en: 'The uploaded file ({field}) is larger than {max} bytes',
  },
  UPLOAD_TOO_MANY_FILES: { 'zh-CN': '一次最多上传 {max} 个文件', en: 'At most {max} files can be uploaded at once' },
  UPLOAD_TOO_MANY_FIELDS: { 'zh-CN': '表单字段过多（最多 {max} 个）', en: 'Too many form fields (at most {max})' },
  UPLOAD_FIELD_TOO_LARGE: {
    'zh-CN': '表单字段 {field} 超过 {max} 字节',
    en: 'The form field {field} is longer than {max} bytes',
  },
  FORBIDDEN_FIELD_NAME: {
    'zh-CN': '不允许使用字段名“{field}”',
    en: 'The field name "{field}" is not allowed',
  },
  INVALID_TEXT: {
    'zh-CN': '“{field}”含有无效的文本（孤立的 UTF-16 代理项或不是 UTF-8 的字节）',
    en: '"{field}" holds invalid text (a lone UTF-16 surrogate or bytes that are not UTF-8)',
  },
  INVALID_ID: { 'zh-CN': '标识符格式无效', en: 'The identifier is malformed' },
  INVALID_CURSOR: { 'zh-CN': '分页游标无效', en: 'The pagination cursor is invalid' },
  INVALID_SORT: {
    'zh-CN': '不能按“{sort}”排序，可选：{allowed}',
    en: 'Cannot sort by "{sort}"; allowed: {allowed}',
  },
  NOT_FOUND: { 'zh-CN': '未找到{entity}', en: '{entity} not found' },
  ROUTE_NOT_FOUND: { 'zh-CN': '接口不存在', en: 'No such route' },
  UNAUTHENTICATED: { 'zh-CN': '未登录或登录已失效', en: 'Authentication is required' },
  TOKEN_EXPIRED: { 'zh-CN': '访问令牌已过期', en: 'The access token has expired' },
  INVALID_CREDENTIALS: { 'zh-CN': '租户、用户名或密码错误', en: 'Wrong tenant, username or password' },
  RATE_LIMITED: {
    'zh-CN': '请求过于频繁，请 {retryAfter} 秒后再试',
    en: 'Too many requests; try again in {retryAfter} seconds',
  },
  LOGIN_THROTTLED: {
    'zh-CN': '登录失败次数过多，请于 {until}之后再试',
    en: 'Too many failed logins; try again after {until}',
  },
  AUTH_BUSY: {
    'zh-CN': '登录请求过多，请 {retryAfter} 秒后再试',
    en: 'Too many logins at once; try again in {retryAfter} seconds',
  },
  SESSION_ENDED: { 'zh-CN': '登录会话已结束，请重新登录', en: 'The session has ended; log in again' },
  ACCOUNT_DISABLED: { 'zh-CN': '账号已停用', en: 'The account is disabled' },
  TENANT_SUSPENDED: { 'zh-CN': '该区县租户已暂停使用', en: 'This district tenant is suspended' },
  INVALID_REFRESH_TOKEN: { 'zh-CN': '刷新令牌无效或已过期', en: 'The refresh token is invalid or expired' },
  REFRESH_TOKEN_REUSED: {
    'zh-CN': '刷新令牌被重复使用，该登录会话已全部注销',
    en: 'A rotated refresh token was reused; the whole session has been revoked',
  },
  WRONG_PASSWORD: { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  WEAK_PASSWORD: {
    'zh-CN': '新密码至少 {minLength} 位，且须同时包含字母和数字',
    en: 'The new password needs {minLength}+ characters with letters and digits',
  },
  PASSWORD_TOO_COMMON: {
    'zh-CN': '该密码过于常见或包含用户名，容易被猜中，请换一个',
    en: 'The password is too common or contains the username; choose another',
  },
  FORBIDDEN: {
    'zh-CN': '没有执行此操作的权限[[：需要“{permissionName}”（{permission}）]]',
    en: 'You lack the permission for this action[[: {permissionName} ({permission})]]',
  },
  PLATFORM_ONLY: { 'zh-CN': '仅平台运维人员可执行此操作', en: 'Only platform operators may do this' },
  OUT_OF_SCOPE: { 'zh-CN': '目标超出您的管辖范围', en: 'The target is outside your scope' },
  PERMISSION_NOT_HELD: {
    'zh-CN': '不能授予自己未持有的权限：{permission}',
    en: 'You cannot grant a permission you do not hold: {permission}',
  },
  UNKNOWN_PERMISSION: { 'zh-CN': '未知权限：{permission}', en: 'Unknown permission: {permission}' },
  SYSTEM_ROLE_IMMUTABLE: { 'zh-CN': '系统角色不可修改或删除', en: 'System roles cannot be changed or deleted' },
  ROLE_IN_USE: { 'zh-CN': '角色仍有有效授权，不能删除', en: 'The role still has active assignments' },
  DUPLICATE: { 'zh-CN': '{field} 已存在：{value}', en: '{field} already exists: {value}' },
  TENANT_NOT_FOUND: {
    'zh-CN': '区县“{tenant}”不存在或已暂停使用',
    en: 'There is no active district "{tenant}"',
  },
  TENANT_CODE_TAKEN: { 'zh-CN': '租户编码已被使用：{code}', en: 'Tenant code already in use: {code}' },
  TENANT_ALREADY_IN_STATE: { 'zh-CN': '租户已处于{status}状态', en: 'The tenant is already {status}' },
  ROOT_EXISTS: { 'zh-CN': '每个租户只能有一个区委根节点', en: 'A tenant has exactly one level-1 root unit' },
  PARENT_REQUIRED: { 'zh-CN': '第 {level} 级组织必须指定上级', en: 'A level-{level} unit needs a parent' },
  LEVEL_MISMATCH: {
    'zh-CN': '层级必须是上级层级加一（上级为第 {parentLevel} 级）',
    en: 'Level must be the parent level + 1 (parent is level {parentLevel})',
  },
  LEVEL_TOO_DEEP: {
    'zh-CN': '网格党小组（第 5 级）下不能再设组织',
    en: 'A level-5 grid party group cannot have children',
  },
  UNIT_HAS_CHILDREN: { 'zh-CN': '该组织仍有下级组织，不能删除', en: 'The unit still has child units' },
  UNIT_HAS_ASSIGNMENTS: {
    'zh-CN': '该组织仍有有效的角色授权，不能删除',
    en: 'The unit still has active role assignments',
  },
  UNIT_HAS_MEMBERS: {
    'zh-CN': '该组织仍有所属用户或单位，不能删除',
    en: 'Users or partner bodies still belong to the unit',
  },
  CANNOT_DELETE_ROOT: { 'zh-CN': '区委根节点不能删除', en: 'The root unit cannot be deleted' },
  CANNOT_MOVE_ROOT: { 'zh-CN': '区委根节点不能移动', en: 'The root unit cannot be moved' },
  INVALID_MOVE: {
    'zh-CN': '新上级必须是第 {expected} 级组织',
    en: 'The new parent must be a level-{expected} unit',
  },
  IMPORT_INVALID: {
    'zh-CN': '导入数据有 {count} 行错误，未写入任何数据',
    en: '{count} rows are invalid; nothing was written',
  },
  IMPORT_TOO_LARGE: { 'zh-CN': '单次最多导入 {max} 个组织', en: 'At most {max} units per import' },
  UNKNOWN_PARTNER_TYPE: { 'zh-CN': '未知的单位类型：{type}', en: 'Unknown partner body type: {type}' },
  USER_OUTRANKS_CALLER: {
    'zh-CN': '该用户持有您不具备的权限（{permission}），您不能管理其账号',
    en: 'The user holds a permission you lack ({permission}); you cannot manage their account',
  },
  ROLE_ALREADY_ASSIGNED: { 'zh-CN': '该用户在此组织已拥有此角色', en: 'The user already holds this role at this unit' },
  AUDIT_NEEDS_DISTRICT_SCOPE: {
    'zh-CN': '查询审计日志需要区级管理权限',
    en: 'Reading the audit trail needs district-wide scope',
  },
  INVALID_IDEMPOTENCY_KEY: {
    'zh-CN': 'Idempotency-Key 须为 8–100 位字母、数字或 _.:-',
    en: 'Idempotency-Key must be 8–100 letters, digits or _.:-',
  },
  IDEMPOTENCY_KEY_REUSED: {
    'zh-CN': '该 Idempotency-Key 已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  IDEMPOTENCY_RESPONSE_WITHHELD: {
    'zh-CN': '使用该 Idempotency-Key 的请求已执行成功，但其响应含有密钥，出于安全考虑未予保存，无法重放',
    en: 'The request with this Idempotency-Key already succeeded; its response carried a secret, which is not kept, so it cannot be replayed',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    'zh-CN': '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试',
    en: 'A request with this Idempotency-Key is still being processed; retry shortly',
  },
  PLUGIN_DISABLED: {
    'zh-CN': '插件“{plugin}”未在本区县启用',
    en: 'The plugin "{plugin}" is not enabled for this district',
  },
  UNKNOWN_PLUGIN: { 'zh-CN': '没有名为“{plugin}”的插件', en: 'There is no plugin "{plugin}"' },
  PLUGIN_QUARANTINED: {
    'zh-CN': '插件“{plugin}”未通过校验，已被隔离，无法启用或使用',
    en: 'The plugin "{plugin}" failed validation and is quarantined; it cannot be enabled or used',
  },
  PLUGIN_ALREADY_ENABLED: { 'zh-CN': '插件“{plugin}”已经启用', en: 'The plugin "{plugin}" is already enabled' },
  PLUGIN_ALREADY_DISABLED: { 'zh-CN': '插件“{plugin}”已经停用', en: 'The plugin "{plugin}" is already disabled' },
  PLUGIN_DEPENDENCY_DISABLED: {
    'zh-CN': '插件“{plugin}”依赖“{dependency}”，请先启用“{dependency}”',
    en: 'The plugin "{plugin}" needs "{dependency}"; enable "{dependency}" first',
  },
  PLUGIN_IN_USE: {
    'zh-CN': '插件“{dependent}”依赖“{plugin}”，请先停用“{dependent}”',
    en: 'The plugin "{dependent}" needs "{plugin}"; disable "{dependent}" first',
  },
  UNKNOWN_SETTING: { 'zh-CN': '插件没有名为“{setting}”的设置项', en: 'The plugin has no setting "{setting}"' },
  UNKNOWN_INDICATOR: { 'zh-CN': '没有名为“{indicator}”的指标', en: 'There is no indicator "{indicator}"' },
  INVALID_PERIOD: {
    'zh-CN': '统计周期无效：开始时间必须早于结束时间，且跨度不超过 366 天',
    en: 'Invalid period: from must be before to, and at most 366 days apart',
  },
  INVALID_TIME_ZONE: {
    'zh-CN': '“{value}”不是有效的 IANA 时区名称（例如 Asia/Shanghai）',
    en: '"{value}" is not a valid IANA time zone (e.g. Asia/Shanghai)',
  },
  INVALID_CALENDAR_DATE: {
    'zh-CN': '“{value}”不是有效的日期：请写作 YYYY-MM-DD，年份在 2000–2100 之间',
    en: '"{value}" is not a valid date: write YYYY-MM-DD, with a year from 2000 to 2100',
  },
  DUPLICATE_CALENDAR_DATE: {
    'zh-CN': '日期 {value} 在本次提交中出现了不止一次，未写入任何数据',
    en: 'The date {value} appears more than once in the request; nothing was written',
  },
  TENANT_NEEDS_DISTRICT_SCOPE: {
    'zh-CN': '修改本区县信息和工作日历需要在区级拥有该权限',
    en: 'Changing the district’s profile and calendar needs the permission over the whole district',
  },
  REFERRAL_KIND_NOT_FOUND: {
    'zh-CN': '没有名为“{kind}”的移交类型（或提供它的插件未安装）',
    en: 'There is no referral kind "{kind}" (or the plugin that receives it is not installed)',
  },
  REFERRAL_TARGET_DISABLED: {
    'zh-CN': '接收方“{plugin}”未在本区县启用，无法移交或办理',
    en: 'The receiving practice "{plugin}" is not enabled for this district',
  },
  REFERRAL_TARGET_REQUIRED: {
    'zh-CN': '这类移交须指定{target}，且只能指定它',
    en: 'This kind of referral goes to {target}: name exactly that',
  },
  REFERRAL_REASON_REQUIRED: {
    'zh-CN': '请填写理由（不超过 {max} 字）',
    en: 'Give a reason (at most {max} characters)',
  },
  REFERRAL_ALREADY_OPEN: {
    'zh-CN': '该记录已有一件尚未办结的“{kind}”移交',
    en: 'This record already has an open "{kind}" referral',
  },
  REFERRAL_NOT_PENDING: {
    'zh-CN': '该移交{status}，不能再接收或退回',
    en: 'The referral is {status}; it can no longer be accepted or refused',
  },
  REFERRAL_NOT_ACCEPTED: {
    'zh-CN': '该移交{status}，只有已接收的移交可以报告办理结果',
    en: 'The referral is {status}; only an accepted referral can report an outcome',
  },
  JOB_NOT_FOUND: { 'zh-CN': '没有该任务', en: 'No such job' },
  JOB_NOT_FAILED: { 'zh-CN': '只有失败的任务可以重试', en: 'Only failed jobs can be retried' },
  QUEUE_UNAVAILABLE: { 'zh-CN': '任务队列暂不可用', en: 'The job queue is unavailable' },
  INTERNAL: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  SERVICE_UNAVAILABLE: { 'zh-CN': '服务暂不可用', en: 'Service unavailable' },
} as const satisfies Record<string, { 'zh-CN': string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
