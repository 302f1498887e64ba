import { Injectable } from '@nestjs/common';
import { canOn } from '@tongxin/access';
import type { RequestContext } from '@tongxin/context';
import { SCOPE_SQL_COLUMNS, scopeColumnOfLevel, TenantTransaction } from '@tongxin/database';
import { DomainError, notFound } from '@tongxin/http';
import {
  figureOfRow,
  indicatorStatementByUnit,
  usesTimeZone,
  pluginPermission,
  runIndicatorStatement,
  type IndicatorDeclaration,
  type IndicatorFigure,
  type IndicatorScopeColumn,
  type OrgUnitView,
  type PluginManifest,
  type PluginTx,
} from '@tongxin/plugin-sdk';
import { PluginCatalog } from './catalog';
import type { IndicatorChildrenDto, IndicatorDefinitionDto, IndicatorQueryDto, IndicatorValueDto } from './plugin.dto';
import { PluginRuntime } from './plugin-runtime';
import { actorOf } from './plugin-tx';

const MAX_PERIOD_MS = 366 * 24 * 3600 * 1000;

interface Resolved {
  manifest: PluginManifest;
  indicator: IndicatorDeclaration;
  key: string;
  permission: string;
  from: Date;
  to: Date;
}

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

  /** One unit's figure, the indicator named by its full key (`grid.cases-received`), as the list gives it. */
  computeByKey(ctx: RequestContext, fullKey: string, query: IndicatorQueryDto): Promise<IndicatorValueDto> {
    const [pluginId, key] = splitKey(fullKey);
    return this.compute(ctx, pluginId, key, query);
  }

  async compute(
    ctx: RequestContext,
    pluginId: string,
    key: string,
    query: IndicatorQueryDto,
  ): Promise<IndicatorValueDto> {
    const r = this.resolve(ctx, pluginId, key, query);
    const figure = await this.tx.run(ctx.tenantId, async (em) => {
      const tx = this.runtime.bind(em, ctx.tenantId, r.manifest, actorOf(ctx));
      const unit = await tx.hierarchy.unit(query.unitId);
      // Out of scope answers like a unit that does not exist.
      if (!unit || !canOn(ctx.ability, r.permission, unit)) throw notFound('org_unit');
      return this.figureOf(tx, r, unit);
    });
    return {
      key: r.key,
      unitId: query.unitId,
      from: r.from.toISOString(),
      to: r.to.toISOString(),
      ...figure,
      unit: r.indicator.unit,
    };
  }

  /**
   * The figure for each child of the unit the caller may see, in one statement when the indicator
   * is written as one (`statement`). A caller holding the permission over only some children (a
   * street's staff asking for the district's streets) gets those; a unit with none of its own or
   * its children's figures visible answers 404, as `compute` does.
   */
  async children(ctx: RequestContext, fullKey: string, query: IndicatorQueryDto): Promise<IndicatorChildrenDto> {
    const [pluginId, key] = splitKey(fullKey);
    const r = this.resolve(ctx, pluginId, key, query);
    const items = await this.tx.run(ctx.tenantId, async (em) => {
      const tx = this.runtime.bind(em, ctx.tenantId, r.manifest, actorOf(ctx));
      const unit = await tx.hierarchy.unit(query.unitId);
      if (!unit) throw notFound('org_unit');
      const visible = (await tx.hierarchy.children(unit.id)).filter((c) => canOn(ctx.ability, r.permission, c));
      if (!visible.length && !canOn(ctx.ability, r.permission, unit)) throw notFound('org_unit');
      const figures = await this.figuresOf(tx, r, visible);
      return visible.map((c) => ({
        unit: { id: c.id, name: c.name, level: c.level },
        ...(figures.get(c.id) ?? { value: null }),
      }));
    });
    return { key: r.key, from: r.from.toISOString(), to: r.to.toISOString(), unit: r.indicator.unit, items };
  }

  private resolve(ctx: RequestContext, pluginId: string, key: string, query: IndicatorQueryDto): Resolved {
    const manifest = this.catalog.manifest(pluginId);
    const indicator = manifest?.indicators?.find((i) => i.key === key);
    if (!manifest || !indicator) throw new DomainError('UNKNOWN_INDICATOR', 404, { indicator: `${pluginId}.${key}` });
    if (!ctx.enabledPlugins.includes(pluginId)) throw new DomainError('PLUGIN_DISABLED', 404, { plugin: pluginId });
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!(from < to) || to.getTime() - from.getTime() > MAX_PERIOD_MS) throw new DomainError('INVALID_PERIOD', 400);
    const permission = pluginPermission(pluginId, indicator.permission);
    return { manifest, indicator, key: `${pluginId}.${key}`, permission, from, to };
  }

  private async figureOf(tx: PluginTx, r: Resolved, unit: OrgUnitView): Promise<IndicatorFigure> {
    const scopeColumn = columnOf(unit.level);
    if (r.indicator.statement) return runIndicatorStatement(tx, r.indicator.statement({ scopeColumn }), unit, r);
    const get = <T>(type: new (...args: never[]) => T) => this.runtime.get(type);
    return { value: await r.indicator.compute({ tx, unit, scopeColumn, from: r.from, to: r.to, get }) };
  }

  /** Units of one level in one statement; an indicator without a statement, one `compute` per unit. */
  private async figuresOf(tx: PluginTx, r: Resolved, units: OrgUnitView[]): Promise<Map<string, IndicatorFigure>> {
    const out = new Map<string, IndicatorFigure>();
    const statement = r.indicator.statement;
    const levels = new Set(units.map((u) => u.level));
    if (statement && levels.size === 1) {
      const scopeColumn = columnOf(units[0]!.level);
      const sql = statement({ scopeColumn });
      const timeZone = usesTimeZone(sql) ? await tx.clock.timeZone() : undefined;
      const { text, params } = indicatorStatementByUnit(
        sql,
        units.map((u) => u.id),
        { from: r.from, to: r.to, now: tx.now, timeZone },
      );
      for (const row of await tx.query<Record<string, unknown> & { unit_id: string }>(text, params)) {
        const { unit_id: id, ...figure } = row;
        out.set(id, figureOfRow(figure));
      }
      return out;
    }
    for (const unit of units) out.set(unit.id, await this.figureOf(tx, r, unit));
    return out;
  }
}

/** `grid.cases-received` → [`grid`, `cases-received`]: plugin ids hold no dot. */
function splitKey(fullKey: string): [string, string] {
  const dot = fullKey.indexOf('.');
  if (dot <= 0) throw new DomainError('UNKNOWN_INDICATOR', 404, { indicator: fullKey });
  return [fullKey.slice(0, dot), fullKey.slice(dot + 1)];
}

function columnOf(level: number): IndicatorScopeColumn {
  return SCOPE_SQL_COLUMNS[scopeColumnOfLevel(level)] as IndicatorScopeColumn;
}
