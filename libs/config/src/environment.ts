import { secretWeakness } from './secret-weakness';

/**
 * Every environment variable the server and the worker read: its kind, default and meaning, and
 * the one place it is parsed. `parseEnvironment` checks them all before anything starts and names
 * every bad one in one message (docs/adr/010); the README's Configuration table lists the same
 * names (a test compares them).
 */
export interface Variable<T> {
  /** What the README says it does. */
  description: string;
  /** The default as a person reads it (`3000`, `true for embedded`). */
  defaultText: string;
  /** Parses a non-empty raw value; throws an `Invalid` with the sentence to show. */
  parse(raw: string, name: string): T;
  /** The value when unset or empty. */
  fallback: T;
  /** Never echoed in a message. */
  secret?: boolean;
}

/** A value that cannot be used; its message names the variable. */
export class Invalid extends Error {}

/** Every bad variable at once, one per line; the process exits with code 1 and this message. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} ` +
        `(see Configuration in README.md):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigurationError';
  }
}

const shown = (raw: string, secret?: boolean) => (secret ? '(hidden)' : JSON.stringify(raw));
const mustBe = (expected: string) => (raw: string, name: string, secret?: boolean) =>
  new Invalid(`${name} must be ${expected}, got ${shown(raw, secret)}`);

interface Options<T> {
  description: string;
  defaultText?: string;
  secret?: boolean;
  fallback: T;
}

function variable<T>(
  options: Options<T>,
  parse: (raw: string, name: string) => T,
  defaultText = String(options.fallback),
): Variable<T> {
  return {
    description: options.description,
    defaultText: options.defaultText ?? defaultText,
    fallback: options.fallback,
    secret: options.secret,
    parse,
  };
}

function integer<F extends number | undefined>(
  options: Options<F> & { min?: number; max?: number; unit?: string },
): Variable<number | F> {
  const { min = 0, max, unit } = options;
  const of = `a whole number${unit ? ` of ${unit}` : ''}`;
  const expected = max !== undefined ? `${of} from ${min} to ${max}` : min > 0 ? `${of}, at least ${min}` : of;
  return variable<number | F>(options, (raw, name) => {
    const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) throw mustBe(expected)(raw, name);
    return n;
  });
}

function port<F extends number | undefined>(options: Options<F>): Variable<number | F> {
  return variable<number | F>(options, (raw, name) => {
    const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= 0 && n <= 65535)) throw mustBe('a port number (0–65535)')(raw, name);
    return n;
  });
}

function boolean<F extends boolean | undefined>(options: Options<F>): Variable<boolean | F> {
  return variable<boolean | F>(options, (raw, name) => {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw mustBe('true or false')(raw, name);
  });
}

function text<F extends string | undefined>(
  options: Options<F> & { minLength?: number; hint?: string },
): Variable<string | F> {
  return variable<string | F>(
    options,
    (raw, name) => {
      if (options.minLength && raw.length < options.minLength)
        throw new Invalid(`${name} must have at least ${options.minLength} characters${options.hint ?? ''}`);
      return raw;
    },
    options.fallback ?? 'unset',
  );
}

function oneOf<const V extends string, F extends V | undefined>(
  values: readonly V[],
  options: Options<F>,
): Variable<V | F> {
  return variable<V | F>(options, (raw, name) => {
    if (!(values as readonly string[]).includes(raw)) throw mustBe(`one of ${values.join(', ')}`)(raw, name);
    return raw as V;
  });
}

function url<F extends string | undefined>(
  protocols: string[],
  options: Options<F> & { example: string },
): Variable<string | F> {
  return variable<string | F>(
    options,
    (raw, name) => {
      let parsed: URL | undefined;
      try {
        parsed = new URL(raw);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !protocols.includes(parsed.protocol))
        throw mustBe(`a ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL such as ${options.example}`)(
          raw,
          name,
          options.secret,
        );
      return raw;
    },
    'unset',
  );
}

/** Sizes as the body parser reads them: `512kb`, `5mb`, `1048576`. */
function size(options: Options<string>): Variable<string> {
  return variable(options, (raw, name) => {
    if (!/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i.test(raw.trim()))
      throw mustBe('a size such as 512kb, 5mb or 1048576')(raw, name);
    return raw.trim();
  });
}

/** TRUST_PROXY as Express's `trust proxy`; `true` (every hop) would let any client forge its address. */
function trustProxy(options: Options<false>): Variable<false | number | string[]> {
  return variable<false | number | string[]>(options, (raw, name) => {
    const v = raw.trim();
    if (v === 'false') return false;
    if (v === 'true')
      throw new Invalid(`${name}=true would let any client choose its address: name the proxies, or a hop count`);
    if (/^\d+$/.test(v)) return Number(v);
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  });
}

const MAKE_A_SECRET = 'Make one with `openssl rand -base64 48` and give every api and worker process the same value.';

const PG = ['postgres:', 'postgresql:'];
const PG_EXAMPLE = 'postgres://tongxin_owner:…@db:5432/tongxin';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The variables, in the README's order. */
export const ENVIRONMENT = {
  DATABASE_URL: url(PG, {
    fallback: undefined,
    example: PG_EXAMPLE,
    secret: true,
    defaultText: 'unset: embedded PostgreSQL',
    description: "Owner role's connection (runs migrations)",
  }),
  DATABASE_APP_URL: url(PG, {
    fallback: undefined,
    example: PG_EXAMPLE,
    secret: true,
    defaultText: 'DATABASE_URL with user tongxin_app',
    description: "The server's connection (the app role: no BYPASSRLS)",
  }),
  DATABASE_APP_PASSWORD: text({ fallback: undefined, secret: true, description: 'App role password' }),
  DATABASE_ADMIN_URL: url(PG, {
    fallback: undefined,
    example: 'postgres://postgres@127.0.0.1:5432/postgres',
    secret: true,
    description: 'A superuser, for db:setup and migration:check',
  }),
  DATABASE_POOL_SIZE: integer({ fallback: 20, min: 1, description: 'Connections per process' }),
  MIGRATE_ON_START: boolean({
    fallback: undefined,
    defaultText: 'false (always on for embedded)',
    description: 'Run pending migrations at start',
  }),
  DATA_DIR: text({ fallback: '.data', description: 'Embedded PostgreSQL data, its secrets and the pid lock' }),
  EMBEDDED_PG_PORT: port({ fallback: 54329, description: 'Port of the embedded PostgreSQL (127.0.0.1 only)' }),
  PORT: port({ fallback: 3000, description: 'Where the API listens' }),
  HOST: text({ fallback: undefined, defaultText: '127.0.0.1', description: 'Address the API listens on' }),
  PUBLIC_URL: url(['http:', 'https:'], {
    fallback: undefined,
    example: 'https://tongxin.example.cn',
    defaultText: 'http://localhost:$PORT',
    description: 'Base URL of every link the server publishes',
  }),
  JWT_SECRET: variable<string | undefined>(
    {
      fallback: undefined,
      secret: true,
      defaultText: 'generated for embedded; required otherwise',
      description: 'HS256 key for access tokens',
    },
    (raw) => {
      const weakness = secretWeakness(raw);
      if (weakness) throw new Invalid(`JWT_SECRET is too weak: ${weakness}. ${MAKE_A_SECRET}`);
      return raw;
    },
  ),
  JWT_ACCESS_TTL_SECONDS: integer({ fallback: 900, min: 1, unit: 'seconds', description: 'Access token lifetime' }),
  REFRESH_TOKEN_TTL_DAYS: integer({ fallback: 30, min: 1, unit: 'days', description: 'Refresh token lifetime' }),
  LOGIN_MAX_FAILURES: integer({ fallback: 5, min: 1, description: 'Failures of an account from one source' }),
  LOGIN_LOCK_MINUTES: integer({ fallback: 15, min: 1, unit: 'minutes', description: 'The first lockout' }),
  LOGIN_SOURCE_MAX_FAILURES: integer({ fallback: 20, min: 1, description: 'Failures from one source' }),
  LOGIN_ACCOUNT_MAX_FAILURES: integer({ fallback: 20, min: 1, description: 'Failures at one account' }),
  LOGIN_TENANT_MAX_FAILURES: integer({ fallback: 200, min: 1, description: 'Failures in one district' }),
  LOGIN_UNDER_ATTACK_MAX_FAILURES: integer({ fallback: 2, min: 1, description: 'Failures while under attack' }),
  PASSWORD_MIN_LENGTH: integer({ fallback: 8, min: 8, max: 64, description: 'Shortest password accepted' }),
  PASSWORD_HASH_CONCURRENCY: integer({
    fallback: undefined,
    min: 1,
    defaultText: 'half the cores',
    description: 'Password hashes at once',
  }),
  PASSWORD_HASH_QUEUE: integer({
    fallback: undefined,
    defaultText: '16 × the concurrency',
    description: 'Hashes waiting for a turn',
  }),
  TRUST_PROXY: trustProxy({ fallback: false, defaultText: 'unset: none', description: 'Trusted reverse proxies' }),
  BODY_LIMIT: size({ fallback: '5mb', description: 'Largest request body' }),
  IDEMPOTENCY_RETENTION_HOURS: integer({
    fallback: 24,
    min: 1,
    unit: 'hours',
    description: 'How long an Idempotency-Key is remembered',
  }),
  DEMO: boolean({ fallback: undefined, defaultText: 'true for embedded', description: 'Load the demo district' }),
  DEMO_PASSWORD: text({ fallback: undefined, secret: true, description: 'Password of the demo users' }),
  API_DOCS: boolean({ fallback: undefined, defaultText: 'true for embedded', description: 'Serve /api/docs' }),
  METRICS: boolean({ fallback: false, description: 'Serve Prometheus metrics on a port of their own' }),
  METRICS_PORT: port({ fallback: 9464, description: 'Port of the metrics listener (0 picks one)' }),
  METRICS_HOST: text({ fallback: undefined, defaultText: 'HOST', description: 'Address of the metrics listener' }),
  METRICS_TOKEN: text({
    fallback: undefined,
    secret: true,
    minLength: 16,
    hint: ' (openssl rand -hex 24)',
    description: 'Bearer token scrapes must send',
  }),
  LOG_LEVEL: oneOf(LOG_LEVELS, {
    fallback: undefined,
    defaultText: 'info (silent when NODE_ENV=test)',
    description: 'pino level',
  }),
  LOG_FORMAT: oneOf(['pretty', 'json'], {
    fallback: undefined,
    defaultText: 'pretty on a terminal, else json',
    description: 'How log lines are written',
  }),
  SERVICE_NAME: text({ fallback: 'tongxin', description: 'The `service` field of every log line' }),
  NODE_ENV: text({ fallback: undefined, description: '`test` silences the logs by default' }),
  REDIS_URL: url(['redis:', 'rediss:'], {
    fallback: undefined,
    example: 'redis://redis:6379',
    secret: true,
    defaultText: 'unset: queues in PostgreSQL',
    description: 'BullMQ on Redis',
  }),
  WORKER_IN_PROCESS: boolean({
    fallback: undefined,
    defaultText: 'true for embedded',
    description: 'Run the job processors in the API process',
  }),
  QUEUE_PREFIX: text({ fallback: undefined, defaultText: 'bull', description: 'Redis key prefix' }),
  TONGXIN_PLUGINS: text({ fallback: undefined, description: 'Third-party plugins to load' }),
  JOB_LOCK_MS: integer({ fallback: 30_000, min: 1, unit: 'milliseconds', description: "A job's lock" }),
  JOB_SWEEP_MS: integer({ fallback: 1000, min: 1, unit: 'milliseconds', description: 'Outbox and timer sweeps' }),
  JOB_CONCURRENCY: integer({ fallback: 4, min: 1, description: 'Jobs per worker' }),
  JOB_SCHEDULE_CHECK_MS: integer({
    fallback: 5000,
    min: 1,
    unit: 'milliseconds',
    description: 'How often schedules are re-checked',
  }),
  JOB_SWEEP_GRACE_MS: integer({
    fallback: 2000,
    min: 0,
    unit: 'milliseconds',
    description: 'Age of an outbox row before the sweep relays it',
  }),
  JOB_QUEUE_TIMEOUT_MS: integer({
    fallback: 5000,
    min: 1,
    unit: 'milliseconds',
    description: 'Longest wait for one queue call',
  }),
  FILE_STORAGE_DIR: text({ fallback: undefined, defaultText: '$DATA_DIR/files', description: 'Uploaded files' }),
  S3_BUCKET: text({ fallback: undefined, defaultText: 'unset: local disk', description: 'S3 bucket for files' }),
  S3_ENDPOINT: url(['http:', 'https:'], {
    fallback: undefined,
    example: 'http://127.0.0.1:9000',
    defaultText: 'https://s3.$S3_REGION.amazonaws.com',
    description: "The S3 API's base URL",
  }),
  S3_REGION: text({ fallback: 'us-east-1', description: 'Region requests are signed for' }),
  S3_ACCESS_KEY_ID: text({ fallback: undefined, secret: true, description: "The bucket's access key" }),
  S3_SECRET_ACCESS_KEY: text({ fallback: undefined, secret: true, description: "The bucket's secret key" }),
  S3_FORCE_PATH_STYLE: variable(
    { fallback: true, description: 'Path-style S3 URLs' },
    (raw) => !/^(false|0|no)$/i.test(raw),
  ),
  TEST_DATABASE_ADMIN_URL: url(PG, {
    fallback: undefined,
    example: 'postgres://postgres@127.0.0.1:5432/postgres',
    defaultText: 'postgres://postgres@127.0.0.1:5432/postgres',
    description: 'Superuser the tests use (read by the tests only)',
  }),
} satisfies Record<string, Variable<unknown>>;

export type VariableName = keyof typeof ENVIRONMENT;
type ValueOf<V> = V extends Variable<infer T> ? T : never;
/** The parsed environment. */
export type Environment = { readonly [K in VariableName]: ValueOf<(typeof ENVIRONMENT)[K]> };

type Env = Record<string, string | undefined>;

function parseOne<K extends VariableName>(env: Env, name: K): Environment[K] {
  const spec = ENVIRONMENT[name] as Variable<Environment[K]>;
  const raw = env[name];
  if (raw === undefined || raw === '') return spec.fallback;
  return spec.parse(raw, name);
}

/**
 * One variable, parsed by its entry above; for code that reads a setting at import time. The
 * start has checked them all already, so this throws only for a caller that skipped the check.
 */
export function readVariable<K extends VariableName>(name: K, env: Env = process.env): Environment[K] {
  try {
    return parseOne(env, name);
  } catch (error) {
    if (error instanceof Invalid) throw new ConfigurationError([error.message]);
    throw error;
  }
}

/** Like `readVariable`, but a bad value gives the default (the logger, before the check has run). */
export function readVariableOrDefault<K extends VariableName>(name: K, env: Env = process.env): Environment[K] {
  try {
    return parseOne(env, name);
  } catch {
    return ENVIRONMENT[name].fallback as Environment[K];
  }
}

/** The named variables only, every bad one named in one `ConfigurationError`. */
export function parseVariables<K extends VariableName>(
  names: readonly K[],
  env: Env = process.env,
): Pick<Environment, K> {
  const problems: string[] = [];
  const values: Partial<Record<K, unknown>> = {};
  for (const name of names) {
    try {
      values[name] = parseOne(env, name);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length) throw new ConfigurationError(problems);
  return values as Pick<Environment, K>;
}

/**
 * Parses every variable and checks those that depend on each other; throws one
 * `ConfigurationError` naming every bad variable. Call it first thing, before anything starts.
 */
export function parseEnvironment(env: Env = process.env): Environment {
  let parsed: Environment | undefined;
  const problems: string[] = [];
  try {
    parsed = parseVariables(Object.keys(ENVIRONMENT) as VariableName[], env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    problems.push(...error.problems);
  }
  const external = Boolean(env.DATABASE_URL || env.DATABASE_APP_URL);
  if (external && !env.JWT_SECRET) problems.push(`JWT_SECRET must be set when DATABASE_URL is set. ${MAKE_A_SECRET}`);
  if (env.S3_BUCKET) {
    const missing = (['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((n) => !env[n]);
    if (missing.length) problems.push(`S3_BUCKET is set, so ${missing.join(' and ')} must be set too`);
  }
  if (problems.length || !parsed) throw new ConfigurationError(problems);
  return parsed;
}
