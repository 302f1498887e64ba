import { ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from './error.filter';

/** whitelist + forbidNonWhitelisted + transform, with errors the filter localises. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(errors),
  });
}
