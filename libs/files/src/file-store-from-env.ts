import path from 'node:path';
import { type FileStore, LocalDiskFileStore } from './file-store';
import { S3FileStore } from './s3-file-store';

// Its own module: in file-store.ts it would make an import cycle with s3-file-store.ts, and
// `class S3FileStore extends FileStore` fails when that cycle is entered from file-store.ts.

/** The configured store: S3 when `S3_BUCKET` is set, else local disk (see README, Configuration). */
export function fileStoreFromEnv(env: NodeJS.ProcessEnv): FileStore {
  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!bucket) {
    return new LocalDiskFileStore(path.resolve(env.FILE_STORAGE_DIR ?? path.join(env.DATA_DIR ?? '.data', 'files')));
  }
  // Fail at start rather than on the first upload.
  if (!accessKeyId || !secretAccessKey) {
    const missing = [accessKeyId ? '' : 'S3_ACCESS_KEY_ID', secretAccessKey ? '' : 'S3_SECRET_ACCESS_KEY'];
    throw new Error(`S3_BUCKET is set, so ${missing.filter(Boolean).join(' and ')} must be set too`);
  }
  return new S3FileStore({
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.S3_REGION || 'us-east-1',
    bucket,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: !/^(false|0|no)$/i.test(env.S3_FORCE_PATH_STYLE ?? ''),
  });
}
