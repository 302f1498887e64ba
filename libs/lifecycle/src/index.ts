export * from './lifecycle';
export * from './pid-lock';
export * from './port-check';
