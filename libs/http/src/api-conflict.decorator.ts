import { applyDecorators } from '@nestjs/common';
import { ApiConflictResponse, ApiExtraModels } from '@nestjs/swagger';
import { ApiErrorDto } from './api-error.dto';
import type { PluginErrorCode } from './domain-error';
import type { ErrorCode } from './error-codes';

/** The description of a 409 that may carry these codes (the OpenAPI builder merges two such lists). */
export const conflictDescription = (codes: readonly string[]) =>
  `Conflict with the current state; \`code\` is one of: ${codes.map((c) => `\`${c}\``).join(', ')}`;

/**
 * Documents the 409 a route can answer, with the error body and every `code` it may carry, e.g.
 * `@ApiConflict('DUPLICATE', 'UNIT_HAS_CHILDREN')`: what a client switches on. List each code the
 * route's service throws with status 409 (a unique violation the database reports is `DUPLICATE`).
 */
export const ApiConflict = (...codes: [ErrorCode | PluginErrorCode, ...(ErrorCode | PluginErrorCode)[]]) =>
  applyDecorators(
    ApiExtraModels(ApiErrorDto),
    ApiConflictResponse({ type: ApiErrorDto, description: conflictDescription(codes) }),
  );
