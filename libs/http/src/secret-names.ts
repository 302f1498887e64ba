/**
 * Names that say "this value is a credential", in any spelling (`refreshToken`, `api_key`,
 * `client-secret`, `newPassword`): the name, lower-cased with separators dropped, ends with one of
 * these. Used where values must not be kept: replay records and logged URLs.
 */
const SECRET_NAME_ENDINGS = ['password', 'secret', 'token', 'apikey', 'privatekey'];

/** Query parameters some clients put keys or signatures in, too short to test by their ending. */
const SECRET_PARAMETERS = new Set(['key', 'sig', 'signature', 'auth', 'authorization', 'code_verifier']);

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Is a field called `name` a credential (`accessToken`, `api_key`, `password`…)? */
export function isSecretFieldName(name: string): boolean {
  const n = normalise(name);
  return SECRET_NAME_ENDINGS.some((ending) => n.endsWith(ending));
}

/** Is a query parameter called `name` a credential? Wider than fields: `?key=`, `?sig=` too. */
export function isSecretParameterName(name: string): boolean {
  return isSecretFieldName(name) || SECRET_PARAMETERS.has(name.toLowerCase());
}

/**
 * The path of the first string field with a secret's name in a response body (`refreshToken`,
 * `items.0.apiKey`), or undefined. Walks without recursion; empty strings and non-strings (a
 * `mustChangePassword: true`) are not secrets.
 */
export function findSecretField(value: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    for (const [key, child] of Object.entries(current)) {
      const childPath = path ? `${path}.${key}` : key;
      if (typeof child === 'string' && child.length > 0 && isSecretFieldName(key)) return childPath;
      if (typeof child === 'object' && child !== null) stack.push({ value: child, path: childPath });
    }
  }
  return undefined;
}

export const REDACTED = '[REDACTED]';

/**
 * A URL fit for a log line: the values of secret query parameters (`api_key=…`, `token=…`) are
 * replaced, everything else is kept byte for byte so the line still says what was asked.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // Undecodable: judge the name as sent.
      }
      // `api_key[]=…` and `api_key[0]=…` are the same parameter to most parsers.
      const base = name.replace(/\[.*$/, '');
      return isSecretParameterName(base) && eq !== -1 ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}
