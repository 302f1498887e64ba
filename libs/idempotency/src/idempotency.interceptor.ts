import { createHmac, hkdfSync } from 'node:crypto';
import {
  Injectable,
  RequestMethod,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '@tongxin/config';
import type { AnonymousContext, RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { badRequest, conflict, findSecretField, logger } from '@tongxin/http';
import { IdempotencyRecord } from './idempotency-record.entity';
import { RESPONDS_WITH_SECRET_KEY } from './responds-with-secret.decorator';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,100}$/;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * Makes tenant writes safe to retry. With an `Idempotency-Key` header, the first request reserves
 * the key (per tenant and user), runs, and stores its response; a retry with the same key and the
 * same request replays that response without running the handler again. The same key on a
 * different request is refused, as is a retry while the first is still running. Failed requests
 * release their key, so a corrected retry may use it again. An answer carrying a secret is never
 * kept (see RespondsWithSecret); records are purged after IDEMPOTENCY_RETENTION_HOURS (Maintenance).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /** Derived from the JWT secret, so no new secret has to be configured; used for nothing else. */
  private readonly hashKey: Buffer;

  constructor(
    private readonly tx: TenantTransaction,
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.hashKey = Buffer.from(hkdfSync('sha256', config.jwtSecret, '', 'tongxin idempotency request hash', 32));
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { ctx?: RequestContext | AnonymousContext }>();
    const key = req.headers[IDEMPOTENCY_HEADER];
    // Keys are per user: an anonymous caller (a plugin's public route) has none to keep them apart.
    if (key === undefined || !WRITE_METHODS.has(req.method) || !req.ctx || req.ctx.userId === null)
      return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw badRequest('INVALID_IDEMPOTENCY_KEY');
    return from(this.handle(context, req.ctx, key, next));
  }

  private async handle(
    context: ExecutionContext,
    ctx: RequestContext,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const requestHash = createHmac('sha256', this.hashKey)
      .update(
        `${req.method} ${req.originalUrl}\n${typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? null)}`,
      )
      .digest('hex');
    const id = uuidv7();
    const reserved = await this.tx.run(ctx.tenantId, async (em) => {
      const rows = await em.query<unknown[]>(
        `insert into idempotency_records (tenant_id, id, user_id, key, request_hash, state)
         values ($1, $2, $3, $4, $5, 'pending')
         on conflict (tenant_id, user_id, key) do nothing
         returning id`,
        [ctx.tenantId, id, ctx.userId, key, requestHash],
      );
      return rows.length === 1;
    });
    if (!reserved) {
      const previous = await this.tx.run(ctx.tenantId, (em) =>
        em.findOneByOrFail(IdempotencyRecord, { userId: ctx.userId, key }),
      );
      if (previous.requestHash !== requestHash) throw conflict('IDEMPOTENCY_KEY_REUSED');
      if (previous.state === 'pending') throw conflict('IDEMPOTENCY_IN_PROGRESS');
      // It ran, and its answer held a secret nobody may read back: say so, never run it again.
      if (previous.state === 'withheld')
        throw conflict('IDEMPOTENCY_RESPONSE_WITHHELD', {}, { statusCode: previous.statusCode });
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(previous.statusCode ?? 200);
      return previous.response;
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const statusCode = this.statusOf(context, req.method);
      const withheld = this.carriesSecret(context, body);
      await this.tx.run(ctx.tenantId, (em) =>
        em.update(
          IdempotencyRecord,
          { tenantId: ctx.tenantId, id },
          withheld
            ? { state: 'withheld', statusCode, response: null as never }
            : { state: 'completed', statusCode, response: (body ?? null) as never },
        ),
      );
      return body;
    } catch (error) {
      await this.tx.run(ctx.tenantId, (em) => em.delete(IdempotencyRecord, { tenantId: ctx.tenantId, id }));
      throw error;
    }
  }

  /** Marked by its route, or (the safety net for routes nobody marked) holding a secret-named field. */
  private carriesSecret(context: ExecutionContext, body: unknown): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(RESPONDS_WITH_SECRET_KEY, targets)) return true;
    const field = findSecretField(body);
    if (field === undefined) return false;
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    logger.warn(
      { route, field },
      'an answer holds a secret-named field: not kept for replay; mark the route @RespondsWithSecret()',
    );
    return true;
  }

  private statusOf(context: ExecutionContext, method: string): number {
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    return declared ?? (method === RequestMethod[RequestMethod.POST] ? 201 : 200);
  }
}
