import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '@tongxin/http';

export const PERMISSION_KEY = Symbol('tongxin:permission');
export const PUBLIC_KEY = Symbol('tongxin:public');
export const OPERATOR_KEY = Symbol('tongxin:platform-operator');
export const AUTHENTICATED_KEY = Symbol('tongxin:authenticated');
/** Set by the plugin host on every controller of a plugin: the plugin's id. */
export const PLUGIN_ROUTE_KEY = 'tongxin:plugin-route';

const errorResponses = (...statuses: number[]) =>
  statuses.map((status) => ApiResponse({ status, type: ApiErrorDto, description: 'Error' }));

/**
 * Every tenant route declares the permission it needs (`subject.action`, e.g. `org.read`).
 * The access guard refuses callers whose roles grant it nowhere; services then narrow to scope.
 */
export const RequirePermission = (permission: string) =>
  applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    ApiBearerAuth(),
    ApiExtraModels(ApiErrorDto),
    ...errorResponses(400, 401, 403, 404),
  );

/** Open to anyone (login, health). Declared explicitly so a forgotten guard is a failing test, not an open door. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ...errorResponses(400));

/** Any signed-in tenant user, acting on their own account (logout, change password, who am I). */
export const Authenticated = () =>
  applyDecorators(SetMetadata(AUTHENTICATED_KEY, true), ApiBearerAuth(), ...errorResponses(400, 401));

/** Platform operators only (tenant provisioning); tenant tokens are refused. */
export const PlatformOperatorOnly = () =>
  applyDecorators(SetMetadata(OPERATOR_KEY, true), ApiBearerAuth(), ...errorResponses(400, 401, 403, 404));

/** The caller's RequestContext, set by the access guard. */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext) => host.switchToHttp().getRequest().ctx);
