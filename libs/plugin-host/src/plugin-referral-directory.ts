import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@tongxin/context';
import { NotificationService } from '@tongxin/notifications';
import { pluginPermission, type ReceivedReferral, type ReferralStatus, type ReferralView } from '@tongxin/plugin-sdk';
import { ReferralDirectory, type ReferralKind } from '@tongxin/referrals';
import { PluginCatalog } from './catalog';
import { PluginRuntime } from './plugin-runtime';
import { isEnabledInTenant } from './plugin-task-runner';
import { actorOf } from './plugin-tx';

/** The referral kinds of the installed plugins' manifests, and their hooks run in plugin transactions. */
@Injectable()
export class PluginReferralDirectory extends ReferralDirectory {
  private byKind: Map<string, ReferralKind> | undefined;

  constructor(
    private readonly catalog: PluginCatalog,
    private readonly runtime: PluginRuntime,
    private readonly notifications: NotificationService,
  ) {
    super();
  }

  private index(): Map<string, ReferralKind> {
    this.byKind ??= new Map(
      this.catalog.installed().flatMap((m) =>
        (m.referrals?.accepts ?? []).map((declaration): [string, ReferralKind] => {
          const kind = `${m.id}.${declaration.key}`;
          return [kind, { kind, pluginId: m.id, pluginNames: m.names, declaration }];
        }),
      ),
    );
    return this.byKind;
  }

  kind(kind: string): ReferralKind | null {
    return this.index().get(kind) ?? null;
  }

  kinds(): ReferralKind[] {
    return [...this.index().values()];
  }

  isEnabled(em: EntityManager, pluginId: string): Promise<boolean> {
    return isEnabledInTenant(em, this.catalog, pluginId);
  }

  accept(em: EntityManager, ctx: RequestContext, kind: ReferralKind, referral: ReceivedReferral) {
    const tx = this.runtime.bind(em, ctx.tenantId, this.manifest(kind.pluginId), actorOf(ctx));
    return kind.declaration.accept({
      tx,
      caller: ctx,
      referral: referral as ReceivedReferral<never>,
      get: (type) => this.runtime.get(type),
    });
  }

  /** The receivers: active staff holding the kind's permission at the target unit, or working for the target body. */
  async received(em: EntityManager, tenantId: string, kind: ReferralKind, referral: ReceivedReferral): Promise<void> {
    const tx = this.runtime.bind(em, tenantId, this.manifest(kind.pluginId), { userId: null, requestId: null });
    const permission = pluginPermission(kind.pluginId, kind.declaration.permission);
    const receivers = await tx.users.list({
      permission,
      status: 'active',
      limit: 1000,
      ...(referral.target.unitId
        ? { unitId: referral.target.unitId }
        : { partnerBodyId: referral.target.partnerBodyId! }),
    });
    const ref = referral.source.ref ?? referral.source.recordId;
    for (const lang of ['zh-CN', 'en'] as const) {
      const userIds = receivers.filter((u) => u.preferredLanguage === lang).map((u) => u.id);
      const kindName = kind.declaration.names[lang];
      await this.notifications.send(em, tenantId, kind.pluginId, {
        userIds,
        kind: 'referral.received',
        title: lang === 'en' ? `New referral: ${kindName} (${ref})` : `新的移交：${kindName}（${ref}）`,
        body: referral.reason,
        data: { referralId: referral.id, kind: referral.kind },
        dedupeKey: `referral.received:${referral.id}`,
      });
    }
    await kind.declaration.received?.({
      tx,
      referral: referral as ReceivedReferral<never>,
      get: (type) => this.runtime.get(type),
    });
  }

  async updated(
    em: EntityManager,
    tenantId: string,
    pluginId: string,
    change: Exclude<ReferralStatus, 'pending'>,
    referral: ReferralView,
  ): Promise<void> {
    const manifest = this.catalog.manifest(pluginId);
    const onUpdate = manifest?.referrals?.onUpdate;
    if (!manifest || !onUpdate) return;
    const tx = this.runtime.bind(em, tenantId, manifest, { userId: null, requestId: null });
    await onUpdate({ tx, change, referral, get: (type) => this.runtime.get(type) });
  }

  private manifest(pluginId: string) {
    const manifest = this.catalog.manifest(pluginId);
    if (!manifest) throw new Error(`plugin ${pluginId} is not installed`);
    return manifest;
  }
}
