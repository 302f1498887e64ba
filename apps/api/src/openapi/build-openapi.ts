import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  getSchemaPath,
  type OpenAPIObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { ApiErrorDto, conflictDescription } from '@tongxin/http';
import { assignPluginSchemaNames } from './plugin-schema-names';

export interface OpenApiBuild {
  document: OpenAPIObject;
  /** What makes the document wrong for a client generator; `openapi check` fails on any. */
  problems: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/**
 * The OpenAPI document of the application as configured: the core's routes and the installed
 * plugins', each plugin's models under names of their own, the server at `PUBLIC_URL`.
 */
export function buildOpenApiDocument(app: INestApplication, options: { publicUrl: string }): OpenApiBuild {
  const clashes = assignPluginSchemaNames(app);
  const config = new DocumentBuilder()
    .setTitle('同心 Tongxin API')
    .setDescription(
      'Party-building-led grassroots governance: tenants (one per district), the five-level hierarchy, ' +
        'role-scoped access. Errors are `{ statusCode, code, message, details, requestId }`; messages are ' +
        'zh-CN unless `Accept-Language: en`. Lists take `?limit=&cursor=` and return `{ items, nextCursor }`.',
    )
    .setVersion('1')
    .addServer(options.publicUrl)
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  documentIdempotencyConflicts(document);
  const problems = [
    ...clashes.map((c) => `schema name "${c.name}" is shared by ${c.classes.join(', ')}`),
    ...Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m] && !item[m].summary?.trim()).map(
        (m) => `${m.toUpperCase()} ${path} has no summary (@ApiOperation({ summary }))`,
      ),
    ),
  ];
  return { document, problems };
}

/** The document alone (Swagger UI, tests); see buildOpenApiDocument for its problems. */
export const buildOpenApi = (app: INestApplication, options: { publicUrl: string }): OpenAPIObject =>
  buildOpenApiDocument(app, options).document;

const WRITES = new Set(['post', 'put', 'patch', 'delete']);
/** What the idempotency interceptor answers on any tenant write that sent an `Idempotency-Key`. */
const IDEMPOTENCY_CODES = ['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_RESPONSE_WITHHELD'];

/**
 * Every signed-in tenant write takes an `Idempotency-Key` (libs/idempotency), and may then answer
 * 409 with the interceptor's codes: added to the route's own 409 codes (ApiConflict), or as its 409.
 * Operators' routes (`/platform`) and anonymous ones are not replayed, so not documented.
 */
function documentIdempotencyConflicts(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1/') || path.startsWith('/api/v1/platform/') || path.startsWith('/api/v1/public/'))
      continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op || !WRITES.has(method) || !op.security?.length) continue;
      const existing = op.responses['409'] as ResponseObject | undefined;
      const own = [...(existing?.description ?? '').matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!);
      op.responses['409'] = {
        description: conflictDescription([...new Set([...own, ...IDEMPOTENCY_CODES])]),
        content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorDto) } } },
      };
      op.parameters = [
        ...(op.parameters ?? []),
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes the write safe to retry: the same key with the same request replays the first answer ' +
            '(8–100 of `A-Za-z0-9_.:-`, per user)',
          schema: { type: 'string', minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]{8,100}$' },
        },
      ];
    }
  }
}
