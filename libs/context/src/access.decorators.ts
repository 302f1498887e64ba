import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiParam, ApiResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '@tongxin/http';

export const PERMISSION_KEY = Symbol('tongxin:permission');
/** Further permissions any one of which also opens the route (`RequirePermission(a, b, …)`). */
export const PERMISSION_ALTERNATIVES_KEY = Symbol('tongxin:permission-alternatives');
export const PUBLIC_KEY = Symbol('tongxin:public');
export const OPERATOR_KEY = Symbol('tongxin:platform-operator');
export const AUTHENTICATED_KEY = Symbol('tongxin:authenticated');
/** Set by the plugin host on every controller of a plugin: the plugin's id. */
export const PLUGIN_ROUTE_KEY = 'tongxin:plugin-route';
/**
 * Set by the plugin host on a plugin's public controllers (the plugin's id): mounted under
 * `/api/v1/public/:tenant/plugins/<id>/`, answered without a token for the tenant in the path.
 */
export const PLUGIN_PUBLIC_ROUTE_KEY = 'tongxin:plugin-public-route';

const errorResponses = (...statuses: number[]) =>
  statuses.map((status) => ApiResponse({ status, type: ApiErrorDto, description: 'Error' }));

/**
 * Every tenant route declares the permission it needs (`subject.action`, e.g. `org.read`), or
 * several when holding any one of them will do (a case is read by its area's staff with
 * `case.read` and by the department it was dispatched to with `case.handle`). The access guard
 * refuses callers whose roles grant none of them anywhere; services then narrow to scope.
 */
export const RequirePermission = (permission: string, ...alternatives: string[]) =>
  applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    SetMetadata(PERMISSION_ALTERNATIVES_KEY, alternatives),
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

/**
 * Put by the plugin host (never by plugins) on each of a plugin's public controllers: tags them as
 * the plugin's and as public, and documents the `:tenant` path parameter and the host's 404s.
 */
export const PluginPublicRoutes = (pluginId: string) =>
  applyDecorators(
    SetMetadata(PLUGIN_ROUTE_KEY, pluginId),
    SetMetadata(PLUGIN_PUBLIC_ROUTE_KEY, pluginId),
    ApiParam({ name: 'tenant', description: 'The tenant (district) code', example: 'demo' }),
    ApiExtraModels(ApiErrorDto),
    ...errorResponses(400, 404),
  );

/** The caller's RequestContext (an AnonymousContext on a plugin's public routes), set by the access guard. */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext) => host.switchToHttp().getRequest().ctx);
