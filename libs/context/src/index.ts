export * from './access.decorators';
export * from './request-context';
