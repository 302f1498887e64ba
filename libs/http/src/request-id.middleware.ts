import type { NextFunction, Request, Response } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { logger } from './logger';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

const SAFE_ID = /^[\w.-]{1,64}$/;

/** Gives every request an id (the caller's X-Request-Id if sane), echoes it, and logs one line when it ends. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : uuidv7();
  res.setHeader('X-Request-Id', req.id);
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ctx = (req as Request & { ctx?: { tenantId?: string; userId?: string } }).ctx;
    logger.info(
      {
        requestId: req.id,
        method: req.method,
        path: req.originalUrl,
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
