import { crc32 } from 'node:zlib';

/** The image types uploads may be (photos of cases, of residents' reports). */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** What the bytes turned out to be. */
export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

/** Larger than any camera; a declared size beyond it is a decompression bomb or garbage. */
const MAX_SIDE = 30_000;

const u16be = (b: Buffer, i: number) => (b[i]! << 8) | b[i + 1]!;

/**
 * A JPEG's marker structure from SOI to EOI: every segment's length inside the file, a frame
 * header (SOFn) with its size, at least one scan whose entropy-coded data ends at a marker. Bytes
 * after EOI are allowed (phones append motion-photo video and vendor trailers there); they are
 * never read as anything but JPEG, since files are served with their checked type and nosniff.
 */
function jpeg(b: Buffer): ImageInfo | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  let size: { width: number; height: number } | null = null;
  let scanned = false;
  while (i < b.length) {
    if (b[i] !== 0xff) return null;
    while (b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) return null;
    const marker = b[i++]!;
    if (marker === 0xd9) return size && scanned ? { type: 'image/jpeg', ...size } : null;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // standalone markers
    if (marker === 0xd8 || marker === 0x00) return null;
    if (i + 2 > b.length) return null;
    const length = u16be(b, i);
    if (length < 2 || i + length > b.length) return null;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 8) return null;
      size = { height: u16be(b, i + 3), width: u16be(b, i + 5) };
      if (!size.width || !size.height) return null;
    }
    i += length;
    if (marker === 0xda) {
      if (!size) return null;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
      while (i < b.length) {
        i = b.indexOf(0xff, i); // native search: the data is most of the file
        if (i < 0) return null;
        const next = b[i + 1];
        if (next === undefined) return null;
        if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) i += next === 0xff ? 1 : 2;
        else break;
      }
      scanned = true;
    }
  }
  return null; // no EOI: truncated
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's chunks from IHDR to IEND, each inside the file with a matching CRC, and image data. */
function png(b: Buffer): ImageInfo | null {
  if (b.length < 8 + 25 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  let i = 8;
  let size: { width: number; height: number } | null = null;
  let data = false;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    if (!/^[A-Za-z]{4}$/.test(type) || i + 12 + length > b.length) return null;
    if (crc32(b.subarray(i + 4, i + 8 + length)) !== b.readUInt32BE(i + 8 + length)) return null;
    if (!size && type !== 'IHDR') return null;
    if (type === 'IHDR') {
      if (size || length !== 13) return null;
      size = { width: b.readUInt32BE(i + 8), height: b.readUInt32BE(i + 12) };
      if (!size.width || !size.height) return null;
    }
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return size && data ? { type: 'image/png', ...size } : null;
    i += 12 + length;
  }
  return null;
}

/** A WebP's RIFF container: its size is the file's, its chunks tile it, and it holds a VP8/VP8L bitstream. */
function webp(b: Buffer): ImageInfo | null {
  if (b.length < 20 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return null;
  const end = 8 + b.readUInt32LE(4);
  if (end > b.length || end < 20) return null;
  let i = 12;
  let size: { width: number; height: number } | null = null;
  let bitstream = false;
  while (i < end) {
    if (i + 8 > end) return null;
    const type = b.toString('latin1', i, i + 4);
    const length = b.readUInt32LE(i + 4);
    const at = i + 8;
    if (at + length > end) return null;
    if (type === 'VP8 ') {
      if (length < 10 || b[at + 3] !== 0x9d || b[at + 4] !== 0x01 || b[at + 5] !== 0x2a) return null;
      size ??= { width: b.readUInt16LE(at + 6) & 0x3fff, height: b.readUInt16LE(at + 8) & 0x3fff };
      bitstream = true;
    } else if (type === 'VP8L') {
      if (length < 5 || b[at] !== 0x2f) return null;
      const bits = b.readUInt32LE(at + 1);
      size ??= { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
      bitstream = true;
    } else if (type === 'VP8X') {
      if (i !== 12 || length < 10) return null;
      size = { width: 1 + b.readUIntLE(at + 4, 3), height: 1 + b.readUIntLE(at + 7, 3) };
    } else if (type === 'ANMF') bitstream = true;
    else if (i === 12) return null; // the first chunk says which kind of WebP it is
    i = at + length + (length % 2);
  }
  return i === end && size && size.width && size.height && bitstream ? { type: 'image/webp', ...size } : null;
}

/**
 * What an upload really is: a JPEG, PNG or WebP whose structure holds from its first byte to its
 * end (segments, chunks and lengths inside the file, image data present), with its pixel size; or
 * null. A file that merely starts like an image (a JPEG header followed by HTML) is null. Use it
 * for every image a plugin accepts, and store and serve the file as the type found here.
 */
export function inspectImage(body: Buffer): ImageInfo | null {
  const info = jpeg(body) ?? png(body) ?? webp(body);
  if (!info || info.width > MAX_SIDE || info.height > MAX_SIDE) return null;
  return info;
}
