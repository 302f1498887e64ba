import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import express from 'express';
import { ErrorFilter, ErrorRenderers, JsonLogger, createValidationPipe, requestIdMiddleware } from '@tongxin/http';
import { PUBLIC_ROUTES_PREFIX, publicRouteCors } from '@tongxin/plugin-host';
import { AppModule, type AppOptions } from './app.module';

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('同心 Tongxin API')
    .setDescription(
      'Party-building-led grassroots governance: tenants (one per district), the five-level hierarchy, ' +
        'role-scoped access. Errors are `{ statusCode, code, message, details, requestId }`; messages are ' +
        'zh-CN unless `Accept-Language: en`. Lists take `?limit=&cursor=` and return `{ items, nextCursor }`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
}

/** The configured HTTP application, shared by main.ts, the tests and the OpenAPI export. */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    logger: new JsonLogger(),
  });
  app.disable('x-powered-by');
  // Which reverse proxies may name the client's address in X-Forwarded-For (TRUST_PROXY; none by default).
  app.set('trust proxy', options.config.trustProxy);
  app.use(requestIdMiddleware);
  // Plugins' public routes are readable from any web page (not their writes).
  app.use(PUBLIC_ROUTES_PREFIX, publicRouteCors);
  app.use(express.json({ limit: options.config.bodyLimit }));
  // HTML forms and form-posting clients (Open311 GeoReport v2): flat `a=1&b=2` into the same DTOs.
  app.use(express.urlencoded({ extended: false, limit: options.config.bodyLimit }));
  app.use(express.text({ type: 'text/csv', limit: options.config.bodyLimit }));
  // Refusals in the host's JSON, or in the format a plugin's public protocol declared for its paths.
  app.useGlobalFilters(new ErrorFilter(app.get(ErrorRenderers, { strict: false })));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
