import type { Type } from '@nestjs/common';
import type { EventDeclaration, EventSubscription } from './manifest';
import type { EventContext } from './runtime';

/**
 * One event, named once (SDK 1.5): the publisher lists it in `events.publishes` and passes it to
 * `tx.events.publish(token, payload)`; a subscriber hands it to `on(token, handler)`. Both sides
 * check the payload against its class: the publisher before writing it, the host again before the
 * handler runs.
 */
export interface EventToken<P extends object> extends EventDeclaration {
  /** The full name subscribers and the outbox see: `<pluginId>.<name>` (`grid.case-reported`). */
  readonly event: string;
  /** The publishing plugin's id. */
  readonly pluginId: string;
  /** The event's name inside its plugin (`case-reported`). */
  readonly name: string;
  readonly version: number;
  readonly payload: Type<P>;
  readonly description?: string;
}

/**
 * Declares an event by its full name `<pluginId>.<name>`, schema version and class-validator
 * payload class: `export const CaseReported = defineEvent('grid.case-reported', 1, CaseReportedV1)`.
 * A subscriber in another plugin may declare its own token for the same name and version, with a
 * class holding just the fields it reads: it is the subscriber's contract that is checked on delivery.
 */
export function defineEvent<P extends object>(
  fullName: string,
  version: number,
  payload: Type<P>,
  description?: string,
): EventToken<P> {
  const dot = fullName.indexOf('.');
  if (dot < 1) throw new Error(`defineEvent("${fullName}"): the name is "<pluginId>.<event>"`);
  return {
    event: fullName,
    pluginId: fullName.slice(0, dot),
    name: fullName.slice(dot + 1),
    version,
    payload,
    ...(description === undefined ? {} : { description }),
  };
}

/** Options of a typed subscription. */
export interface SubscriptionOptions {
  /**
   * The publishing plugin need not be installed: the subscription then never fires. Without it, a
   * subscription to an event no installed plugin declares quarantines the subscriber. Either way,
   * a publisher that is installed must declare the event and version.
   */
  optional?: boolean;
}

/**
 * A typed subscription (SDK 1.5): `subscribes: [on(CaseReported, async ({ tx, payload }) => …)]`.
 * The handler gets the payload as an instance of the token's class, validated on delivery; a payload
 * that fails validation fails the delivery (retried, then failed for operators to see) and the
 * handler does not run.
 */
export function on<P extends object>(
  token: EventToken<P>,
  handle: (ctx: EventContext<P>) => Promise<void>,
  options: SubscriptionOptions = {},
): EventSubscription<never> {
  const subscription: EventSubscription<P> = {
    event: token.event,
    version: token.version,
    payload: token.payload,
    handle,
    ...(options.optional ? { optional: true } : {}),
  };
  return subscription;
}

/** Is this value a token of `defineEvent` (as opposed to an event's name)? */
export function isEventToken(value: unknown): value is EventToken<object> {
  return typeof value === 'object' && value !== null && typeof (value as { event?: unknown }).event === 'string';
}
