import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { APP_URL } from '../../../tests/support/test-database-urls';
import { classifyDatabaseError, findDatabaseError } from './database-error';

/** A real refusal from the test database, as node-postgres throws it. */
async function refusal(sql: string, params: unknown[] = []): Promise<Error> {
  const client = new pg.Client({ connectionString: APP_URL });
  await client.connect();
  try {
    await client.query(sql, params);
    throw new Error(`expected ${sql} to fail`);
  } catch (error) {
    return error as Error;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL errors are found and mapped wherever they sit', () => {
  it('finds a raw DatabaseError, TypeORM’s wrapper, and one down a cause chain', async () => {
    const nul = await refusal('select $1::text', ['a\u0000b']);
    expect(nul).toBeInstanceOf(pg.DatabaseError);
    const wrapped = new QueryFailedError('select $1::text', ['a\u0000b'], nul);
    const chained = new Error('queue call failed', { cause: new Error('backend', { cause: nul }) });
    for (const error of [nul, wrapped, chained]) {
      expect(findDatabaseError(error)?.code).toBe('22021');
      expect(classifyDatabaseError(findDatabaseError(error)!)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('maps data and integrity refusals to 4xx, contention to 503, and leaves the rest a 500', async () => {
    const cases: [string, unknown[], object | undefined][] = [
      ['select $1::uuid', ['not-a-uuid'], { status: 400, code: 'INVALID_ID' }],
      ['select $1::int', ['99999999999'], { status: 400, code: 'VALIDATION_FAILED' }],
      ['select 1/0', [], { status: 400, code: 'VALIDATION_FAILED' }],
      ['select * from no_such_table', [], undefined],
      ['select no_such_column from pg_class', [], undefined],
    ];
    for (const [sql, params, expected] of cases) {
      const error = findDatabaseError(await refusal(sql, params));
      expect({ sql, refusal: classifyDatabaseError(error!) }).toEqual({ sql, refusal: expected });
    }
    expect(classifyDatabaseError({ code: '40001' })).toEqual({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      retryAfter: 1,
    });
    expect(classifyDatabaseError({ code: '53300' })).toMatchObject({ status: 503 });
  });

  it('does not take a Node system error for a database one', () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    expect(findDatabaseError(epipe)).toBeUndefined();
    expect(findDatabaseError(new Error('x', { cause: epipe }))).toBeUndefined();
  });
});
