import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';

/**
 * `Cache-Control: no-store` and `Pragma: no-cache` on every answer of the routes it decorates
 * (tokens, credentials), set before the handler runs so refusals carry them too: no browser,
 * proxy or CDN keeps a copy (RFC 6749 §5.1 asks it of token responses).
 */
@Injectable()
export class NoStoreInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    return next.handle();
  }
}
