import type { NextFunction, Request, Response } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { logger } from './logger';
import { redactUrl } from './secret-names';

declare module 'express-serve-static-core' {
  interface Request {
    /** The server's id for this request (uuid v7): the audit trail's and the logs' request id. */
    id: string;
  }
}

const SAFE_CLIENT_ID = /^[\w.:-]{1,64}$/;

/**
 * Gives every request an id of the server's own making, echoes it in `X-Request-Id`, and logs one
 * line when it ends. A client's `X-Request-Id` never becomes the id: the audit trail would then
 * say whatever a caller chose (another request's id, a forged trail). A well-formed one is kept
 * as `clientRequestId` in the log line, so a client's report can still be matched. Secret query
 * parameters (`api_key=…`) are redacted from the logged path.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  req.id = uuidv7();
  res.setHeader('X-Request-Id', req.id);
  const incoming = req.headers['x-request-id'];
  const clientRequestId = typeof incoming === 'string' && SAFE_CLIENT_ID.test(incoming) ? incoming : undefined;
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ctx = (req as Request & { ctx?: { tenantId?: string; userId?: string } }).ctx;
    logger.info(
      {
        requestId: req.id,
        clientRequestId,
        method: req.method,
        path: redactUrl(req.originalUrl),
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        tenantId: ctx?.tenantId,
        userId: ctx?.userId,
      },
      'request',
    );
  });
  next();
}
