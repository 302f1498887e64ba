export * from './demo-seeder';
export * from './zhanhe-district';
