import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { DomainError, ValidationFailed } from '@tongxin/http';
import type { PluginManifest } from '@tongxin/plugin-sdk';
import { TenantPlugin } from '@tongxin/tenancy';

/** The settings class's defaults: its property initialisers. */
export function defaultSettings(manifest: PluginManifest): Record<string, unknown> {
  return manifest.settings ? { ...(new manifest.settings() as Record<string, unknown>) } : {};
}

/**
 * A tenant's settings for a plugin: the changed keys are stored, defaults fill the rest. Changes
 * are validated against the plugin's settings class as a whole; unknown keys are refused.
 */
@Injectable()
export class SettingsStore {
  async effective(em: EntityManager, manifest: PluginManifest): Promise<Record<string, unknown>> {
    const row = await em.findOneBy(TenantPlugin, { pluginId: manifest.id });
    return { ...defaultSettings(manifest), ...(row?.settings ?? {}) };
  }

  /** Validates `changes` merged over the current settings; returns what to store. */
  validate(
    manifest: PluginManifest,
    stored: Record<string, unknown>,
    changes: Record<string, unknown>,
  ): Record<string, unknown> {
    const defaults = defaultSettings(manifest);
    // Own keys only: `toString` or `__proto__` are not settings just because every object inherits them.
    const unknown = Object.keys(changes).find((k) => !Object.hasOwn(defaults, k));
    if (unknown !== undefined) throw new DomainError('UNKNOWN_SETTING', 400, { setting: unknown });
    const merged = { ...stored, ...changes };
    // No settings class: nothing can have been changed (every key was refused above).
    if (!manifest.settings) return merged;
    const instance = plainToInstance(manifest.settings, { ...defaults, ...merged });
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
    // The same localised field errors as a request body that fails validation.
    if (errors.length) throw new ValidationFailed(errors);
    return merged;
  }
}
