/**
 * `attachment` with the file's name: an ASCII fallback in `filename` for old clients, the real
 * (Chinese) name in `filename*` (RFC 6266, RFC 5987 percent-encoded UTF-8).
 */
export function attachment(name: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
