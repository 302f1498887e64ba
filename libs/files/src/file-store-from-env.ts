import { parseVariables } from '@tongxin/config';
import path from 'node:path';
import { type FileStore, LocalDiskFileStore } from './file-store';
import { S3FileStore } from './s3-file-store';

// Its own module: in file-store.ts it would make an import cycle with s3-file-store.ts, and
// `class S3FileStore extends FileStore` fails when that cycle is entered from file-store.ts.

/** The configured store: S3 when `S3_BUCKET` is set, else local disk (see README, Configuration). */
export function fileStoreFromEnv(env: NodeJS.ProcessEnv): FileStore {
  const v = parseVariables(
    [
      'S3_BUCKET',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
      'S3_ENDPOINT',
      'S3_REGION',
      'S3_FORCE_PATH_STYLE',
      'FILE_STORAGE_DIR',
      'DATA_DIR',
    ],
    env,
  );
  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = v;
  if (!bucket) return new LocalDiskFileStore(path.resolve(v.FILE_STORAGE_DIR ?? path.join(v.DATA_DIR, 'files')));
  // Fail at start rather than on the first upload.
  if (!accessKeyId || !secretAccessKey) {
    const missing = [accessKeyId ? '' : 'S3_ACCESS_KEY_ID', secretAccessKey ? '' : 'S3_SECRET_ACCESS_KEY'];
    throw new Error(`S3_BUCKET is set, so ${missing.filter(Boolean).join(' and ')} must be set too`);
  }
  return new S3FileStore({
    endpoint: v.S3_ENDPOINT,
    region: v.S3_REGION,
    bucket,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: v.S3_FORCE_PATH_STYLE,
  });
}
