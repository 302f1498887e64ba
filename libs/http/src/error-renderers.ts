import { SetMetadata } from '@nestjs/common';
import type { Language } from './language';

/**
 * A refusal as the host's error filter has classified it: every error of a request ends here,
 * whoever raised it (the access guard's TENANT_NOT_FOUND / PLUGIN_DISABLED, the body parsers,
 * the validation pipe, multipart limits, a throttle's 429, the handler's own errors, a 500).
 */
export interface Refusal {
  /** The HTTP status the answer carries. */
  status: number;
  /** The stable code (`TENANT_NOT_FOUND`, `VALIDATION_FAILED`, a plugin's `GRID_…`). */
  code: string;
  /** The code's message in the caller's language, parameters filled in. */
  message: string;
  /** Structured details (the fields that failed validation, …), when the error has any. */
  details?: unknown;
  lang: Language;
  requestId: string;
}

/** What the refused request was, as a renderer may need it to choose its format. */
export interface RefusalRequest {
  method: string;
  /** The path without the query string, e.g. `/api/v1/public/demo/plugins/grid/open311/v2/requests.xml`. */
  path: string;
  query: Record<string, unknown>;
}

/** A rendered refusal: the body and its content type; the status is the refusal's. */
export interface RenderedRefusal {
  contentType: string;
  body: string;
  /** Extra headers. Headers already on the response (`Retry-After`, CORS) are kept either way. */
  headers?: Record<string, string>;
}

/** Turns a refusal into a protocol's own error format (e.g. GeoReport v2's `[{code, description}]`). */
export type ErrorRenderer = (refusal: Refusal, request: RefusalRequest) => RenderedRefusal;

/** Metadata key of `RenderErrors`. */
export const ERROR_RENDERER_KEY = 'tongxin:error-renderer';

/**
 * Declares, on a controller, how its routes' refusals are written. The host's error filter then
 * renders every error of a request under the controller's path with it, including those raised
 * before the controller is reached (an unknown tenant, a malformed body, a route that does not
 * exist there). Honoured on plugins' public controllers, whose clients speak someone else's protocol.
 */
export const RenderErrors = (renderer: ErrorRenderer) => SetMetadata(ERROR_RENDERER_KEY, renderer);

/**
 * The renderers of one application, by path: the plugin host adds one per public controller
 * that declares `RenderErrors`; the error filter asks for the request's path. Paths are matched
 * rather than handlers because body parsers and unknown routes fail before any handler is known.
 */
export class ErrorRenderers {
  private readonly entries: { pattern: RegExp; renderer: ErrorRenderer }[] = [];

  add(pattern: RegExp, renderer: ErrorRenderer): void {
    this.entries.push({ pattern, renderer });
  }

  /** The renderer of the longest (most specific) pattern matching the path, if any. */
  for(path: string): ErrorRenderer | undefined {
    let best: { pattern: RegExp; renderer: ErrorRenderer } | undefined;
    for (const entry of this.entries)
      if (entry.pattern.test(path) && (!best || entry.pattern.source.length > best.pattern.source.length)) best = entry;
    return best?.renderer;
  }
}
