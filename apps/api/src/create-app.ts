import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import {
  API_DOCS_PATH,
  ErrorFilter,
  ErrorRenderers,
  JsonLogger,
  bodyParsers,
  createValidationPipe,
  requestIdMiddleware,
  securityHeaders,
} from '@tongxin/http';
import { Metrics, httpMetricsMiddleware } from '@tongxin/metrics';
import { PUBLIC_ROUTES_PREFIX, publicRouteCors } from '@tongxin/plugin-host';
import { AppModule, type AppOptions } from './app.module';
import { buildOpenApi } from './openapi';

export { buildOpenApi } from './openapi';

/** The configured HTTP application, shared by main.ts, the tests and the OpenAPI export. */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    logger: new JsonLogger(),
  });
  app.disable('x-powered-by');
  // Which reverse proxies may name the client's address in X-Forwarded-For (TRUST_PROXY; none by default).
  app.set('trust proxy', options.config.trustProxy);
  // First, so every answer is counted, refusals by later middleware included.
  if (options.metrics) app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.use(requestIdMiddleware);
  app.use(securityHeaders());
  // Plugins' public routes are readable from any web page (not their writes); after the security
  // headers, so their cross-origin resource policy stands.
  app.use(PUBLIC_ROUTES_PREFIX, publicRouteCors);
  app.use(...bodyParsers(options.config.bodyLimit));
  // Refusals in the host's JSON, or in the format a plugin's public protocol declared for its paths.
  app.useGlobalFilters(new ErrorFilter(app.get(ErrorRenderers, { strict: false })));
  app.useGlobalPipes(createValidationPipe());
  // Off unless asked for (API_DOCS): a production API need not publish its whole surface.
  if (options.apiDocs)
    SwaggerModule.setup(API_DOCS_PATH.slice(1), app, () => buildOpenApi(app, { publicUrl: options.config.publicUrl }), {
      jsonDocumentUrl: `${API_DOCS_PATH.slice(1)}-json`,
    });
  return app;
}
