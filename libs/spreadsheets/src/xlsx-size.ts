import { inflateRawSync } from 'node:zlib';
import { DomainError } from '@tongxin/http';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const unreadable = (reason: string) => new DomainError('MALFORMED_XLSX', 400, {}, { reason });

/**
 * Checks that the parts of a workbook the reader will unpack (its `.xml` and `.rels` entries, as
 * listed in the zip's central directory, which is what the reader follows too) inflate to at
 * most `maxBytes` together, by inflating them against that cap. A few kilobytes of deflate can
 * expand to gigabytes (a zip bomb); the sizes the archive declares are not to be trusted for it.
 * Throws 413 `XLSX_TOO_LARGE` past the cap and 400 `MALFORMED_XLSX` for what is not a zip.
 */
export function assertInflatesWithin(zip: Buffer, maxBytes: number): void {
  const end = findEndOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw unreadable('central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw unreadable('local header');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressed > zip.length) throw unreadable('entry beyond the end');
    const data = zip.subarray(start, start + compressed);
    const left = maxBytes - total;
    if (method === 0) total += data.length;
    else if (method === 8) total += inflateCapped(data, left);
    else throw unreadable(`compression method ${method}`);
    if (total > maxBytes) throw new DomainError('XLSX_TOO_LARGE', 413, { max: maxBytes });
  }
}

function inflateCapped(data: Buffer, left: number): number {
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(left, 0) + 1 }).length;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return left + 1;
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
