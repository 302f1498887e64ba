import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@tongxin/context';
import type {
  Names,
  ReceivedReferral,
  ReferralKindDeclaration,
  ReferralStatus,
  ReferralView,
} from '@tongxin/plugin-sdk';

/** A referral kind a loaded plugin receives. */
export interface ReferralKind {
  /** `<pluginId>.<key>`. */
  kind: string;
  pluginId: string;
  pluginNames: Names;
  declaration: ReferralKindDeclaration<never>;
}

/**
 * What the referral service needs from the plugin host: the kinds loaded plugins declare, and the
 * plugins' own code run in the caller's transaction. Implemented by the plugin host (which knows
 * the manifests and binds plugin transactions), so this library does not depend on it.
 */
export abstract class ReferralDirectory {
  /** The kind, when an installed plugin declares it. */
  abstract kind(kind: string): ReferralKind | null;
  abstract kinds(): ReferralKind[];
  /** Does the district have the plugin enabled? */
  abstract isEnabled(em: EntityManager, pluginId: string): Promise<boolean>;
  /** The target's `accept`, for the receiver who accepts. */
  abstract accept(
    em: EntityManager,
    ctx: RequestContext,
    kind: ReferralKind,
    referral: ReceivedReferral,
  ): Promise<{ recordId: string; ref?: string | null }>;
  /** Tells the receivers a referral arrived (notifications in their language), then the kind's `received`. */
  abstract received(em: EntityManager, tenantId: string, kind: ReferralKind, referral: ReceivedReferral): Promise<void>;
  /** The origin plugin's `referrals.onUpdate`, when it has one. */
  abstract updated(
    em: EntityManager,
    tenantId: string,
    pluginId: string,
    change: Exclude<ReferralStatus, 'pending'>,
    referral: ReferralView,
  ): Promise<void>;
}
