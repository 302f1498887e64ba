/** The demo users' password on the embedded zero-config start, printed at start (README). */
export const EMBEDDED_DEMO_PASSWORD = 'demo1234';

/**
 * The password the demo district's users and the demo operator `ops` get. On the embedded
 * database (127.0.0.1 only, a fresh data directory) the known `demo1234` keeps the README's first
 * command a one-liner. On a real database (DATABASE_URL) a known password would open a district
 * administrator and a platform operator to anyone who read the README, so DEMO=true there needs a
 * DEMO_PASSWORD of 12+ characters with letters and digits, or the server refuses to start.
 * (Generating one and printing it was the alternative; it would put a live password in the logs.)
 */
export function demoPassword(env: NodeJS.ProcessEnv, embedded: boolean): string {
  const given = env.DEMO_PASSWORD;
  if (embedded) return given ?? EMBEDDED_DEMO_PASSWORD;
  const problem = !given
    ? 'DEMO_PASSWORD is not set'
    : given.length < 12 || !/[A-Za-z]/.test(given) || !/\d/.test(given)
      ? 'DEMO_PASSWORD needs 12+ characters with letters and digits'
      : undefined;
  if (problem)
    throw new Error(
      `DEMO=true on a real database (DATABASE_URL): ${problem}. The demo users and the operator "ops" ` +
        'get this password; set a strong one (e.g. `openssl rand -base64 18`), or leave DEMO off.',
    );
  return given!;
}
