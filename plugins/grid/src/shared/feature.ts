import type { IndicatorDeclaration, Names, PluginManifest } from '@tongxin/plugin-sdk';

/**
 * One capability of the plugin (grids, items, patrols, cases, calls, evaluations, Open311): its
 * tables, routes, services, error messages, notification texts and figures. The manifest in ../index.ts joins them,
 * so each folder stays self-contained.
 */
export interface GridFeature {
  entities?: Function[];
  controllers?: NonNullable<PluginManifest['controllers']>;
  publicControllers?: NonNullable<PluginManifest['controllers']>;
  providers?: NonNullable<PluginManifest['providers']>;
  errors?: PluginManifest['errors'];
  entityNames?: Record<string, Names>;
  /** Notification texts by kind, in both languages. */
  notifications?: PluginManifest['notifications'];
  indicators?: IndicatorDeclaration[];
  timers?: NonNullable<PluginManifest['timers']>;
}
