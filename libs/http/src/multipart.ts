import {
  applyDecorators,
  createParamDecorator,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { DomainError } from './domain-error';
import { checkMultipartField, UnsafeInput } from './unsafe-input';

/** What one multipart request to a route may carry; every limit refuses with a clear 4xx when exceeded. */
export interface MultipartLimits {
  /** Files in one request (default 10). */
  maxFiles?: number;
  /** Bytes of one file (default 10,000,000). */
  maxFileBytes?: number;
  /** Text fields in one request (default 100). */
  maxFields?: number;
  /** Bytes of one text field's value (default 65,536). */
  maxFieldBytes?: number;
  /** Bytes of the whole request body (default 20,000,000); checked before parsing when Content-Length says. */
  maxTotalBytes?: number;
}

/** One uploaded file, held in memory: the route checks and stores it (e.g. `tongxin.files.put`). */
export interface FormFile {
  /** The form field it came in (`media`, `photo1`, …). */
  field: string;
  /** The client's file name: untrusted, never a storage key. */
  filename: string;
  /** The client's declared type: untrusted, check the bytes (`inspectImage`). */
  contentType: string;
  size: number;
  body: Buffer;
}

const DEFAULTS: Required<MultipartLimits> = {
  maxFiles: 10,
  maxFileBytes: 10_000_000,
  maxFields: 100,
  maxFieldBytes: 65_536,
  maxTotalBytes: 20_000_000,
};

/** multer's refusals as the API's stable codes (unsafe input as the error filter answers it anywhere). */
function refusal(error: unknown, limits: Required<MultipartLimits>): DomainError | UnsafeInput {
  if (error instanceof DomainError || error instanceof UnsafeInput) return error;
  if (error instanceof multer.MulterError) {
    const field = error.field ?? '';
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return new DomainError('UPLOAD_FILE_TOO_LARGE', 413, { field, max: limits.maxFileBytes });
      case 'LIMIT_FILE_COUNT':
        return new DomainError('UPLOAD_TOO_MANY_FILES', 413, { max: limits.maxFiles });
      case 'LIMIT_FIELD_COUNT':
      case 'LIMIT_PART_COUNT':
        return new DomainError('UPLOAD_TOO_MANY_FIELDS', 413, { max: limits.maxFields });
      case 'LIMIT_FIELD_VALUE':
        return new DomainError('UPLOAD_FIELD_TOO_LARGE', 413, { field, max: limits.maxFieldBytes });
      case 'LIMIT_FIELD_KEY':
      case 'LIMIT_UNEXPECTED_FILE':
      case 'MISSING_FIELD_NAME':
        return new DomainError('MALFORMED_MULTIPART', 400);
    }
  }
  // multer's newer codes (nesting, array index, …) and busboy's own: "Unexpected end of form",
  // "Malformed part header", a missing boundary, …
  return new DomainError('MALFORMED_MULTIPART', 400);
}

/**
 * Parses `multipart/form-data` for one route, in memory, within its limits: text fields become
 * `req.body` (bracket names nest: `attribute[code]` → `{ attribute: { code } }`), files
 * `req.files`. Other content types pass through untouched (JSON and form bodies are parsed by the
 * app). Runs after the access guard, so an unknown tenant or a refused caller costs no parsing.
 */
@Injectable()
export class MultipartInterceptor implements NestInterceptor {
  private readonly limits: Required<MultipartLimits>;
  private readonly parse: RequestHandler;

  constructor(limits: MultipartLimits = {}) {
    this.limits = { ...DEFAULTS, ...limits };
    const { maxFiles, maxFileBytes, maxFields, maxFieldBytes, maxTotalBytes } = this.limits;
    this.parse = multer({
      storage: multer.memoryStorage(),
      limits: {
        files: maxFiles,
        fileSize: maxFileBytes,
        fields: maxFields,
        fieldSize: maxFieldBytes,
        parts: maxFiles + maxFields,
        fieldNameSize: 200,
        fieldNestingDepth: 3,
        fieldArrayIndexLimit: 100,
      },
      // Counts the bytes as they arrive: a chunked body has no Content-Length to check up front.
      streamHandler: (req: Request, busboy: NodeJS.WritableStream) => {
        // Each text field is checked as it arrives, as JSON and form bodies are (unsafe-input.ts).
        busboy.on('field', (name: string, value: string) => {
          try {
            checkMultipartField(name, value, 'body');
          } catch (error) {
            busboy.emit('error', error);
          }
        });
        busboy.on('file', (name: string) => {
          try {
            checkMultipartField(name, '', 'files');
          } catch (error) {
            busboy.emit('error', error);
          }
        });
        let seen = 0;
        req.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > maxTotalBytes)
            busboy.emit('error', new DomainError('PAYLOAD_TOO_LARGE', 413, { max: maxTotalBytes }));
        });
        req.pipe(busboy);
      },
    } as multer.Options).any();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const declared = Number(req.headers['content-length']);
    if (req.is('multipart/form-data') && Number.isFinite(declared) && declared > this.limits.maxTotalBytes)
      throw new DomainError('PAYLOAD_TOO_LARGE', 413, { max: this.limits.maxTotalBytes });
    await new Promise<void>((resolve, reject) =>
      this.parse(req, res, (error?: unknown) => (error ? reject(refusal(error, this.limits)) : resolve())),
    );
    return next.handle();
  }
}

/**
 * Lets a route take `multipart/form-data` (as well as JSON and form bodies), within `limits`:
 * its text fields arrive as the body, its files through `@FormFiles()`. Exceeding a limit answers
 * 413 `UPLOAD_FILE_TOO_LARGE`, `UPLOAD_TOO_MANY_FILES`, `UPLOAD_TOO_MANY_FIELDS`,
 * `UPLOAD_FIELD_TOO_LARGE` or `PAYLOAD_TOO_LARGE`; a broken body 400 `MALFORMED_MULTIPART`.
 */
export const MultipartForm = (limits: MultipartLimits = {}) =>
  applyDecorators(
    UseInterceptors(new MultipartInterceptor(limits)),
    ApiConsumes('multipart/form-data', 'application/x-www-form-urlencoded', 'application/json'),
  );

/** The files of a `@MultipartForm()` route's request, in the order sent (none for other bodies). */
export const FormFiles = createParamDecorator((_: unknown, host: ExecutionContext): FormFile[] => {
  const files = host.switchToHttp().getRequest<Request>().files;
  return (Array.isArray(files) ? files : []).map((f) => ({
    field: f.fieldname,
    filename: f.originalname,
    contentType: f.mimetype,
    size: f.size,
    body: f.buffer,
  }));
});
