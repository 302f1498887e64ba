import {
  FileDownload,
  Injectable,
  NotFoundError,
  PluginError,
  Tongxin,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { CASE_REPORT } from '../constants';
import type { GridSettings } from '../settings';
import { callerOf, isHandler, visibleCase } from './case-access';
import { CASE_WORKFLOW } from './case-workflow';
import { GridCasePhoto } from './case-photo.entity';
import { photoView } from './case-views';
import type { UploadPhotoDto } from './cases.dto';
import { assertRoomForPhotos, checkedPhoto, storePhoto, withStoredFilesCleanup } from './case-photos';

/**
 * Case photos through the storage port (local disk, or S3-compatible storage when configured):
 * whoever may report at the case's place adds what they saw; the handler adds what was done.
 */
@Injectable()
export class PhotosService {
  constructor(private readonly tongxin: Tongxin) {}

  upload(ctx: PluginRequestContext, caseId: string, dto: UploadPhotoDto) {
    return withStoredFilesCleanup(this.tongxin, ctx.tenantId, (stored) =>
      this.tongxin.transaction(ctx, async (tx) => {
        const caller = await callerOf(this.tongxin, tx, ctx);
        const c = await visibleCase(this.tongxin, tx, caller, caseId, true);
        const handler = ['handling', 'resolved'].includes(c.state) && (await isHandler(this.tongxin, tx, caller, c));
        const stage = handler ? 'resolution' : 'report';
        if (!handler && (!this.tongxin.can(ctx, CASE_REPORT, c) || CASE_WORKFLOW.isFinal(c.state)))
          throw new PluginError('GRID_PHOTO_NOT_ALLOWED', 403, { number: c.number });

        const settings = await tx.settings<GridSettings>();
        const photo = checkedPhoto({ body: Buffer.from(dto.data, 'base64'), declaredType: dto.contentType }, settings);
        await assertRoomForPhotos(tx, c, 1, settings);
        const row = await storePhoto(
          this.tongxin,
          tx,
          c,
          photo,
          { stage, uploadedBy: ctx.userId, published: false },
          stored,
        );
        return photoView(row);
      }),
    );
  }

  /** The photo's bytes, to callers who can see the case. */
  download(ctx: PluginRequestContext, caseId: string, photoId: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const c = await visibleCase(this.tongxin, tx, await callerOf(this.tongxin, tx, ctx), caseId);
      const photo = await tx.repository(GridCasePhoto).findById(photoId);
      if (!photo || photo.caseId !== c.id) throw new NotFoundError('grid_case_photos');
      const file = await this.tongxin.files.get(ctx.tenantId, photo.storageKey);
      if (!file) throw new NotFoundError('grid_case_photos');
      return new FileDownload(file.body, photo.contentType, { filename: photoFilename(c.number, photo) });
    });
  }
}

/** `20261122-0007-<photo id>.jpg`: what a downloaded photo is saved as. */
export function photoFilename(number: string, photo: { id: string; contentType: string }): string {
  return `${number}-${photo.id}.${photo.contentType.slice('image/'.length).replace('jpeg', 'jpg')}`;
}
