import { inspectImage, withoutImageMetadata, type ImageType, type PluginTx, type Tongxin } from '@tongxin/plugin-sdk';
import type { GridSettings } from '../settings';
import { GridCasePhoto } from './case-photo.entity';
import type { GridCase } from './case.entity';
import { recordEvent } from './intake';
import { casesErrors } from './errors';

/** A photo as it arrives: staff upload it as base64 JSON, Open311 clients as a multipart file. */
export interface IncomingPhoto {
  body: Buffer;
  /** What the sender says it is; `application/octet-stream` or nothing lets the bytes decide. */
  declaredType?: string;
}

/** A photo that passed the checks, with the type its bytes really have. */
export interface CheckedPhoto {
  body: Buffer;
  type: ImageType;
}

const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };
const UNDECLARED = new Set(['', 'application/octet-stream']);

/**
 * The checks every case photo passes, whoever sends it: the bytes are a whole JPEG, PNG or WebP
 * (the SDK's `inspectImage`, so a JPEG header in front of HTML is refused), the declared type, if
 * any, is that one, and it is at most `maxPhotoBytes`. What is kept is the image without its
 * metadata (GPS position, camera, owner, comments: `withoutImageMetadata`), since a resident's
 * photo is published and staff photos are exported.
 */
export function checkedPhoto(photo: IncomingPhoto, settings: GridSettings): CheckedPhoto {
  const declared = (photo.declaredType ?? '').toLowerCase().split(';')[0]!.trim();
  const claimed = ALIASES[declared] ?? declared;
  const found = inspectImage(photo.body);
  if (!found || (!UNDECLARED.has(claimed) && claimed !== found.type))
    throw casesErrors.PHOTO_TYPE_NOT_ALLOWED({ type: declared || 'application/octet-stream' });
  if (photo.body.length > settings.maxPhotoBytes)
    throw casesErrors.PHOTO_TOO_LARGE({ size: photo.body.length, max: settings.maxPhotoBytes });
  return { body: withoutImageMetadata(photo.body, found.type), type: found.type };
}

/** Refuses `adding` more photos once the case would hold more than `maxPhotosPerCase`. */
export async function assertRoomForPhotos(tx: PluginTx, c: GridCase, adding: number, settings: GridSettings) {
  const [count] = await tx.query<{ n: number }>('select count(*)::int as n from grid_case_photos where case_id = $1', [
    c.id,
  ]);
  if (count!.n + adding > settings.maxPhotosPerCase) throw casesErrors.PHOTO_LIMIT({ max: settings.maxPhotosPerCase });
}

/** Who added a photo and what it shows: what was found (`report`) or what was done (`resolution`). */
export interface PhotoOrigin {
  stage: 'report' | 'resolution';
  /** Null for a resident's photo sent through Open311. */
  uploadedBy: string | null;
  /** Served at the public media_url (the resident's own Open311 photo only). */
  published: boolean;
}

/**
 * Stores a checked photo through the storage port and records it on the case (row and history
 * line). The file is written before the row commits; its key goes into `stored`, so the caller
 * can delete what a failed transaction leaves behind (`withStoredFilesCleanup`).
 */
export async function storePhoto(
  tongxin: Tongxin,
  tx: PluginTx,
  c: GridCase,
  photo: CheckedPhoto,
  origin: PhotoOrigin,
  stored: string[],
): Promise<GridCasePhoto> {
  const extension = photo.type.slice('image/'.length).replace('jpeg', 'jpg');
  const file = await tongxin.files.put(tx.tenantId, `${c.id}.${extension}`, photo.body, photo.type);
  stored.push(file.key);
  const row = await tx
    .repository(GridCasePhoto)
    .insert(
      { caseId: c.id, storageKey: file.key, contentType: photo.type, size: photo.body.length, ...origin },
      { unitId: c.unitId },
    );
  await recordEvent(tx, c, 'photo', c.state, c.state, { photoId: row.id, stage: origin.stage });
  return row;
}

/** Runs `work`; if it fails (its transaction rolled back), deletes the files it stored meanwhile. */
export async function withStoredFilesCleanup<T>(
  tongxin: Tongxin,
  tenantId: string,
  work: (stored: string[]) => Promise<T>,
): Promise<T> {
  const stored: string[] = [];
  try {
    return await work(stored);
  } catch (error) {
    await Promise.allSettled(stored.map((key) => tongxin.files.delete(tenantId, key)));
    throw error;
  }
}
