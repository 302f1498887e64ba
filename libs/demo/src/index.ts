export * from './demo-seeder';
export * from './zhanhe-district';
export * from './demo-password';
