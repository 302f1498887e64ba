import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';

/** A stored file's description. */
export interface StoredFile {
  key: string;
  size: number;
  contentType: string;
  sha256: string;
}

/**
 * Where uploaded files (case photos, signed agreements) live. Keys start with the tenant and the
 * owner's namespace, so one tenant can never address another's files.
 */
export abstract class FileStore {
  abstract put(
    tenantId: string,
    namespace: string,
    name: string,
    body: Buffer,
    contentType: string,
  ): Promise<StoredFile>;
  abstract get(tenantId: string, key: string): Promise<{ body: Buffer; contentType: string } | null>;
  abstract delete(tenantId: string, key: string): Promise<void>;

  /** Every store uses this layout: `<tenant>/<namespace>/<yyyy-mm>/<uuid>-<safe name>`. */
  protected newKey(tenantId: string, namespace: string, name: string): string {
    const month = new Date().toISOString().slice(0, 7);
    const key = `${tenantId}/${namespace}/${month}/${uuidv7()}-${SAFE_NAME(name)}`;
    // A tenant or namespace that could escape its folder must never reach the disk or bucket.
    if (!KEY_RE.test(key)) throw new Error(`Invalid file owner: tenant ${tenantId}, namespace ${namespace}`);
    return key;
  }

  /** Only well-formed keys of this tenant pass: no `..`, no other tenant's folder. */
  protected isOwnKey(tenantId: string, key: string): boolean {
    return KEY_RE.test(key) && key.startsWith(`${tenantId}/`);
  }
}

const SAFE_NAME = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_').slice(-80) || 'file';
const KEY_RE = /^[0-9a-f-]{36}\/[a-z0-9-]+\/\d{4}-\d{2}\/[0-9a-f-]{36}-[A-Za-z0-9._-]+$/;

/** The sha256 every store reports, hex. */
export const sha256Hex = (body: Buffer | string): string => createHash('sha256').update(body).digest('hex');

/** Local disk (`FILE_STORAGE_DIR`, default `.data/files`), the zero-config default. */
export class LocalDiskFileStore extends FileStore {
  constructor(private readonly root: string) {
    super();
  }

  async put(tenantId: string, namespace: string, name: string, body: Buffer, contentType: string): Promise<StoredFile> {
    const key = this.newKey(tenantId, namespace, name);
    const file = path.join(this.root, key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, body);
    await writeFile(`${file}.type`, contentType);
    return { key, size: body.length, contentType, sha256: sha256Hex(body) };
  }

  async get(tenantId: string, key: string): Promise<{ body: Buffer; contentType: string } | null> {
    const file = this.pathOf(tenantId, key);
    if (!file) return null;
    try {
      const [body, contentType] = await Promise.all([readFile(file), readFile(`${file}.type`, 'utf8')]);
      return { body, contentType };
    } catch {
      return null;
    }
  }

  async delete(tenantId: string, key: string): Promise<void> {
    const file = this.pathOf(tenantId, key);
    if (!file) return;
    await rm(file, { force: true });
    await rm(`${file}.type`, { force: true });
  }

  private pathOf(tenantId: string, key: string): string | null {
    return this.isOwnKey(tenantId, key) ? path.join(this.root, key) : null;
  }
}
