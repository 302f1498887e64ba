import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspectImage } from './image-inspection';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../../../tests/fixtures/images', name));

describe('inspectImage', () => {
  it.each([
    ['baseline.jpg', 'image/jpeg'],
    ['progressive.jpg', 'image/jpeg'],
    ['4x3.png', 'image/png'],
    ['lossy.webp', 'image/webp'],
    ['lossless.webp', 'image/webp'],
    ['alpha.webp', 'image/webp'],
  ])('knows %s as %s of 4×3 pixels', (name, type) => {
    expect(inspectImage(fixture(name))).toEqual({ type, width: 4, height: 3 });
  });

  it('accepts bytes after the end of an image (phones append video and vendor trailers there)', () => {
    expect(inspectImage(Buffer.concat([fixture('baseline.jpg'), Buffer.from('trailer')]))?.type).toBe('image/jpeg');
    expect(inspectImage(Buffer.concat([fixture('4x3.png'), Buffer.alloc(100)]))?.type).toBe('image/png');
  });

  const jpeg = fixture('baseline.jpg');
  const png = fixture('4x3.png');
  const webp = fixture('lossy.webp');
  const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
  it.each([
    // The finding: the first bytes of a JPEG (SOI and its JFIF header), then a page.
    ['a JPEG header followed by HTML', Buffer.concat([jpeg.subarray(0, 20), html])],
    ['a JPEG signature followed by HTML', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), html])],
    ['a JPEG cut off before its end', jpeg.subarray(0, jpeg.length - 10)],
    ['a JPEG without its scan', Buffer.concat([jpeg.subarray(0, 20), Buffer.from([0xff, 0xd9])])],
    ['the PNG signature followed by HTML', Buffer.concat([png.subarray(0, 8), html])],
    ['a PNG with a corrupted chunk', Buffer.from(png.map((b, i) => (i === 20 ? b ^ 0xff : b)))],
    ['a PNG cut off before IEND', png.subarray(0, png.length - 12)],
    ['a RIFF/WEBP header followed by HTML', Buffer.concat([webp.subarray(0, 12), html])],
    ['a WebP whose RIFF size overruns the file', webp.subarray(0, webp.length - 4)],
    ['HTML', html],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_, body) => {
    expect(inspectImage(body)).toBeNull();
  });
});
