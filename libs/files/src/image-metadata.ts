import type { ImageType } from './image-inspection';

/**
 * Photos carry more than pixels: a phone writes where it was taken (EXIF GPS), the camera, the
 * time, often the owner's name (EXIF Artist, XMP creator), editors add comments and text chunks,
 * and motion photos append a video after the image. A resident's photo of a problem near their
 * home is published at Open311's media_url, so none of that may be kept. These functions keep
 * what drawing the image needs (the coded image, colour profiles, and a photo's orientation, or
 * a portrait photo would show on its side) and drop the rest.
 */
export function withoutImageMetadata(body: Buffer, type: ImageType): Buffer {
  if (type === 'image/jpeg') return jpegWithoutMetadata(body);
  if (type === 'image/png') return pngWithoutMetadata(body);
  return webpWithoutMetadata(body);
}

const u16be = (b: Buffer, i: number) => (b[i]! << 8) | b[i + 1]!;

/**
 * A JPEG's segments, keeping JFIF (APP0), ICC profiles (APP2 `ICC_PROFILE`) and Adobe's colour
 * transform (APP14); EXIF and XMP (APP1), every other APPn and comments (COM) go, as does
 * anything after the end of the image. An EXIF orientation other than "upright" is written back
 * as an EXIF block holding that tag alone. Expects a JPEG `inspectImage` accepted.
 */
function jpegWithoutMetadata(b: Buffer): Buffer {
  const kept: Buffer[] = [b.subarray(0, 2)]; // SOI
  let orientation: number | null = null;
  let orientationAt = 1; // after SOI, or after JFIF when the file has it
  let i = 2;
  while (i < b.length) {
    const start = i;
    while (b[i] === 0xff) i++;
    const marker = b[i++]!;
    if (marker === 0xd9) {
      kept.push(b.subarray(start, i)); // EOI; what follows it is not the image
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push(b.subarray(start, i));
      continue;
    }
    const end = i + u16be(b, i);
    const segment = b.subarray(start, end);
    const payload = b.subarray(i + 2, end);
    i = end;
    if (marker === 0xda) {
      // The scan's coded data runs to the next marker that is not stuffing or a restart.
      while (i < b.length) {
        i = b.indexOf(0xff, i);
        if (i < 0) i = b.length;
        const next = b[i + 1];
        if (next === 0x00 || next === 0xff || (next !== undefined && next >= 0xd0 && next <= 0xd7))
          i += next === 0xff ? 1 : 2;
        else break;
      }
      kept.push(b.subarray(start, i));
      continue;
    }
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if (marker === 0xfe) continue; // COM
    if (isApp && marker === 0xe1) {
      orientation ??= exifOrientation(payload);
      continue;
    }
    const keep =
      !isApp ||
      marker === 0xe0 ||
      marker === 0xee ||
      (marker === 0xe2 && payload.toString('latin1', 0, 12) === 'ICC_PROFILE\0');
    if (!keep) continue;
    kept.push(segment);
    if (marker === 0xe0 && kept.length === 2) orientationAt = 2;
  }
  if (orientation !== null && orientation !== 1) kept.splice(orientationAt, 0, orientationOnlyExif(orientation));
  return Buffer.concat(kept);
}

/** The Orientation tag (0x0112) of an APP1 EXIF block's first image directory, if it has a valid one. */
function exifOrientation(app1: Buffer): number | null {
  if (app1.length < 14 || app1.toString('latin1', 0, 6) !== 'Exif\0\0') return null;
  const tiff = app1.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  if (!little && tiff.toString('latin1', 0, 2) !== 'MM') return null;
  const read16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const read32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = read32(4);
  if (ifd + 2 > tiff.length) return null;
  const count = read16(ifd);
  for (let n = 0; n < count; n++) {
    const entry = ifd + 2 + n * 12;
    if (entry + 12 > tiff.length) return null;
    if (read16(entry) === 0x0112 && read16(entry + 2) === 3) {
      const value = read16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

/** An APP1 segment whose EXIF holds the orientation and nothing else. */
function orientationOnlyExif(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // first directory right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // one value
  tiff.writeUInt16BE(orientation, 18);
  // next directory offset: 0 (none), already zero
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** PNG chunks that hold text, EXIF or a timestamp rather than anything drawn. */
const PNG_METADATA = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** A PNG's chunks up to IEND without its text, EXIF and time chunks. Expects a PNG `inspectImage` accepted. */
function pngWithoutMetadata(b: Buffer): Buffer {
  const kept: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (!PNG_METADATA.has(type)) kept.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(kept);
}

/** VP8X flags that announce EXIF and XMP chunks. */
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

/** A WebP's chunks without EXIF and XMP, its VP8X flags and RIFF size to match. Expects a WebP `inspectImage` accepted. */
function webpWithoutMetadata(b: Buffer): Buffer {
  const end = 8 + b.readUInt32LE(4);
  const kept: Buffer[] = [];
  let i = 12;
  while (i < end) {
    const type = b.toString('latin1', i, i + 4);
    const length = b.readUInt32LE(i + 4);
    const next = Math.min(i + 8 + length + (length % 2), end); // chunks are padded to even sizes
    const chunk = Buffer.from(b.subarray(i, next));
    if (type === 'VP8X') chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
    if (type !== 'EXIF' && type !== 'XMP ') kept.push(chunk);
    i = next;
  }
  const header = Buffer.from(b.subarray(0, 12));
  const chunks = Buffer.concat(kept);
  header.writeUInt32LE(4 + chunks.length, 4);
  return Buffer.concat([header, chunks]);
}
