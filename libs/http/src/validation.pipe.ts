import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { ValidationFailed } from './error.filter';

/** No DTO nests anywhere near this deep; class-transformer recurses and overflows the stack at ~2,000 levels. */
export const MAX_INPUT_DEPTH = 32;

/** True when arrays/objects nest deeper than `limit`, checked without recursion. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** whitelist + forbidNonWhitelisted + transform, with errors the filter localises. */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only what the client sent (never custom decorators' values, such as the request context).
    if (metadata.type !== 'custom' && nestsDeeperThan(value, MAX_INPUT_DEPTH)) {
      const error: ValidationError = {
        property: metadata.data ?? metadata.type,
        constraints: {
          maxDepth: `${metadata.data ?? metadata.type} must not nest deeper than ${MAX_INPUT_DEPTH} levels`,
        },
        contexts: { maxDepth: { args: [MAX_INPUT_DEPTH] } },
        children: [],
      };
      throw new ValidationFailed([error]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The target (the object that failed) lets the filter find each constraint's limits and tell a
    // missing field from a wrong one; it is never sent back.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new ValidationFailed(errors),
  });
}
