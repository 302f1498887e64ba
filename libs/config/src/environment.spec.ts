import { readFileSync } from 'node:fs';
import { ConfigurationError, ENVIRONMENT, parseEnvironment, readVariableOrDefault } from './environment';

function problemsOf(env: Record<string, string>): string {
  try {
    parseEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('no ConfigurationError');
}

describe('the environment is checked once, every bad variable named in one message', () => {
  it('names each bad variable and what it expects', () => {
    const message = problemsOf({
      PORT: 'abc',
      JWT_ACCESS_TTL_SECONDS: '15m',
      LOG_LEVEL: 'loud',
      REDIS_URL: 'notaurl',
      MIGRATE_ON_START: 'yes',
      DEMO: 'maybe',
      BODY_LIMIT: 'lots',
      API_DOCS: '1',
      WORKER_IN_PROCESS: 'on',
      METRICS: 'yes',
      METRICS_PORT: '99999',
    });
    expect(message).toContain('The configuration has 11 problems');
    for (const line of [
      'PORT must be a port number (0–65535), got "abc"',
      'JWT_ACCESS_TTL_SECONDS must be a whole number of seconds, at least 1, got "15m"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'REDIS_URL must be a redis or rediss URL such as redis://redis:6379, got (hidden)',
      'MIGRATE_ON_START must be true or false, got "yes"',
      'DEMO must be true or false, got "maybe"',
      'BODY_LIMIT must be a size such as 512kb, 5mb or 1048576, got "lots"',
      'API_DOCS must be true or false, got "1"',
      'WORKER_IN_PROCESS must be true or false, got "on"',
      'METRICS must be true or false, got "yes"',
      'METRICS_PORT must be a port number (0–65535), got "99999"',
    ])
      expect(message).toContain(`  - ${line}\n`.trimEnd());
    // One line per problem, nothing else: no stack, no TypeError.
    expect(message.split('\n')).toHaveLength(12);
  });

  it('never echoes a secret, and checks the variables that go together', () => {
    const message = problemsOf({
      DATABASE_URL: 'postgres://tongxin_owner:hunter2@db/tongxin',
      METRICS_TOKEN: 'short',
      S3_BUCKET: 'files',
      LOG_FORMAT: 'fancy',
    });
    expect(message).toContain('JWT_SECRET must be set when DATABASE_URL is set');
    expect(message).toContain('METRICS_TOKEN must have at least 16 characters');
    expect(message).toContain('S3_BUCKET is set, so S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set too');
    expect(message).toContain('LOG_FORMAT must be one of pretty, json, got "fancy"');
    expect(message).not.toContain('hunter2');
    expect(problemsOf({ JWT_SECRET: 'a'.repeat(40) })).toContain('JWT_SECRET is too weak');
  });

  it('gives the defaults for an empty environment, and parses what is set', () => {
    const env = parseEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, BODY_LIMIT: '5mb', DATA_DIR: '.data', METRICS: false, TRUST_PROXY: false });
    expect(env.DEMO).toBeUndefined(); // the embedded start decides
    expect(parseEnvironment({ PORT: '8080', DEMO: 'false', TRUST_PROXY: '1' })).toMatchObject({
      PORT: 8080,
      DEMO: false,
      TRUST_PROXY: 1,
    });
  });

  it('lets the logger fall back to its default before the check has run', () => {
    expect(readVariableOrDefault('LOG_LEVEL', { LOG_LEVEL: 'loud' })).toBeUndefined();
    expect(readVariableOrDefault('LOG_LEVEL', { LOG_LEVEL: 'warn' })).toBe('warn');
  });
});

describe("the README's Configuration table", () => {
  it('lists exactly the variables of the schema', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.split('\n## Configuration\n')[1]!.split('\n## ')[0]!;
    const documented = new Set<string>();
    for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
      const firstCell = row.split('|')[1]!;
      for (const [, name] of firstCell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) documented.add(name!);
    }
    const schema = new Set(Object.keys(ENVIRONMENT));
    expect([...schema].filter((n) => !documented.has(n))).toEqual([]);
    expect([...documented].filter((n) => !schema.has(n))).toEqual([]);
  });
});
