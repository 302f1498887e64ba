import { Injectable } from '@nestjs/common';
import { canOn } from '@tongxin/access';
import type { RequestContext } from '@tongxin/context';
import { SCOPE_SQL_COLUMNS, scopeColumnOfLevel, TenantTransaction } from '@tongxin/database';
import { DomainError, notFound } from '@tongxin/http';
import { pluginPermission } from '@tongxin/plugin-sdk';
import { PluginCatalog } from './catalog';
import type { IndicatorDefinitionDto, IndicatorQueryDto, IndicatorValueDto } from './plugin.dto';
import { PluginRuntime } from './plugin-runtime';
import { actorOf } from './plugin-tx';

const MAX_PERIOD_MS = 366 * 24 * 3600 * 1000;

/** Named figures plugins compute per org unit (any subtree) and period. */
@Injectable()
export class IndicatorService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly catalog: PluginCatalog,
    private readonly runtime: PluginRuntime,
  ) {}

  /** Indicators of the tenant's enabled plugins. */
  list(ctx: RequestContext): IndicatorDefinitionDto[] {
    return this.catalog
      .installed()
      .filter((m) => ctx.enabledPlugins.includes(m.id))
      .flatMap((m) =>
        (m.indicators ?? []).map((i) => ({
          key: `${m.id}.${i.key}`,
          pluginId: m.id,
          name: i.names[ctx.lang],
          unit: i.unit,
          permission: pluginPermission(m.id, i.permission),
        })),
      );
  }

  async compute(
    ctx: RequestContext,
    pluginId: string,
    key: string,
    query: IndicatorQueryDto,
  ): Promise<IndicatorValueDto> {
    const manifest = this.catalog.manifest(pluginId);
    const indicator = manifest?.indicators?.find((i) => i.key === key);
    if (!manifest || !indicator) throw new DomainError('UNKNOWN_INDICATOR', 404, { indicator: `${pluginId}.${key}` });
    if (!ctx.enabledPlugins.includes(pluginId)) throw new DomainError('PLUGIN_DISABLED', 404, { plugin: pluginId });
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!(from < to) || to.getTime() - from.getTime() > MAX_PERIOD_MS) throw new DomainError('INVALID_PERIOD', 400);
    const value = await this.tx.run(ctx.tenantId, async (em) => {
      const tx = this.runtime.bind(em, ctx.tenantId, manifest, actorOf(ctx));
      const unit = await tx.hierarchy.unit(query.unitId);
      // Out of scope answers like a unit that does not exist.
      if (!unit || !canOn(ctx.ability, pluginPermission(pluginId, indicator.permission), unit))
        throw notFound('org_unit');
      const scopeColumn = SCOPE_SQL_COLUMNS[scopeColumnOfLevel(unit.level)] as 'district_id';
      return indicator.compute({ tx, unit, scopeColumn, from, to, get: (type) => this.runtime.get(type) });
    });
    return {
      key: `${pluginId}.${key}`,
      unitId: query.unitId,
      from: from.toISOString(),
      to: to.toISOString(),
      value,
      unit: indicator.unit,
    };
  }
}
