// The harness shipped with the SDK owns the test database's addresses (libs/plugin-testing).
export * from '../../libs/plugin-testing/src/test-database-urls';
