import { Injectable, NotFoundError, PluginError, Tongxin, type PluginRequestContext } from '@tongxin/plugin-sdk';
import { CASE_REPORT } from '../constants';
import type { GridSettings } from '../settings';
import { callerOf, isHandler, visibleCase } from './case-access';
import { GridCasePhoto } from './case-photo.entity';
import { photoView } from './case-views';
import type { UploadPhotoDto } from './cases.dto';
import { recordEvent } from './intake';

/** The image types accepted, by the bytes every such file starts with (the declared type must match). */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

/**
 * Case photos through the storage port (local disk, or S3-compatible storage when configured):
 * whoever may report at the case's place adds what they saw; the handler adds what was done.
 */
@Injectable()
export class PhotosService {
  constructor(private readonly tongxin: Tongxin) {}

  upload(ctx: PluginRequestContext, caseId: string, dto: UploadPhotoDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const caller = await callerOf(this.tongxin, tx, ctx);
      const c = await visibleCase(this.tongxin, tx, caller, caseId, true);
      const handler = ['handling', 'resolved'].includes(c.state) && (await isHandler(this.tongxin, tx, caller, c));
      const stage = handler ? 'resolution' : 'report';
      if (!handler && (!this.tongxin.can(ctx, CASE_REPORT, c) || c.state === 'closed' || c.state === 'cancelled'))
        throw new PluginError('GRID_PHOTO_NOT_ALLOWED', 403, { number: c.number });

      const body = Buffer.from(dto.data, 'base64');
      const matches = SIGNATURES[dto.contentType];
      if (!matches || !matches(body))
        throw new PluginError('GRID_PHOTO_TYPE_NOT_ALLOWED', 400, { type: dto.contentType });
      const settings = await tx.settings<GridSettings>();
      if (body.length > settings.maxPhotoBytes)
        throw new PluginError('GRID_PHOTO_TOO_LARGE', 413, { size: body.length, max: settings.maxPhotoBytes });
      const [count] = await tx.query<{ n: number }>(
        'select count(*)::int as n from grid_case_photos where case_id = $1',
        [c.id],
      );
      if (count!.n >= settings.maxPhotosPerCase)
        throw new PluginError('GRID_PHOTO_LIMIT', 409, { max: settings.maxPhotosPerCase });

      // Stored before the row commits: a rolled-back upload leaves an unreferenced file, never a dangling row.
      const extension = dto.contentType.slice('image/'.length).replace('jpeg', 'jpg');
      const stored = await this.tongxin.files.put(ctx.tenantId, `${c.id}.${extension}`, body, dto.contentType);
      const photo = await tx.repository(GridCasePhoto).insert(
        {
          caseId: c.id,
          stage,
          storageKey: stored.key,
          contentType: dto.contentType,
          size: body.length,
          uploadedBy: ctx.userId,
        },
        { unitId: c.unitId },
      );
      await recordEvent(tx, c, 'photo', c.state, c.state, { photoId: photo.id, stage });
      return photoView(photo);
    });
  }

  /** The photo's bytes, to callers who can see the case. */
  download(ctx: PluginRequestContext, caseId: string, photoId: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const c = await visibleCase(this.tongxin, tx, await callerOf(this.tongxin, tx, ctx), caseId);
      const photo = await tx.repository(GridCasePhoto).findById(photoId);
      if (!photo || photo.caseId !== c.id) throw new NotFoundError('grid_case_photos');
      const file = await this.tongxin.files.get(ctx.tenantId, photo.storageKey);
      if (!file) throw new NotFoundError('grid_case_photos');
      return file;
    });
  }
}
