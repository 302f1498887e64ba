import { createHash, randomBytes } from 'node:crypto';
import {
  Injectable,
  NotFoundError,
  Tongxin,
  type PluginRequestContext,
  type PluginTx,
  cursorPage,
} from '@tongxin/plugin-sdk';
import { OPEN311_MANAGE } from '../constants';
import { assertDistrictWide } from '../shared/scope';
import type { IssuedKeyView, IssueKeyDto, KeyView, ListKeysQueryDto } from './keys.dto';
import { GridOpen311Key } from './open311-key.entity';
import { open311Errors } from './georeport-errors';

const PREFIX_LENGTH = 8;

async function keyViews(tx: PluginTx, keys: GridOpen311Key[]): Promise<KeyView[]> {
  const unitIds = [...new Set(keys.map((k) => k.unitId))];
  const names = (await tx.names({ units: unitIds })).units;
  return keys.map((k) => ({
    id: k.id,
    clientName: k.clientName,
    keyPrefix: k.keyPrefix,
    unitId: k.unitId,
    unitName: names.get(k.unitId) ?? '',
    issuedBy: k.issuedBy,
    issuedAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
  }));
}

/**
 * Open311 api_keys, issued and revoked by the district administrator (open311.manage over the
 * whole district). The key is 32 random bytes shown once; only its SHA-256 is stored, so a leaked
 * database does not leak working keys.
 */
@Injectable()
export class Open311KeysService {
  constructor(private readonly tongxin: Tongxin) {}

  issue(ctx: PluginRequestContext, dto: IssueKeyDto): Promise<IssuedKeyView> {
    return this.tongxin.transaction(ctx, async (tx) => {
      const root = await assertDistrictWide(this.tongxin, tx, ctx, OPEN311_MANAGE);
      const unit = dto.unitId ? await tx.hierarchy.unit(dto.unitId) : root;
      if (!unit) throw new NotFoundError('org_unit');
      const apiKey = randomBytes(32).toString('base64url');
      const key = await tx.repository(GridOpen311Key).insert(
        {
          clientName: dto.clientName.trim(),
          keyHash: createHash('sha256').update(apiKey).digest('hex'),
          keyPrefix: apiKey.slice(0, PREFIX_LENGTH),
          unitId: unit.id,
          issuedBy: ctx.userId,
          revokedAt: null,
        },
        { unitId: unit.id },
      );
      const [view] = await keyViews(tx, [key]);
      await tx.audit('open311-key.issue', 'grid_open311_key', key.id, null, {
        clientName: key.clientName,
        keyPrefix: key.keyPrefix,
        unitId: unit.id,
      });
      return { ...view!, apiKey };
    });
  }

  /** Keys over units in the caller's scope, newest first. */
  list(ctx: PluginRequestContext, query: ListKeysQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const scope = this.tongxin.scopeCondition(ctx, OPEN311_MANAGE, 'k');
      const qb = tx.repository(GridOpen311Key).queryBuilder('k').where(scope.sql, scope.params);
      const page = await cursorPage(qb, 'k', query);
      return { items: await keyViews(tx, page.items), nextCursor: page.nextCursor };
    });
  }

  /** From now on the key files nothing (403); what it filed stays. */
  revoke(ctx: PluginRequestContext, id: string): Promise<KeyView> {
    return this.tongxin.transaction(ctx, async (tx) => {
      await assertDistrictWide(this.tongxin, tx, ctx, OPEN311_MANAGE);
      const key = await tx.repository(GridOpen311Key).findById(id);
      if (!key) throw new NotFoundError('grid_open311_keys');
      if (key.revokedAt) throw open311Errors.OPEN311_KEY_ALREADY_REVOKED({ revokedAt: key.revokedAt.toISOString() });
      await tx.repository(GridOpen311Key).update(key.id, { revokedAt: tx.now });
      await tx.audit('open311-key.revoke', 'grid_open311_key', key.id, { revokedAt: null }, { revokedAt: tx.now });
      const [view] = await keyViews(tx, [{ ...key, revokedAt: tx.now }]);
      return view!;
    });
  }
}
