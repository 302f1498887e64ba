import { SetMetadata } from '@nestjs/common';

export const RESPONDS_WITH_SECRET_KEY = Symbol('tongxin:responds-with-secret');

/**
 * Declares that a route's successful answer carries a secret shown only once (an issued api_key,
 * a token pair, a generated password). A write sent with `Idempotency-Key` still runs once, but
 * its answer is not kept for replay: the record keeps only that it succeeded, and a retry with the
 * same key is refused with 409 `IDEMPOTENCY_RESPONSE_WITHHELD` instead of being run again or being
 * answered from a table that would otherwise hold the secret in clear.
 *
 * Answers of unmarked routes are checked too: one with a field named like a secret (`…Token`,
 * `…Secret`, `…Password`, `apiKey`, `api_key`) is withheld the same way and logged as a route to mark.
 */
export const RespondsWithSecret = () => SetMetadata(RESPONDS_WITH_SECRET_KEY, true);
