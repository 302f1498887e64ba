import { createHmac } from 'node:crypto';
import { FileStore, sha256Hex, type StoredFile } from './file-store';

export interface S3Config {
  /** e.g. `http://127.0.0.1:9000`; AWS's regional endpoint when omitted. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` (MinIO and most self-hosted servers) rather than `bucket.endpoint/key`. */
  forcePathStyle: boolean;
}

export interface SigV4Request {
  method: string;
  url: URL;
  /** Headers to sign and send; `host`, `x-amz-date` and `x-amz-content-sha256` are added. */
  headers: Record<string, string>;
  payloadHash: string;
}

/** RFC 3986 escaping, which SigV4 requires (encodeURIComponent leaves `!'()*` alone). */
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * AWS Signature Version 4 for S3, returning the headers to send. Written here rather than pulling
 * in the AWS SDK for three calls.
 */
export function signV4(
  req: SigV4Request,
  creds: { accessKeyId: string; secretAccessKey: string; region: string },
  now = new Date(),
): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${creds.region}/s3/aws4_request`;
  const headers: Record<string, string> = {
    ...req.headers,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': req.payloadHash,
  };
  // fetch sends Host from the URL itself (without a default port), so sign exactly that.
  const canonical = new Map<string, string>([['host', req.url.host]]);
  for (const [name, value] of Object.entries(headers)) {
    canonical.set(name.toLowerCase(), value.trim().replace(/\s+/g, ' '));
  }
  const names = [...canonical.keys()].sort();
  const signedHeaders = names.join(';');
  // S3 encodes each path segment once (unlike other services, which encode twice).
  const uri = req.url.pathname
    .split('/')
    .map((segment) => rfc3986(decodeURIComponent(segment)))
    .join('/');
  const query = [...req.url.searchParams]
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    req.method,
    uri,
    query,
    names.map((n) => `${n}:${canonical.get(n)}\n`).join(''),
    signedHeaders,
    req.payloadHash,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${creds.secretAccessKey}`, day);
  for (const part of [creds.region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

const EMPTY_SHA256 = sha256Hex('');

/** Any S3-compatible object store (AWS, MinIO, Ceph, OSS/COS in S3 mode), via signed REST calls. */
export class S3FileStore extends FileStore {
  private readonly base: URL;

  constructor(private readonly config: S3Config) {
    super();
    const endpoint = new URL(config.endpoint ?? `https://s3.${config.region}.amazonaws.com`);
    if (!config.forcePathStyle) endpoint.host = `${config.bucket}.${endpoint.host}`;
    const prefix = endpoint.pathname.replace(/\/+$/, '');
    endpoint.pathname = config.forcePathStyle ? `${prefix}/${rfc3986(config.bucket)}/` : `${prefix}/`;
    this.base = endpoint;
  }

  async put(tenantId: string, namespace: string, name: string, body: Buffer, contentType: string): Promise<StoredFile> {
    const key = this.newKey(tenantId, namespace, name);
    const sha256 = sha256Hex(body);
    const res = await this.send('PUT', key, sha256, { 'content-type': contentType }, body);
    if (!res.ok) throw await s3Error('PUT', key, res);
    return { key, size: body.length, contentType, sha256 };
  }

  async get(tenantId: string, key: string): Promise<{ body: Buffer; contentType: string } | null> {
    if (!this.isOwnKey(tenantId, key)) return null;
    // A missing key is 404 only if the credentials may list the bucket; AWS answers 403 otherwise.
    const res = await this.send('GET', key, EMPTY_SHA256);
    if (res.status === 404) return null;
    if (!res.ok) throw await s3Error('GET', key, res);
    const body = Buffer.from(await res.arrayBuffer());
    return { body, contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
  }

  async delete(tenantId: string, key: string): Promise<void> {
    if (!this.isOwnKey(tenantId, key)) return;
    const res = await this.send('DELETE', key, EMPTY_SHA256);
    if (!res.ok && res.status !== 404) throw await s3Error('DELETE', key, res);
  }

  private send(
    method: string,
    key: string,
    payloadHash: string,
    headers: Record<string, string> = {},
    body?: Buffer,
  ): Promise<Response> {
    const url = new URL(key.split('/').map(rfc3986).join('/'), this.base);
    const signed = signV4({ method, url, headers, payloadHash }, this.config);
    return fetch(url, { method, headers: signed, body });
  }
}

/** The S3 status and error code, never the request's credentials. */
async function s3Error(method: string, key: string, res: Response): Promise<Error> {
  const text = await res.text().catch(() => '');
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? res.statusText;
  return new Error(`S3 ${method} ${key} failed: ${res.status} ${code}`);
}
