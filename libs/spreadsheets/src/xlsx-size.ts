import { crc32, inflateRawSync } from 'node:zlib';
import { DomainError } from '@tongxin/http';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const unreadable = (reason: string) => new DomainError('MALFORMED_XLSX', 400, {}, { reason });

/**
 * The parts of a workbook a reader needs (its `.xml` and `.rels` entries, as its central directory
 * lists them), inflated against a cap of `maxBytes` together and packed again, uncompressed, into
 * a new zip: the reader then sees only bytes already checked. A few kilobytes of deflate can
 * expand to gigabytes (a zip bomb), the sizes an archive declares are not to be trusted for it,
 * and a streaming reader follows local headers, which need not match the central directory.
 * Throws 413 `XLSX_TOO_LARGE` past the cap and 400 `MALFORMED_XLSX` for what is not a zip.
 */
export function repackedWithin(zip: Buffer, maxBytes: number): Buffer {
  const end = findEndOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  const parts: { name: Buffer; content: Buffer }[] = [];
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw unreadable('central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const text = name.toString('utf8');
    if (!text.endsWith('.xml') && !text.endsWith('.rels')) continue;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw unreadable('local header');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressed > zip.length) throw unreadable('entry beyond the end');
    const data = zip.subarray(start, start + compressed);
    let content: Buffer;
    if (method === 0) content = data;
    else if (method === 8) content = inflateCapped(data, maxBytes - total, maxBytes);
    else throw unreadable(`compression method ${method}`);
    total += content.length;
    if (total > maxBytes) throw new DomainError('XLSX_TOO_LARGE', 413, { max: maxBytes });
    parts.push({ name, content });
  }
  return storedZip(parts);
}

/** A zip of `parts`, each stored (method 0), with its central directory. */
function storedZip(parts: { name: Buffer; content: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, content } of parts) {
    const crc = crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(content.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(content.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, content);
    centrals.push(central, name);
    offset += 30 + name.length + content.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Inflates at most `left` bytes; stops there with 413 `XLSX_TOO_LARGE` (of `max` in all). */
function inflateCapped(data: Buffer, left: number, max: number): Buffer {
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(left, 1) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new DomainError('XLSX_TOO_LARGE', 413, { max });
    throw unreadable('deflate data');
  }
}

/** The end-of-central-directory record sits in the last 22 bytes plus up to 64 KiB of comment. */
function findEndOfCentralDirectory(zip: Buffer): number {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) return i;
  }
  throw unreadable('not a zip archive');
}
