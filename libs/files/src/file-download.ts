import {
  Injectable,
  StreamableFile,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { IMAGE_TYPES } from './image-inspection';

/** How a stored file is handed to the client. */
export interface FileDownloadOptions {
  /** The name the client saves it under (ASCII is kept, anything else becomes `_`). */
  filename: string;
  /**
   * `private` (the default: only the caller may keep it), `public` (anyone may, e.g. a photo an
   * Open311 request publishes), or a full Cache-Control value.
   */
  cache?: string;
}

/**
 * A stored file as a route's answer: return it from a handler (never `res.send` the bytes). The
 * host sends it with headers that keep it from ever running as a page on our origin:
 * `X-Content-Type-Options: nosniff`, `Content-Security-Policy: default-src 'none'; sandbox`, and a
 * `Content-Disposition` (`inline` for the image types uploads are checked to be, `attachment` for
 * anything else).
 */
export class FileDownload extends StreamableFile {
  constructor(
    body: Buffer,
    readonly contentType: string,
    readonly download: FileDownloadOptions,
  ) {
    super(body, {
      type: contentType,
      length: body.length,
      disposition: contentDisposition(
        (IMAGE_TYPES as readonly string[]).includes(contentType) ? 'inline' : 'attachment',
        download.filename,
      ),
    });
  }
}

/** `inline; filename="…"`, quoted safely whatever the name holds. */
function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(-100) || 'file';
  return `${kind}; filename="${safe}"`;
}

const CACHE: Record<string, string> = {
  private: 'private, max-age=3600',
  public: 'public, max-age=86400',
};

/** The headers of every file download; see FileDownload. */
export function applyDownloadHeaders(res: Response, file: StreamableFile): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  if (!file.getHeaders().disposition) res.setHeader('Content-Disposition', 'attachment');
  const cache = file instanceof FileDownload ? (file.download.cache ?? 'private') : 'private';
  res.setHeader('Cache-Control', CACHE[cache] ?? cache);
}

/**
 * Global: whatever route returns a file (a `FileDownload`, or any Nest `StreamableFile`) gets the
 * download headers, so no plugin can serve uploaded bytes a browser would sniff into a page.
 */
@Injectable()
export class FileDownloadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((value: unknown) => {
        if (value instanceof StreamableFile) applyDownloadHeaders(res, value);
        return value;
      }),
    );
  }
}
