import { DomainError, type MessageParams } from '@tongxin/http';

/** The statuses a plugin refusal may carry: client errors only (a 500 is never a plugin's answer). */
export type PluginErrorStatus = 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 423;

/** The HTTP statuses `definePluginErrors` accepts, for the host's manifest check. */
export const PLUGIN_ERROR_STATUSES: readonly PluginErrorStatus[] = [400, 403, 404, 409, 410, 413, 415, 422, 423];

/**
 * A refusal with one of the plugin's own codes (declared in the manifest's `errors` with both
 * languages). The host answers `{ statusCode, code, message, details }` like any core error.
 * Since SDK 1.5, throw the factories of `definePluginErrors` instead: they carry the status.
 */
export class PluginError extends DomainError {
  constructor(
    code: string,
    status: PluginErrorStatus,
    /** Interpolated into the message; `{ 'zh-CN': '待审核', en: 'pending' }` for a value people read per language. */
    params: MessageParams = {},
    details?: unknown,
  ) {
    super(code, status, params, details);
  }
}

/** The core's own 404, with the entity named in the caller's language (`{ entity: 'org_unit' }`). */
export class NotFoundError extends DomainError {
  constructor(entity: string) {
    super('NOT_FOUND', 404, { entity });
  }
}

/** One code of `definePluginErrors`: its status and its message in both languages, `{placeholders}` allowed. */
export interface PluginErrorSpec {
  status: PluginErrorStatus;
  'zh-CN': string;
  en: string;
}

/**
 * Makes the refusal of one declared code: `errors.CASE_AT_TOP_LEVEL({ number })`. It also says
 * what it makes (`code`, `status`, `names`), which is how the host reads it from the manifest.
 */
export interface PluginErrorFactory {
  (params?: MessageParams, details?: unknown): PluginError;
  readonly code: string;
  readonly status: PluginErrorStatus;
  readonly names: { readonly 'zh-CN': string; readonly en: string };
  /** Is `error` a refusal with this code? (`catch (e) { if (errors.NAME_TAKEN.is(e)) … }`) */
  is(error: unknown): error is PluginError;
}

/** What `definePluginErrors` returns: one factory per code, keyed without the prefix. */
export type PluginErrors<K extends string> = { readonly [C in K]: PluginErrorFactory };

/**
 * Declares the plugin's error codes with their status and messages (SDK 1.5), so a throw site
 * names neither a string nor a status:
 *
 *     export const caseErrors = definePluginErrors('GRID', {
 *       CASE_AT_TOP_LEVEL: { status: 409, 'zh-CN': '{number} 已在区级', en: '{number} is at district level' },
 *     });
 *     throw caseErrors.CASE_AT_TOP_LEVEL({ number });   // code GRID_CASE_AT_TOP_LEVEL, 409
 *
 * `prefix` is the plugin id upper-cased with underscores (`volunteer-points` → `VOLUNTEER_POINTS`);
 * the host quarantines a plugin with a code outside it. Put the result (or several, spread into
 * one object) in the manifest's `errors`.
 */
export function definePluginErrors<K extends string>(
  prefix: string,
  specs: Record<K, PluginErrorSpec>,
): PluginErrors<K> {
  const out = {} as Record<K, PluginErrorFactory>;
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    const code = `${prefix}_${key}`;
    const make = (params: MessageParams = {}, details?: unknown) => new PluginError(code, spec.status, params, details);
    out[key] = Object.assign(make, {
      code,
      status: spec.status,
      names: { 'zh-CN': spec['zh-CN'], en: spec.en },
      is: (error: unknown): error is PluginError => error instanceof PluginError && error.code === code,
    });
  }
  return out;
}

/** A manifest's `errors`: the factories of `definePluginErrors`, or (deprecated) code → names. */
export type PluginErrorDeclarations = Record<string, PluginErrorFactory | { 'zh-CN': string; en: string }>;

/** One declared code as the host reads it: status is known only for the typed declarations. */
export interface DeclaredPluginError {
  code: string;
  /** The manifest key it was declared under. */
  key: string;
  status: PluginErrorStatus | null;
  names: { 'zh-CN': string; en: string };
}

/** Every code a manifest's `errors` declares, typed or not, by its full code. */
export function declaredPluginErrors(errors: PluginErrorDeclarations | undefined): DeclaredPluginError[] {
  return Object.entries(errors ?? {}).map(([key, value]) =>
    typeof value === 'function'
      ? { code: value.code, key, status: value.status, names: value.names }
      : { code: key, key, status: null, names: value },
  );
}

/** The prefix every error code of a plugin carries: `volunteer-points` → `VOLUNTEER_POINTS_`. */
export const errorCodePrefix = (pluginId: string) => `${pluginId.replace(/-/g, '_').toUpperCase()}_`;
