export * from './file-store';
export * from './s3-file-store';
export * from './file-store-from-env';
export * from './image-inspection';
export * from './file-download';
export * from './image-metadata';
