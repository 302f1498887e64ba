export * from './hashing-pool';
export * from './password-hasher';
export * from './password-policy';
