export * from './core-entities';
