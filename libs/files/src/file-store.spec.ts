import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { FileStore, LocalDiskFileStore, S3FileStore, fileStoreFromEnv, signV4 } from './index';

// s3rver ships no types and is CommonJS: load it with require and type the little we use.
interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => S3rverServer;

const BUCKET = 'tongxin-test';
const TENANT = uuidv7();
const OTHER_TENANT = uuidv7();
const BODY = Buffer.concat([Buffer.from('同心 case photo '), Buffer.from([0, 1, 127, 128, 254, 255])]);

let dir: string;
let server: S3rverServer;
let endpoint: string;
const stores: Record<string, FileStore> = {};

/** s3rver's built-in account; it rejects unknown access key ids. */
const s3Env = (overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  S3_ENDPOINT: endpoint,
  S3_BUCKET: BUCKET,
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  ...overrides,
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tongxin-files-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(dir, 's3'),
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  stores.local = fileStoreFromEnv({ FILE_STORAGE_DIR: path.join(dir, 'local') });
  stores.s3 = fileStoreFromEnv(s3Env());
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(['local', 's3'])('%s file store', (kind) => {
  const store = () => stores[kind]!;

  it('is the store fileStoreFromEnv picks', () => {
    expect(store()).toBeInstanceOf(kind === 's3' ? S3FileStore : LocalDiskFileStore);
  });

  it('returns the same bytes, content type and sha256 that were put', async () => {
    const stored = await store().put(TENANT, 'probe', '现场 照片.jpg', BODY, 'image/jpeg');
    expect(stored).toEqual({
      key: expect.stringMatching(new RegExp(`^${TENANT}/probe/\\d{4}-\\d{2}/[0-9a-f-]{36}-_{5}\\.jpg$`)),
      size: BODY.length,
      contentType: 'image/jpeg',
      sha256: createHash('sha256').update(BODY).digest('hex'),
    });
    const got = await store().get(TENANT, stored.key);
    expect(got?.contentType).toBe('image/jpeg');
    expect(got && Buffer.compare(got.body, BODY)).toBe(0);
  });

  it("does not read or delete another tenant's file", async () => {
    const { key } = await store().put(TENANT, 'probe', 'a.txt', BODY, 'text/plain');
    expect(await store().get(OTHER_TENANT, key)).toBeNull();
    await store().delete(OTHER_TENANT, key);
    expect((await store().get(TENANT, key))?.body).toEqual(BODY);
  });

  it.each(['../x', '', `${TENANT}/../x`, `${TENANT}/probe/2024-01/../../${OTHER_TENANT}/x`])(
    'answers null for the malformed key %j',
    async (key) => {
      expect(await store().get(TENANT, key)).toBeNull();
      await expect(store().delete(TENANT, key)).resolves.toBeUndefined();
    },
  );

  it('answers null for a well-formed key that was never stored', async () => {
    expect(await store().get(TENANT, `${TENANT}/probe/2024-01/${uuidv7()}-none.txt`)).toBeNull();
  });

  it('forgets a deleted file, and deleting twice is harmless', async () => {
    const { key } = await store().put(TENANT, 'probe', 'b.txt', BODY, 'text/plain');
    await store().delete(TENANT, key);
    expect(await store().get(TENANT, key)).toBeNull();
    await expect(store().delete(TENANT, key)).resolves.toBeUndefined();
  });

  it('refuses an owner that would escape its folder', async () => {
    await expect(store().put('../etc', 'probe', 'c.txt', BODY, 'text/plain')).rejects.toThrow(/Invalid file owner/);
    await expect(store().put(TENANT, '../probe', 'c.txt', BODY, 'text/plain')).rejects.toThrow(/Invalid file owner/);
  });
});

describe('S3FileStore', () => {
  // s3rver 3.7 checks V4 access key ids but not V4 signatures, so a wrong secret is not testable
  // against it: the signature itself is checked against AWS's published examples below.
  it('surfaces the S3 status when the server refuses the credentials', async () => {
    const store = fileStoreFromEnv(s3Env({ S3_ACCESS_KEY_ID: 'NOT-A-KEY' }));
    await expect(store.put(TENANT, 'probe', 'd.txt', BODY, 'text/plain')).rejects.toThrow(
      /S3 PUT .* failed: 403 InvalidAccessKeyId/,
    );
  });

  it('fails fast when the bucket is set without credentials', () => {
    expect(() => fileStoreFromEnv({ S3_BUCKET: BUCKET, S3_ACCESS_KEY_ID: 'x' })).toThrow(
      'S3_BUCKET is set, so S3_SECRET_ACCESS_KEY must be set too',
    );
    expect(() => fileStoreFromEnv({ S3_BUCKET: BUCKET })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
  });

  it('addresses AWS virtual-hosted style when path style is turned off', async () => {
    const sent: { url: string; headers: Record<string, string> }[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: URL, init: RequestInit) => {
      sent.push({ url: String(url), headers: init.headers as Record<string, string> });
      return new Response(null, { status: 404 });
    }) as typeof fetch;
    try {
      const key = `${TENANT}/probe/2024-01/${uuidv7()}-e.txt`;
      const store = fileStoreFromEnv({
        S3_BUCKET: BUCKET,
        S3_REGION: 'eu-west-1',
        S3_FORCE_PATH_STYLE: 'false',
        S3_ACCESS_KEY_ID: 'k',
        S3_SECRET_ACCESS_KEY: 's',
      });
      expect(await store.get(TENANT, key)).toBeNull();
      expect(sent).toHaveLength(1);
      expect(sent[0]!.url).toBe(`https://${BUCKET}.s3.eu-west-1.amazonaws.com/${key}`);
      expect(sent[0]!.headers.authorization).toContain('Credential=k/');
      expect(sent[0]!.headers.authorization).toContain('/eu-west-1/s3/aws4_request');
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('signV4', () => {
  // The examples in AWS's S3 documentation ("Signature Calculations for the Authorization Header").
  const creds = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    region: 'us-east-1',
  };
  const at = new Date('2013-05-24T00:00:00Z');
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');

  it('signs AWS’s GET Object example', () => {
    const headers = signV4(
      {
        method: 'GET',
        url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
        headers: { Range: 'bytes=0-9' },
        payloadHash: sha(''),
      },
      creds,
      at,
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
  });

  it('signs AWS’s PUT Object example, escaping the key once', () => {
    const headers = signV4(
      {
        method: 'PUT',
        url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
        headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
        payloadHash: sha('Welcome to Amazon S3.'),
      },
      creds,
      at,
    );
    expect(headers.authorization).toMatch(
      /SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd$/,
    );
  });
});
