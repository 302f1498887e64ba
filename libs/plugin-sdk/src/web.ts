/**
 * What a plugin needs to write routes and DTOs, re-exported from the exact copies the host runs:
 * a plugin with its own copy of class-transformer or @nestjs/common would register metadata the
 * host's validation pipe and router never see.
 */
export {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Injectable,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
export {
  ApiConsumes,
  ApiOkResponse,
  ApiCreatedResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
export * from 'class-validator';
export { Type, Transform, Expose } from 'class-transformer';
/** The Express response, for `@Res({ passthrough: true }) res: HttpResponse` (e.g. `res.type('application/xml')`). */
export type { Response as HttpResponse } from 'express';
export { RequirePermission, Ctx } from '@tongxin/context';
export { RespondsWithSecret } from '@tongxin/idempotency';
export {
  IsOmittable,
  PageQueryDto,
  type Page,
  toPage,
  pageOf,
  pageSize,
  decodeCursor,
  MAX_PAGE_SIZE,
} from '@tongxin/http';
/**
 * `@ApiConflict('CODE', …)` documents the 409 a route can answer and every code it may carry (the
 * plugin's own codes included); `FieldErrorDto` is one entry of an error's `details`.
 */
export { ApiConflict, ApiErrorDto, FieldErrorDto } from '@tongxin/http';
/** Sorted lists (`?sort=key` / `?sort=-key`, a whitelist per list): see `cursorPageOfAny`'s `order`. */
export {
  parseSort,
  SortParam,
  sortValues,
  timeSortKey,
  textSortKey,
  type Sort,
  type SortKey,
  type SortKeys,
} from '@tongxin/http';
/**
 * Public protocols (docs/plugins.md, Public routes): `RenderErrors` writes every refusal of a
 * public controller's routes in the protocol's own format; `MultipartForm` and `FormFiles` take
 * `multipart/form-data` uploads within limits.
 */
export {
  RenderErrors,
  type ErrorRenderer,
  type Refusal,
  type RefusalRequest,
  type RenderedRefusal,
  MultipartForm,
  FormFiles,
  type FormFile,
  type MultipartLimits,
} from '@tongxin/http';
/** Uploaded images and stored files: check what an upload really is, drop its metadata; answer a file safely. */
export {
  inspectImage,
  withoutImageMetadata,
  IMAGE_TYPES,
  type ImageInfo,
  type ImageType,
  FileDownload,
  type FileDownloadOptions,
} from '@tongxin/files';
/**
 * Tables and text files people upload (docs/plugins.md, Uploaded tables): CSV in the encodings
 * Excel saves (UTF-8, UTF-16, GBK/GB18030) and XLSX workbooks, refused with a clear 4xx when
 * unreadable instead of stored as mojibake.
 */
export {
  readTable,
  readCsv,
  readXlsx,
  decodeText,
  charsetOf,
  CSV_MEDIA_TYPE,
  XLSX_MEDIA_TYPE,
  type Table,
  type DecodedText,
  type TextEncoding,
} from '@tongxin/spreadsheets';
/**
 * Exports (docs/plugins.md, Exports): `exportQueryOf(ListQueryDto)` is the export route's query
 * (the list's filters and sort, no paging, `?format=csv|xlsx`); `ApiExport` documents the route.
 */
export { exportQueryOf, ExportFormatQueryDto, ApiExport, EXPORT_FORMATS, type ExportFormat } from '@tongxin/exports';
/** Times in messages and notifications as the district reads them (`2026-12-03 17:20（北京时间）`). */
export { localTime, DISTRICT_TIME_ZONE, type MessageParam, type MessageParams } from '@tongxin/http';
export { isUniqueViolation, ScopedEntity, TenantOwnedEntity } from '@tongxin/database';
export {
  Check,
  Column,
  Entity,
  Index,
  ForeignKey,
  PrimaryColumn,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
