import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspectImage, type ImageType } from './image-inspection';
import { withoutImageMetadata } from './image-metadata';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../../../tests/fixtures/images', name));

/** What ExifTool wrote into the `with-metadata.*` fixtures, as it appears in their bytes. */
const PERSONAL = ['TongxinTestCam', 'ResidentName', '13800138000', 'Exif', 'http://ns.adobe.com/xap'];

describe('withoutImageMetadata', () => {
  it.each([
    ['with-metadata.jpg', 'image/jpeg'],
    ['with-metadata.png', 'image/png'],
    ['with-metadata.webp', 'image/webp'],
  ] as [string, ImageType][])('drops the camera, owner, comments and GPS position of %s', (name, type) => {
    const original = fixture(name);
    // The fixture does carry them (so the test can fail).
    for (const text of PERSONAL.slice(0, 2)) expect(original.includes(text)).toBe(true);

    const clean = withoutImageMetadata(original, type);
    for (const text of PERSONAL.filter((t) => t !== 'Exif' || type !== 'image/jpeg'))
      expect(clean.includes(text)).toBe(false);
    expect(inspectImage(clean)).toEqual({ type, width: 4, height: 3 });
    expect(clean.length).toBeLessThan(original.length);
  });

  it("keeps a JPEG's orientation, alone, so a portrait photo still shows upright", () => {
    const clean = withoutImageMetadata(fixture('with-metadata.jpg'), 'image/jpeg');
    const at = clean.indexOf('Exif\0\0');
    expect(clean.subarray(at - 4, at - 2)).toEqual(Buffer.from([0xff, 0xe1]));
    expect(clean.readUInt16BE(at - 2)).toBe(34); // header, one directory of one entry
    const tiff = clean.subarray(at + 6);
    expect(tiff.readUInt16BE(10)).toBe(0x0112);
    expect(tiff.readUInt16BE(18)).toBe(6); // "rotate 90° clockwise", as the camera wrote
    expect(clean.indexOf('Exif', at + 1)).toBe(-1);
  });

  it("keeps a JPEG's coded image byte for byte and drops what follows its end (motion-photo video)", () => {
    const original = fixture('with-metadata.jpg');
    const clean = withoutImageMetadata(Buffer.concat([original, Buffer.from('ftypmp4 video with GPS')]), 'image/jpeg');
    const scan = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])));
    expect(scan(clean)).toEqual(scan(original));
    expect(clean.includes('ftyp')).toBe(false);
  });

  it('leaves an image without metadata as it is', () => {
    const jpeg = fixture('baseline.jpg');
    expect(withoutImageMetadata(jpeg, 'image/jpeg')).toEqual(jpeg);
    const webp = fixture('lossless.webp');
    expect(withoutImageMetadata(webp, 'image/webp')).toEqual(webp);
  });

  it.each([
    ['alpha.webp', 'image/webp'],
    ['progressive.jpg', 'image/jpeg'],
    ['4x3.png', 'image/png'],
  ] as [string, ImageType][])('keeps %s an image of the same kind and size', (name, type) => {
    expect(inspectImage(withoutImageMetadata(fixture(name), type))).toEqual({ type, width: 4, height: 3 });
  });
});
